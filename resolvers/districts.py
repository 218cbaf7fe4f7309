"""How the district list sorts."""

from __future__ import annotations

from datasources.loaders.base import no_filter
from datasources.tables import District
from resolvers.connections import ListSpec, no_filters

DISTRICTS = ListSpec(
    node="District",
    table=District.__table__,
    table_name="districts",
    filters=no_filters,
    conditions=no_filter,
    default_sort="code",
    default_descending=False,
)
