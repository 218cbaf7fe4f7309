"""The benchmark's queries stay valid and batched (their speed is measured in bench/, not here)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bench.read_queries import FRONT_END_VIEW, PARTNER_DASHBOARD, VOLUNTEER_BROWSE
from datasources.tables import Demand
from domain.global_ids import encode


@pytest.mark.parametrize("query", [FRONT_END_VIEW, PARTNER_DASHBOARD, VOLUNTEER_BROWSE])
async def test_bench_query_runs_with_statements_independent_of_page_size(client, demo_db, query) -> None:
    async with demo_db.connect() as connection:
        home = (
            await connection.execute(
                select(Demand.requester_id)
                .where(Demand.requester_kind == "HOME")
                .group_by(Demand.requester_id)
                .order_by(func.count().desc(), Demand.requester_id)
                .limit(1)
            )
        ).scalar_one()
    variables = {"home": encode("Home", home)} if "$home" in query else {}
    small = await client.statements(query, {**variables, "n": 5})
    large = await client.statements(query, {**variables, "n": 20})
    assert len(small) == len(large)
