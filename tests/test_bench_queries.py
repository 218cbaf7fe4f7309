"""The benchmark's queries stay valid and batched (their speed is measured in bench/, not here)."""

from __future__ import annotations

import pytest

from bench.read_queries import FRONT_END_VIEW, PARTNER_DASHBOARD, VOLUNTEER_BROWSE, first_home_with_demands


@pytest.mark.parametrize("query", [FRONT_END_VIEW, PARTNER_DASHBOARD, VOLUNTEER_BROWSE])
async def test_bench_query_runs_with_statements_independent_of_page_size(client, demo_db, query) -> None:
    variables = {"home": await first_home_with_demands(demo_db)} if "$home" in query else {}
    small = await client.statements(query, {**variables, "n": 5})
    large = await client.statements(query, {**variables, "n": 20})
    assert len(small) == len(large)
