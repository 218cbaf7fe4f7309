"""Where each node type's rows come from: its table (for the visibility rules) and its by-id
loader; loading any node's row by its global id, as the viewer may see it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Row

from auth.visibility import can_see
from datasources.loaders import Loaders
from resolvers.context import Info
from resolvers.errors import NotFound
from resolvers.global_ids import decode


@dataclass(frozen=True)
class NodeSource:
    table: str  # table name, for the visibility rules
    loader: Callable[[Loaders], Any]  # the request's by-id loader of its rows


NODE_SOURCES: dict[str, NodeSource] = {
    "Account": NodeSource("accounts", lambda loaders: loaders.account_by_id),
    "Appeal": NodeSource("appeals", lambda loaders: loaders.appeal_by_id),
    "Complaint": NodeSource("complaints", lambda loaders: loaders.complaint_by_id),
    "Demand": NodeSource("demands", lambda loaders: loaders.demand_by_id),
    "District": NodeSource("districts", lambda loaders: loaders.district_by_id),
    "Engagement": NodeSource("engagements", lambda loaders: loaders.engagement_by_id),
    "Event": NodeSource("events", lambda loaders: loaders.event_by_id),
    "EventRegistration": NodeSource("event_registrations", lambda loaders: loaders.registration_by_id),
    "Home": NodeSource("homes", lambda loaders: loaders.home_by_id),
    "Invitation": NodeSource("invitations", lambda loaders: loaders.invitation_by_id),
    "Organization": NodeSource("organizations", lambda loaders: loaders.organization_by_id),
    "Rating": NodeSource("ratings", lambda loaders: loaders.rating_by_id),
    "Resource": NodeSource("resources", lambda loaders: loaders.resource_by_id),
    "SocialWorker": NodeSource("social_workers", lambda loaders: loaders.social_worker_by_id),
    "Volunteer": NodeSource("volunteers", lambda loaders: loaders.volunteer_by_id),
    "VolunteerApplication": NodeSource("volunteer_applications", lambda loaders: loaders.application_by_id),
}


def visible(info: Info, type_name: str, row: Row | None) -> Row | None:
    """The row if it exists and the viewer may see it; else None."""
    return row if can_see(info.context.viewer, NODE_SOURCES[type_name].table, row) else None


async def row_of(info: Info, type_name: str, pk: int, *, batched: bool = True) -> Row | None:
    """The row of a `type_name` node, through the request's loader (None if there is none);
    `batched=False`: its batch function at once, for a caller that knows no other key is coming
    (schema/compiled/ reading `node(id:)`), without waiting for the request's next wave."""
    loader = NODE_SOURCES[type_name].loader(info.context.loaders)
    if not batched:
        return (await loader.batch_load_fn([pk]))[0]
    return await loader.load(pk)


async def node_row(
    info: Info, global_id: str, *, argument: str = "id", expected: str | None = None, batched: bool = True
) -> tuple[str, Row]:
    """The type and row a global id names, or NotFound if it names nothing the viewer may see."""
    type_name, pk = decode(global_id, argument=argument)
    if type_name not in NODE_SOURCES or (expected is not None and type_name != expected):
        raise NotFound(argument, global_id)
    row = visible(info, type_name, await row_of(info, type_name, pk, batched=batched))
    if row is None:
        raise NotFound(argument, global_id)
    return type_name, row
