"""The invitations list (staff): by status as shown, newest first."""

from __future__ import annotations

from typing import Any

from datasources.columns import utcnow
from datasources.queries.invitations import InvitationFilters, invitation_conditions
from datasources.tables import Invitation
from resolvers.arguments import names
from resolvers.connections import ListSpec


def invitation_filters(filter: Any, argument: str) -> InvitationFilters:
    if filter is None or not filter.statuses:
        return InvitationFilters()
    return InvitationFilters(statuses=names(filter.statuses), now=utcnow())


INVITATIONS = ListSpec(
    node="Invitation",
    table=Invitation.__table__,
    table_name="invitations",
    filters=invitation_filters,
    conditions=invitation_conditions,
)
