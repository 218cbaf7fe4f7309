"""How rating lists sort."""

from __future__ import annotations

from datasources.loaders.base import no_filter
from datasources.tables import Rating
from resolvers.connections import ListSpec, no_filters

RATINGS = ListSpec(
    node="Rating",
    table=Rating.__table__,
    table_name="ratings",
    filters=no_filters,
    conditions=no_filter,
)
BY_RATEE = ("ratings_by_ratee", "rating_count_by_ratee")
BY_RATER = ("ratings_by_rater", "rating_count_by_rater")
