"""The to-one links the compiler follows, as the resolvers of schema/ follow them: which loader
reads the target rows, from which columns, whether the viewer's visibility applies, and the
target's type; and the fields computed from a row's own columns (`DERIVED`). A link or computed
field not listed here makes an operation fall back to the resolvers."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from domain.enums import ParticipantKind
from domain.global_ids import PARTICIPANT_TYPE_NAMES
from schema.common import reputation_of

PARTICIPANT_TYPES = ("Home", "Organization", "SocialWorker", "Volunteer")


@dataclass(frozen=True)
class Link:
    loader: str  # the attribute of Loaders whose batch function reads the targets
    columns: tuple[str, ...]  # of the source row, read by `key`
    key: Callable[[Any], Hashable | None]  # row mapping -> the loader's key
    type_name: Callable[[Any], str]  # target row -> its GraphQL type
    visible_table: str | None = None  # checked with auth.visibility.can_see, as build_visible does


def _fixed(name: str) -> Callable[[Any], str]:
    return lambda _row: name


def _participant(row: Any) -> str:
    return PARTICIPANT_TYPE_NAMES[ParticipantKind(row.participant_kind)]


def _column(name: str) -> Callable[[Any], Hashable | None]:
    return lambda mapping: mapping[name]


def _reference(prefix: str) -> Callable[[Any], Hashable | None]:
    kind, pk = f"{prefix}_kind", f"{prefix}_id"
    return lambda mapping: (mapping[kind], mapping[pk])


DISTRICT = Link("district_by_id", ("district_id",), _column("district_id"), _fixed("District"))

LINKS: dict[tuple[str, str], Link] = {
    # Participant.district, Resource.district, Demand.district: build_named, no visibility check.
    **{(name, "district"): DISTRICT for name in (*PARTICIPANT_TYPES, "Resource", "Demand")},
    # Resource.provider, Demand.requester: the participant loader (it applies visibility itself).
    ("Resource", "provider"): Link(
        "participant", ("provider_kind", "provider_id"), _reference("provider"), _participant
    ),
    ("Demand", "requester"): Link(
        "participant", ("requester_kind", "requester_id"), _reference("requester"), _participant
    ),
    # Engagement.resource, Engagement.demand: build_visible.
    ("Engagement", "resource"): Link(
        "resource_by_id", ("resource_id",), _column("resource_id"), _fixed("Resource"), "resources"
    ),
    ("Engagement", "demand"): Link(
        "demand_by_id", ("demand_id",), _column("demand_id"), _fixed("Demand"), "demands"
    ),
}


@dataclass(frozen=True)
class Derived:
    """A field computed in Python from columns of its row, into an object of plain fields."""

    columns: tuple[str, ...]
    compute: Callable[[Any], Any]  # the row -> the object, as the field's resolver makes it


REPUTATION = Derived(
    ("rating_count", "rating_sum", "engagements_completed", "engagements_cancelled"), reputation_of
)
# Participant.reputation: `reputation_of(self)`, self holding the row's columns.
DERIVED: dict[tuple[str, str], Derived] = {(name, "reputation"): REPUTATION for name in PARTICIPANT_TYPES}
