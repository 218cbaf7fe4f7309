"""Publishing resources and demands, written once: the commands' shared fields, the checked
column values, and the three use cases (publish or save a draft, update, withdraw or cancel) of
`Offers`; a subclass says what differs (services/resources.py, services/demands.py). Beside
them, what both share with other workflows: the publisher, districts, owned rows, and settling
the engagements that hang on an offer being withdrawn or a need being cancelled.

An update is one UPDATE conditioned on the version read in the same transaction and on the new
quantity still covering what accepted engagements hold, so an edit racing another edit or an
acceptance changes nothing (CONFLICT) rather than overwrite what it did not see.

Locks follow the engagements' order (engagement, then resource or demand): the engagements
under way are locked first, so a withdrawal racing an acceptance waits for it and then sees
it ACCEPTED (and refuses), instead of deadlocking on the resource row.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Table, case, insert, literal, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.loaders.participants import PARTICIPANT_TABLES
from datasources.tables import District, Engagement
from datasources.writes import audit_status, audit_statuses
from domain.enums import (
    EngagementStatus,
    OrganizationStatus,
    ParticipantKind,
    ParticipantRef,
    ResourceCategory,
)
from domain.global_ids import PARTICIPANT_TYPE_NAMES
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.acting import acting_party
from domain.workflows.checks import Checks, key_of, optional_text, party_of
from domain.workflows.offers import (
    MAX_REASON,
    check_editable,
    check_point,
    check_quantity,
    check_tags,
    check_texts,
    under_way_refusal,
)
from domain.workflows.states import Machine, invalid_state, next_status
from services.changes import Announcement, Changed, changed
from services.rows import not_found, visible_row
from services.transitions import conflict, move

ENGAGEMENTS: Table = Engagement.__table__
DISTRICTS: Table = District.__table__
# Where a home's or organization's public address is; people publish from their district's centre
# (a volunteer's own location is personal data and never copied onto a public record).
PLACED_KINDS = (ParticipantKind.HOME, ParticipantKind.ORGANIZATION)
DRAFT = "DRAFT"  # a draft's status, resources' and demands' alike
# The optional fields resources and demands share: what an explicit null leaves in their columns.
CLEARABLE: Mapping[str, Mapping[str, Any]] = {"description": {"description": ""}, "tags": {"tags": []}}
F = TypeVar("F")  # a kind's own fields (ResourceFields, DemandFields)


@dataclass(frozen=True)
class OfferFields:
    """What resources and demands both say, as the client sent it; None: not given (an update
    leaves it as it is)."""

    title: str | None = None
    description: str | None = None
    unit: str | None = None
    quantity: int | None = None
    tags: list[str] | None = None
    district_id: str | None = None  # its global id
    location: tuple[float, float] | None = None  # (lat, lon)


@dataclass(frozen=True)
class Publish(Generic[F]):
    """A new resource or demand. `owner_id`: the provider's or requester's global id (None: the
    participant the viewer acts for); `draft`: kept as a DRAFT, announced to nobody."""

    owner_id: str | None
    category: ResourceCategory
    fields: OfferFields
    own: F
    draft: bool = False


@dataclass(frozen=True)
class Update(Generic[F]):
    """Changes to a resource or demand (its global id); `publish`: put a DRAFT on offer;
    `cleared`: the fields given as null, by graph name (an optional one is cleared, another
    one is REQUIRED)."""

    id: str
    expected_version: int
    fields: OfferFields
    own: F
    publish: bool = False
    cleared: frozenset[str] = frozenset()


@dataclass(frozen=True)
class End:
    """Withdrawing a resource or cancelling a demand (its global id); `expected_version` None:
    whatever is current."""

    id: str
    reason: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class Checked:
    """A command's fields, checked: the columns to write, the district named (None: the owner's,
    or unchanged) and the further districts served (resources; None: unchanged)."""

    values: dict[str, Any]
    district_id: int | None
    served: list[int] | None


class Offers(ABC, Generic[F]):
    """The use cases of one kind of offer (resources, demands). A subclass says what differs:
    the class attributes, its own fields' checks and columns (`own_values`), and the status its
    quantities call for (`status_of`); the hooks around writing default to doing nothing more."""

    type_name: ClassVar[str]  # "Resource": its graph type, and the end of its mutations' names
    table: ClassVar[Table]
    owner: ClassVar[str]  # "provider": columns provider_kind/provider_id, input field providerId
    owner_kinds: ClassVar[frozenset[ParticipantKind]]  # who may own one
    machine: ClassVar[Machine]
    editable: ClassVar[frozenset[str]]  # the statuses it may be changed in
    on_offer: ClassVar[str]  # its status when published
    counters: ClassVar[tuple[str, ...]]  # its quantity counters; the first: units held, <= quantity
    closes: ClassVar[str]  # the column of the moment it is no longer on offer
    key_column: ClassVar[str]  # the column naming it in engagements: "resource_id"
    ending: ClassVar[str]  # its action (and mutation) for taking it off: "withdraw"
    ended: ClassVar[str]  # the note its cancelled proposals get: "资源已撤回"
    # Its own optional fields, by graph name: the columns an explicit null clears, to what.
    clearable: ClassVar[Mapping[str, Mapping[str, Any]]]

    @abstractmethod
    def own_values(
        self, checks: Checks, own: F, row: Row | None, category: str, now: datetime
    ) -> dict[str, Any]:
        """The checked columns of the kind's own fields (`row` None: a new one)."""

    @abstractmethod
    def status_of(self, status: str, quantity: int, row: Row) -> str:
        """The status `quantity` calls for, given what `row`'s engagements hold."""

    def served(self, checks: Checks, own: F) -> list[int] | None:
        """The further districts it serves, checked (None: not given)."""
        return None

    def defaults(self, party: Row, district_id: int) -> dict[str, Any]:
        """Columns a new one takes from its owner unless given."""
        return {}

    def clocks(self, before: str, after: str, now: datetime) -> dict[str, Any]:
        """The moments a change of status from `before` to `after` records (insights' clocks)."""
        return {}

    async def placed(
        self, connection: AsyncConnection, pk: int, district_id: int, served: list[int] | None, *, new: bool
    ) -> None:
        """After it is written (`new`: inserted): record the further districts it serves (when given)."""

    async def refuse_under_way(self, connection: AsyncConnection, pk: int) -> None:
        """Before it is taken off: lock what hangs on it, and refuse while any is accepted."""
        await refuse_accepted_engagements(connection, self.key_column, pk)

    async def settle(
        self, connection: AsyncConnection, viewer: Viewer, pk: int, note: str, now: datetime
    ) -> None:
        """After it is taken off: what was only proposed on it is cancelled, with `note`."""
        await cancel_proposals(connection, viewer, self.key_column, pk, note, self.mutation(self.ending), now)

    def mutation(self, verb: str) -> str:
        return f"{verb}{self.type_name}"  # publishResource

    async def publish(self, connection: AsyncConnection, viewer: Viewer, command: Publish[F]) -> Changed:
        """Publish one (or save a draft) for its owner: the participant the viewer acts for, or
        the one staff name; audited."""
        now = utcnow()
        field = f"{self.owner}Id"
        types = tuple(PARTICIPANT_TYPE_NAMES[kind] for kind in self.owner_kinds)
        named = party_of(command.owner_id, field, types)
        owner = acting_party(viewer.participant, viewer.is_staff, named, self.owner_kinds, field)
        checked = self.checked(command.fields, command.own, None, command.category.value, now)
        party = await publisher(connection, viewer, owner, field, self.mutation("publish"))
        district_id = checked.district_id or party.district_id
        await check_districts(connection, "districtId", [district_id])
        lat, lon = command.fields.location or await default_place(connection, party, owner[0], district_id)
        status = DRAFT if command.draft else self.on_offer
        row = {
            **self.defaults(party, district_id),
            **checked.values,
            "status": status,
            f"{self.owner}_kind": owner[0],
            f"{self.owner}_id": owner[1],
            "district_id": district_id,
            "lat": lat,
            "lon": lon,
            **dict.fromkeys(self.counters, 0),
            "version": 1,
            "published_at": None if command.draft else now,
            "created_at": now,
            "updated_at": now,
        }
        pk = (await connection.execute(insert(self.table).returning(self.table.c.id), row)).scalar_one()
        await self.placed(connection, pk, district_id, checked.served, new=True)
        await audit_status(
            connection, viewer.account_id, self.mutation("publish"), (self.type_name, pk), None, status
        )
        return changed(self.type_name, pk)

    async def update(self, connection: AsyncConnection, viewer: Viewer, command: Update[F]) -> Changed:
        """Change what is given; `publish` puts a draft on offer, announced as published. The
        status follows the quantity (accounting.py)."""
        now = utcnow()
        pk = key_of(command.id, self.type_name, "id")
        row = await owned_row(connection, viewer, self.table, pk, "id", self.owner)
        check_editable(row.status, self.editable, self.mutation("update"))
        checked = self.checked(
            command.fields,
            command.own,
            row,
            row.category,
            now,
            publish=command.publish,
            cleared=command.cleared,
        )
        check_version(row, command.expected_version)
        owner = (getattr(row, f"{self.owner}_kind"), getattr(row, f"{self.owner}_id"))
        await publisher(connection, viewer, owner, "id", self.mutation("update"))
        status = next_status(self.machine, row.status, "publish") if command.publish else row.status
        quantity = checked.values.get("quantity", row.quantity)
        status = self.status_of(status, quantity, row)
        changes = {**checked.values, "status": status, **self.clocks(row.status, status, now)}
        if command.publish:
            changes["published_at"] = now
        district_id = checked.district_id or row.district_id
        if checked.district_id is not None:
            await check_districts(connection, "districtId", [district_id])
            changes["district_id"] = district_id
        if command.fields.location is not None:
            changes["lat"], changes["lon"] = command.fields.location
        c = self.table.c
        result = await connection.execute(
            update(self.table)
            .where(c.id == pk, c.version == row.version, c[self.counters[0]] <= quantity)
            .values(**changes, version=row.version + 1, updated_at=now)
        )
        if result.rowcount != 1:
            raise conflict("expectedVersion")
        await self.placed(connection, pk, district_id, checked.served, new=False)
        fields = {graph_name(column) for column in changes if column != "status"}
        if checked.served is not None:
            fields.add("serviceDistricts")
        action = self.mutation("publish" if command.publish else "update")
        await audit_status(
            connection,
            viewer.account_id,
            action,
            (self.type_name, pk),
            row.status,
            status,
            fields=sorted(fields),
        )
        published = [Announcement(self.type_name, pk, self.mutation("publish"))] if command.publish else []
        return changed(self.type_name, pk, *published)

    async def end(self, connection: AsyncConnection, viewer: Viewer, command: End) -> Changed:
        """Take it off (withdraw a resource, cancel a demand). Refused while accepted commitments
        hang on it; proposed ones are cancelled, with the reason in their note."""
        pk = key_of(command.id, self.type_name, "id")
        checks = Checks()
        checks.text("reason", command.reason, required=False, max_length=MAX_REASON)
        checks.done()
        reason, now = optional_text(command.reason), utcnow()
        row = await owned_row(connection, viewer, self.table, pk, "id", self.owner)
        check_version(row, command.expected_version)
        next_status(self.machine, row.status, self.ending)  # INVALID_STATE before anything is locked
        await self.refuse_under_way(connection, pk)
        await move(
            connection,
            table=self.table,
            row=row,
            machine=self.machine,
            action=self.ending,
            actor_account_id=viewer.account_id,
            entity_type=self.type_name,
            expected_version=command.expected_version,
            values={"updated_at": now},
            facts={"reason": reason} if reason else None,
        )
        await self.settle(connection, viewer, pk, f"{self.ended}：{reason}" if reason else self.ended, now)
        return changed(self.type_name, pk)

    def checked(
        self,
        fields: OfferFields,
        own: F,
        row: Row | None,
        category: str,
        now: datetime,
        *,
        publish: bool = False,
        cleared: frozenset[str] = frozenset(),
    ) -> Checked:
        """The checked columns of a new one (`row` None) or of the changes to `row`; every problem
        at once. `publish`: a draft goes on offer only while its end has not passed. `cleared`:
        the fields given as null (optional ones cleared, others REQUIRED)."""
        checks = Checks()
        check_texts(checks, fields.title, fields.description, fields.unit, creating=row is None)
        check_tags(checks, fields.tags)
        if fields.location is not None:
            check_point(checks, "location", *fields.location)
        held = self.counters[0]
        check_quantity(checks, fields.quantity, 0 if row is None else getattr(row, held), graph_name(held))
        values = present(
            title=_stripped(fields.title),
            description=_stripped(fields.description),
            unit=_stripped(fields.unit),
            tags=None if fields.tags is None else [tag.strip() for tag in fields.tags],
            quantity=fields.quantity,
        )
        values.update(self.own_values(checks, own, row, category, now))
        if row is None:
            values["category"] = category
        for name in sorted(cleared):
            emptied = CLEARABLE.get(name) or self.clearable.get(name)
            if emptied is None:
                checks.add(UserErrorCode.REQUIRED, "required", name)
            else:
                values.update(emptied)
        served = self.served(checks, own)
        district_id = checks.key("districtId", fields.district_id, "District") if fields.district_id else None
        closes = getattr(row, self.closes, None)
        if publish and self.closes not in values and closes is not None and closes <= now:
            checks.add(UserErrorCode.INVALID, "in_the_past", graph_name(self.closes))
        checks.done()
        return Checked(values, district_id, served)


def present(**values: Any) -> dict[str, Any]:
    """The values given (not None)."""
    return {key: value for key, value in values.items() if value is not None}


def _stripped(text: str | None) -> str | None:
    return None if text is None else text.strip()


async def publisher(
    connection: AsyncConnection, viewer: Viewer, party: ParticipantRef, field: str, action: str
) -> Row:
    """The participant publishing; an organization must be ACTIVE (else INVALID_STATE)."""
    kind, pk = party
    row = await visible_row(connection, PARTICIPANT_TABLES[ParticipantKind(kind)], pk, viewer, field)
    if kind == ParticipantKind.ORGANIZATION and row.status != OrganizationStatus.ACTIVE:
        raise invalid_state(row.status, action)
    return row


async def check_districts(connection: AsyncConnection, field: str, ids: Sequence[int]) -> None:
    """Every district named exists (else NOT_FOUND at `field`)."""
    wanted = set(ids)
    found = set(
        (await connection.execute(select(DISTRICTS.c.id).where(DISTRICTS.c.id.in_(wanted)))).scalars()
    )
    if wanted - found:
        raise not_found(field)


async def default_place(
    connection: AsyncConnection, party: Row, kind: str, district_id: int
) -> tuple[float, float]:
    """Where a record is shown when no location is given: its home's or organization's
    address, else the centre of its district."""
    if kind in PLACED_KINDS and district_id == party.district_id:
        return party.lat, party.lon
    centre = (
        await connection.execute(
            select(DISTRICTS.c.lat, DISTRICTS.c.lon).where(DISTRICTS.c.id == district_id)
        )
    ).one()
    return centre.lat, centre.lon


async def owned_row(
    connection: AsyncConnection, viewer: Viewer, table: Table, pk: int, field: str, owner: str
) -> Row:
    """A resource or demand the viewer may change: she acts for its `owner` (provider or
    requester), or is federation staff; a row she may not see is NOT_FOUND."""
    row = await visible_row(connection, table, pk, viewer, field)
    if not (viewer.is_staff or viewer.acts_for(getattr(row, f"{owner}_kind"), getattr(row, f"{owner}_id"))):
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "forbidden"))
    return row


def check_version(row: Row, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != row.version:
        raise conflict("expectedVersion")


async def refuse_accepted_engagements(connection: AsyncConnection, column: str, pk: int) -> None:
    """Lock the engagements under way of a resource (or demand); refuse while any is ACCEPTED."""
    c = ENGAGEMENTS.c
    rows = (
        await connection.execute(
            select(c.id, c.status)
            .where(c[column] == pk, c.status.in_([EngagementStatus.PROPOSED, EngagementStatus.ACCEPTED]))
            .order_by(c.id)
            .with_for_update()
        )
    ).all()
    accepted = [row.id for row in rows if row.status == EngagementStatus.ACCEPTED]
    if accepted:
        raise under_way_refusal("engagements", accepted)


async def cancel_proposals(
    connection: AsyncConnection, viewer: Viewer, column: str, pk: int, note: str, action: str, now: datetime
) -> list[int]:
    """Cancel the PROPOSED engagements of a resource (or demand), `note` added to theirs;
    each is audited under `action`. They do not count against either party's completion rate:
    nobody had accepted them."""
    c = ENGAGEMENTS.c
    appended = case((c.note == "", literal(note)), else_=c.note + literal("\n" + note))
    cancelled = (
        await connection.execute(
            update(ENGAGEMENTS)
            .where(c[column] == pk, c.status == EngagementStatus.PROPOSED)
            .values(status=EngagementStatus.CANCELLED, cancelled_at=now, note=appended, version=c.version + 1)
            .returning(c.id)
        )
    ).scalars()
    ids = sorted(cancelled)
    await audit_statuses(
        connection,
        viewer.account_id,
        action,
        "Engagement",
        ids,
        EngagementStatus.PROPOSED,
        EngagementStatus.CANCELLED,
        reason=note,
    )
    return ids


def graph_name(column: str) -> str:
    """A column's name in the graph, for the audit log (available_until: availableUntil)."""
    head, *rest = column.removesuffix("_fen").split("_")
    return head + "".join(part.title() for part in rest)
