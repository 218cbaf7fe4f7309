"""Connections: page sizes, cursors both ways, totalCount, and clear errors for bad arguments."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from datasources.tables import Volunteer

VOLUNTEERS = """
query($first: Int, $after: String, $last: Int, $before: String) {
  volunteers(first: $first, after: $after, last: $last, before: $before,
             orderBy: {field: NAME, direction: ASC}) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name } }
  }
}
"""


async def volunteer_count(engine) -> int:
    async with engine.connect() as connection:
        return (await connection.execute(select(func.count()).select_from(Volunteer))).scalar_one()


async def test_default_page_is_20_and_total_count_counts_all(client, demo_db) -> None:
    data = await client.data(VOLUNTEERS)
    page = data["volunteers"]
    assert len(page["edges"]) == 20
    assert page["totalCount"] == await volunteer_count(demo_db)
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["hasPreviousPage"] is False


async def test_forward_paging_visits_every_row_once_in_order(client, demo_db) -> None:
    seen, after = [], None
    while True:
        page = (await client.data(VOLUNTEERS, {"first": 17, "after": after}))["volunteers"]
        seen += [(edge["node"]["name"], edge["node"]["id"]) for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == await volunteer_count(demo_db)
    assert len({node_id for _, node_id in seen}) == len(seen)
    names = [name for name, _ in seen]
    assert names == sorted(names)


async def test_backward_paging_returns_the_rows_before_a_cursor(client) -> None:
    first_page = (await client.data(VOLUNTEERS, {"first": 10}))["volunteers"]
    tenth_cursor = first_page["edges"][9]["cursor"]
    before = (await client.data(VOLUNTEERS, {"last": 4, "before": tenth_cursor}))["volunteers"]
    assert [edge["node"]["id"] for edge in before["edges"]] == [
        edge["node"]["id"] for edge in first_page["edges"][5:9]
    ]
    assert before["pageInfo"]["hasPreviousPage"] is True
    assert before["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize(
    ("variables", "argument", "phrase"),
    [
        ({"first": 1000}, "first", "between 0 and 100"),
        ({"first": -1}, "first", "between 0 and 100"),
        ({"last": 101}, "last", "between 0 and 100"),
        ({"first": 5, "last": 5}, "last", "not both"),
        ({"after": "not-a-cursor"}, "after", "not a valid cursor"),
        ({"before": "eyJ4IjogMX0="}, "before", "not a valid cursor"),
    ],
)
async def test_bad_paging_arguments_are_clear_errors(client, variables, argument, phrase) -> None:
    body = await client.post(VOLUNTEERS, variables)
    assert body["data"] is None
    [error] = body["errors"]
    assert error["message"].startswith(f"Argument '{argument}'")
    assert phrase in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_cursor_of_another_ordering_is_refused(client) -> None:
    page = await client.data("{ volunteers(first: 1) { pageInfo { endCursor } } }")
    cursor = page["volunteers"]["pageInfo"]["endCursor"]
    body = await client.post(VOLUNTEERS, {"first": 2, "after": cursor})
    assert "another ordering" in body["errors"][0]["message"]


async def test_unknown_enum_value_is_a_validation_error(client) -> None:
    body = await client.post("{ resources(filter: {categories: [MONEY]}) { totalCount } }")
    assert "MONEY" in body["errors"][0]["message"]
