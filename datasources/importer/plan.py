"""What the checks hand the writer: one planned row per line, other rows named by Link."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from datasources.importer.existing import Row
from datasources.importer.parse import Item

PARTICIPANTS = {
    "Home": "HOME",
    "Organization": "ORGANIZATION",
    "SocialWorker": "SOCIAL_WORKER",
    "Volunteer": "VOLUNTEER",
}


@dataclass(frozen=True)
class Link:
    """A reference to a row by its type and ref, turned into the row's id when written."""

    type: str
    ref: str


# A row another row refers to: its id when it is in the database, a Link when this file makes it.
Key = int | Link


@dataclass
class Planned:
    item: Item
    existing: Row | None  # the row with this ref already in the database
    values: dict[str, Any]  # column → value; on update only the columns the line gives
    service_districts: list[int] | None = None  # None: leave as they are
    registrations: list[tuple[str, Key]] | None = None  # an event's: None, leave as they are
    replies: list[dict[str, Any]] | None = None  # an appeal's (body, created_at): None, leave them
    actions: list[dict[str, Any]] | None = None  # a complaint's (action, reason, created_at): likewise
    # Rows whose derived figures follow from this one (type, key): the offers and parties of an
    # engagement, the ratee of a rating, ... recomputed once it is written.
    touches: list[tuple[str, Key]] = field(default_factory=list)
