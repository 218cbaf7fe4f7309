"""The privacy policy: who may read each personal field. The one place it is written.

`PERSONAL_FIELDS` is the policy table. The schema declares each personal field with
`personal_field(...)` (schema/personal.py), which takes its description and its permission
check from here; the tests walk every role against this same table, and docs/privacy.md is
generated from it. Personal data is readable by:

- SELF: the person themself (an account acting for that participant, or the account itself);
- STAFF: federation admins and supervisors;
- COUNTERPARTY: the other party of an ACCEPTED engagement (对接) or volunteer application,
  while it stays accepted (once completed, declined or cancelled, the access ends);
- HOME_MANAGER: for an appeal, the manager of the home it was addressed to;
- PARTY: for an engagement, the two sides (accounts acting for its requester or its provider);
  for a rating, the same two: its rater and its ratee;
- ORGANIZER: for a volunteer application, the provider of the position applied to.

Free text that people write to or about each other (an engagement's note, a rating's comment,
an application's motivation) may name people and give their numbers, so it is personal data
too; `FREE_TEXTS` below records, for every other free text of the graph, why it is not.

A complainant's contact details are for STAFF alone (not the complainant's account, not the
participant complained about).

Everyone else gets null and a FORBIDDEN error at that path. Personal columns are never
searched or sorted on (tests check the search and order lists against `personal_columns`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from auth.viewer import Viewer
from domain.enums import ParticipantKind, ParticipantRef


class Audience(StrEnum):
    SELF = "SELF"
    STAFF = "STAFF"
    COUNTERPARTY = "COUNTERPARTY"
    HOME_MANAGER = "HOME_MANAGER"
    PARTY = "PARTY"
    ORGANIZER = "ORGANIZER"


AUDIENCE_TEXT = {
    Audience.SELF: "the person themself",
    Audience.STAFF: "federation staff (ADMIN, SUPERVISOR)",
    Audience.COUNTERPARTY: "the other party of an accepted engagement or volunteer application while "
    "it is active",
    Audience.HOME_MANAGER: "the manager of the home it was addressed to",
    Audience.PARTY: "the engagement's two sides (its requester and its provider; of a rating, its rater "
    "and its ratee)",
    Audience.ORGANIZER: "the provider of the volunteer position applied to (its organizer)",
}


@dataclass(frozen=True)
class Subject:
    """Whose data a field holds, as the policy needs it."""

    account_id: int | None = None  # SELF when the viewer is this account
    participant: ParticipantRef | None = None  # SELF when the viewer acts for it
    party: ParticipantRef | None = None  # whose counterparties may see it
    home_id: int | None = None  # HOME_MANAGER when the viewer acts for this home
    engagement: tuple[int, int] | None = None  # (demand id, resource id): whose sides are PARTY
    parties: tuple[ParticipantRef, ...] = ()  # the engagement's sides, once looked up
    position: int | None = None  # a volunteer position's resource id: whose provider is ORGANIZER
    organizer: ParticipantRef | None = None  # that provider, once looked up


def _participant(kind: str) -> Callable[[Any], Subject]:
    def subject(source: Any) -> Subject:
        ref = (kind, source.pk)
        return Subject(participant=ref, party=ref)

    return subject


def _account(source: Any) -> Subject:
    party = (source.participant_kind, source.participant_id) if source.participant_kind else None
    return Subject(account_id=source.pk, party=party)


def _home_manager(source: Any) -> Subject:
    home = (ParticipantKind.HOME.value, source.pk)
    return Subject(account_id=source.manager_account_id, participant=home, party=home)


def _appeal(source: Any) -> Subject:
    return Subject(home_id=source.home_id)


def _engagement(source: Any) -> Subject:
    return Subject(engagement=(source.demand_id, source.resource_id))


def _rating(source: Any) -> Subject:
    # Its rater and ratee are the engagement's two sides: no look-up needed.
    return Subject(parties=((source.rater_kind, source.rater_id), (source.ratee_kind, source.ratee_id)))


def _application(source: Any) -> Subject:
    volunteer = (ParticipantKind.VOLUNTEER.value, source.volunteer_id)
    return Subject(participant=volunteer, position=source.resource_id)


def _complaint(_source: Any) -> Subject:
    return Subject()  # a complainant's contact is for staff alone, not even for the one complained about


# How to find the subject of each type's personal fields, from the object being resolved.
SUBJECTS: Mapping[str, Callable[[Any], Subject]] = {
    "Volunteer": _participant(ParticipantKind.VOLUNTEER),
    "SocialWorker": _participant(ParticipantKind.SOCIAL_WORKER),
    "Organization": _participant(ParticipantKind.ORGANIZATION),
    "Account": _account,
    "Home": _home_manager,
    "Appeal": _appeal,
    "Complaint": _complaint,
    "Engagement": _engagement,
    "Rating": _rating,
    "VolunteerApplication": _application,
}


@dataclass(frozen=True)
class PersonalField:
    type_name: str
    field: str  # GraphQL field name
    columns: tuple[str, ...]  # where it is stored (in the type's table)
    audiences: frozenset[Audience]
    what: str

    @property
    def path(self) -> str:
        return f"{self.type_name}.{self.field}"

    def rule_text(self) -> str:
        readers = [AUDIENCE_TEXT[a] for a in Audience if a in self.audiences]
        who = readers[0] if len(readers) == 1 else ", ".join(readers[:-1]) + f" and {readers[-1]}"
        return f"Personal data: visible only to {who}."

    def description(self) -> str:
        return f"{self.what} {self.rule_text()} Others get null and a FORBIDDEN error."


CONTACT = frozenset({Audience.SELF, Audience.STAFF, Audience.COUNTERPARTY})
OWN = frozenset({Audience.SELF, Audience.STAFF})
SELF_ONLY = frozenset({Audience.SELF})
APPEAL_CONTACT = frozenset({Audience.HOME_MANAGER, Audience.STAFF})
STAFF_ONLY = frozenset({Audience.STAFF})
PARTIES = frozenset({Audience.PARTY, Audience.STAFF})
APPLICANT_AND_ORGANIZER = frozenset({Audience.SELF, Audience.ORGANIZER, Audience.STAFF})

PERSONAL_FIELDS: tuple[PersonalField, ...] = (
    PersonalField("Volunteer", "phone", ("phone",), CONTACT, "Her mobile phone number."),
    PersonalField("Volunteer", "email", ("email",), CONTACT, "Her e-mail address."),
    # An identity number identifies, it does not help to reach someone: not for counterparties.
    PersonalField("Volunteer", "idNumber", ("id_number",), OWN, "Her identity card number (身份证号)."),
    PersonalField("Volunteer", "location", ("lat", "lon"), CONTACT, "Where she lives, exactly (WGS-84)."),
    PersonalField("Volunteer", "realName", ("real_name",), OWN, "Her real name (真实姓名)."),
    PersonalField("SocialWorker", "phone", ("phone",), CONTACT, "Her phone number."),
    PersonalField("SocialWorker", "certificateNumber", ("certificate_number",), OWN,
                  "Her social-work certificate's number (职业资格证书编号), which staff verify."),
    PersonalField("SocialWorker", "verificationNote", ("verification_note",), OWN,
                  "Why staff refused to verify her, if they did."),
    PersonalField("SocialWorker", "email", ("email",), CONTACT, "Her e-mail address."),
    PersonalField("Organization", "contactName", ("contact_name",), CONTACT, "The contact person."),
    PersonalField("Organization", "contactPhone", ("contact_phone",), CONTACT, "The contact's phone."),
    PersonalField("Organization", "contactEmail", ("contact_email",), CONTACT, "The contact's e-mail."),
    PersonalField("Account", "username", ("username",), OWN, "The name the account signs in with."),
    PersonalField("Account", "phone", ("phone",), CONTACT, "The account holder's phone number."),
    PersonalField("Account", "email", ("email",), CONTACT, "The account holder's e-mail address."),
    PersonalField("Account", "personalData", (), SELF_ONLY, "Everything held about the account holder, as "
                  "one JSON document (PIPL right of access): her account, the person she acts for and what "
                  "that person did, the complaints she filed, the changes she made (docs/accounts.md)."),
    PersonalField("Home", "manager", ("manager_account_id",), CONTACT, "The home's manager (her account)."),
    PersonalField("Appeal", "contactName", ("contact_name",), APPEAL_CONTACT, "The resident's name."),
    PersonalField("Appeal", "contactPhone", ("contact_phone",), APPEAL_CONTACT, "The resident's phone."),
    PersonalField("Complaint", "contactName", ("contact_name",), STAFF_ONLY, "The complainant's name."),
    PersonalField("Complaint", "contactPhone", ("contact_phone",), STAFF_ONLY, "The complainant's phone."),
    PersonalField("Complaint", "contactEmail", ("contact_email",), STAFF_ONLY, "The complainant's e-mail."),
    PersonalField("Engagement", "note", ("note",), PARTIES, "What the parties wrote: the proposal's "
                  "message, then the reply and any cancellation reason, one per line (free text: it may "
                  "name people)."),
    PersonalField("Rating", "comment", ("comment",), PARTIES, "What the rater wrote about the other side "
                  "(free text: it may name people; the scores are public)."),
    PersonalField("VolunteerApplication", "motivation", ("motivation",), APPLICANT_AND_ORGANIZER,
                  "Why she applied, in her own words (free text: it may name people)."),
)  # fmt: skip
POLICY: Mapping[tuple[str, str], PersonalField] = {(f.type_name, f.field): f for f in PERSONAL_FIELDS}

# Every other free text of the graph (text a person writes, as opposed to names, codes and
# addresses of places), and why it is not personal: tests/auth/test_policy_sources.py fails on a
# free-text field of the schema that is in neither table.
PUBLIC_TEXT = "published on purpose, for everyone to read"
FREE_TEXTS: Mapping[str, str] = {
    "Demand.title": PUBLIC_TEXT,
    "Demand.description": PUBLIC_TEXT + " (to be matched); the requester is a home or an organization",
    "Resource.title": PUBLIC_TEXT,
    "Resource.description": PUBLIC_TEXT + " (to be matched); the provider presents its offer",
    "Event.title": PUBLIC_TEXT,
    "Event.description": PUBLIC_TEXT + " (to find participants)",
    "Organization.description": "the organization's public profile, written by its members",
    "SocialWorker.bio": "her public profile, written by herself to be found",
    "AdmissionStep.reason": "the federation's public record of its decisions about an organization "
    "(application, review, suspension, exit), written about the organization",
    "Appeal.topic": "a restricted record: only the resident holding its code, its home's manager and "
    "staff read it",
    "Appeal.content": "a restricted record (as Appeal.topic): the resident's own words, for those who "
    "answer her; her name and phone are personal fields",
    "AppealReply.body": "read with its appeal only (a restricted record)",
    "Complaint.description": "a restricted record: only its filer (by account or code) and staff read it",
    "Complaint.outcomeNote": "read with its complaint only (a restricted record), meant for the complainant",
    "ComplaintAction.reason": "staff alone read a complaint's actions",
    "Rating.hiddenReason": "set only on hidden ratings, which only their author and staff see",
    "MatchReason.detail": "written by the service from public figures (distance, scores)",
    "Opportunity.title": "the title of a published position or event",
    "UserError.message": "written by the service about the caller's own input",
}

TABLES = {
    "Volunteer": "volunteers",
    "SocialWorker": "social_workers",
    "Organization": "organizations",
    "Account": "accounts",
    "Home": "homes",
    "Appeal": "appeals",
    "Complaint": "complaints",
    "Engagement": "engagements",
    "Rating": "ratings",
    "VolunteerApplication": "volunteer_applications",
}


def personal_columns() -> dict[str, set[str]]:
    """Personal columns by table name: never searched, never sorted on."""
    columns: dict[str, set[str]] = {}
    for field in PERSONAL_FIELDS:
        columns.setdefault(TABLES[field.type_name], set()).update(field.columns)
    return columns


def needs_counterparties(rule: PersonalField, viewer: Viewer, subject: Subject) -> bool:
    """Whether deciding needs the viewer's counterparties (a database look-up)."""
    counterparty = Audience.COUNTERPARTY in rule.audiences
    return counterparty and viewer.participant is not None and subject.party is not None


def may_read(
    rule: PersonalField, viewer: Viewer, subject: Subject, counterparties: Collection[ParticipantRef] = ()
) -> bool:
    """The policy itself: may `viewer` read `rule`'s field of `subject`?

    `counterparties`: the participants the viewer's participant has an active accepted
    engagement or application with (only consulted for COUNTERPARTY fields).
    """
    audiences = rule.audiences
    if Audience.STAFF in audiences and viewer.is_staff:
        return True
    if Audience.SELF in audiences and (
        (subject.account_id is not None and viewer.account_id == subject.account_id)
        or (subject.participant is not None and viewer.participant == subject.participant)
    ):
        return True
    if (
        Audience.HOME_MANAGER in audiences
        and subject.home_id is not None
        and viewer.acts_for(ParticipantKind.HOME, subject.home_id)
    ):
        return True
    if Audience.PARTY in audiences and viewer.participant in subject.parties:
        return True
    if (
        Audience.ORGANIZER in audiences
        and subject.organizer is not None
        and viewer.participant == subject.organizer
    ):
        return True
    party = subject.party
    return Audience.COUNTERPARTY in audiences and party is not None and party in counterparties


async def may_read_field(rule: PersonalField, viewer: Viewer, source: Any, loaders: Any) -> bool:
    """`may_read` for a resolved object, looking the counterparties up only when needed."""
    subject = SUBJECTS[rule.type_name](source)
    if may_read(rule, viewer, subject):
        return True
    counterparties: Collection[ParticipantRef] = ()
    if needs_counterparties(rule, viewer, subject):
        counterparties = await loaders.counterparties_by_participant.load(viewer.participant)
    if Audience.PARTY in rule.audiences and viewer.participant is not None and subject.engagement:
        subject = replace(subject, parties=await _parties(subject.engagement, loaders))
    if Audience.ORGANIZER in rule.audiences and viewer.participant is not None and subject.position:
        position = await loaders.resource_by_id.load(subject.position)
        if position is not None:
            subject = replace(subject, organizer=(position.provider_kind, position.provider_id))
    return may_read(rule, viewer, subject, counterparties)


async def _parties(engagement: tuple[int, int], loaders: Any) -> tuple[ParticipantRef, ...]:
    """An engagement's requester and provider, from its demand and resource (the request's loaders)."""
    demand_id, resource_id = engagement
    demand = await loaders.demand_by_id.load(demand_id)
    resource = await loaders.resource_by_id.load(resource_id)
    parties: list[ParticipantRef] = []
    if demand is not None:
        parties.append((demand.requester_kind, demand.requester_id))
    if resource is not None:
        parties.append((resource.provider_kind, resource.provider_id))
    return tuple(parties)
