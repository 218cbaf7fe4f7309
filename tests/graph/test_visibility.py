"""Anonymous visitors see public records only, through every path (lists, node, links)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from datasources.tables import Demand, Organization, Rating, Resource
from domain.global_ids import encode


async def ids_where(engine, table, *conditions) -> list[int]:
    async with engine.connect() as connection:
        return list((await connection.execute(select(table.id).where(*conditions))).scalars())


@pytest.mark.parametrize(
    ("table", "type_name", "hidden"),
    [
        (Resource, "Resource", Resource.status == "DRAFT"),
        (Demand, "Demand", Demand.status == "DRAFT"),
        (Organization, "Organization", Organization.status.in_(["PENDING", "REJECTED"])),
    ],
)
async def test_hidden_records_are_not_found_by_id(client, demo_db, table, type_name, hidden) -> None:
    hidden_ids = await ids_where(demo_db, table, hidden)
    assert hidden_ids, f"the demo data should hold hidden {type_name} records"
    for pk in hidden_ids[:5]:
        body = await client.post("query($id: ID!) { node(id: $id) { id } }", {"id": encode(type_name, pk)})
        assert body["data"]["node"] is None
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_lists_and_counts_leave_hidden_records_out(client, demo_db) -> None:
    async with demo_db.connect() as connection:
        public_orgs = (
            await connection.execute(
                select(func.count())
                .select_from(Organization)
                .where(Organization.status.not_in(["PENDING", "REJECTED"]))
            )
        ).scalar_one()
        public_resources = (
            await connection.execute(
                select(func.count()).select_from(Resource).where(Resource.status != "DRAFT")
            )
        ).scalar_one()
    data = await client.data(
        "{ organizations(first: 100) { totalCount nodes { status } }"
        "  resources(first: 100) { totalCount nodes { status } } }"
    )
    assert data["organizations"]["totalCount"] == public_orgs
    assert {n["status"] for n in data["organizations"]["nodes"]} <= {
        "ACTIVE",
        "SUSPENDED",
        "EXITED",
    }
    assert data["resources"]["totalCount"] == public_resources
    assert "DRAFT" not in {n["status"] for n in data["resources"]["nodes"]}
    body = await client.post("{ resources(filter: {statuses: [DRAFT]}) { totalCount } }")
    assert body["data"]["resources"]["totalCount"] == 0


async def test_nested_lists_hide_drafts_too(uncapped_client) -> None:
    data = await uncapped_client.data(
        "{ organizations(first: 100) { nodes { resources(first: 100) { totalCount nodes { status } } } } }"
    )
    statuses = {r["status"] for o in data["organizations"]["nodes"] for r in o["resources"]["nodes"]}
    assert statuses and "DRAFT" not in statuses


async def test_hidden_ratings_do_not_show(client, demo_db) -> None:
    async with demo_db.connect() as connection:
        await connection.execute(Rating.__table__.update().where(Rating.id == 1).values(hidden=True))
        await connection.commit()
        rating = (await connection.execute(select(Rating).where(Rating.id == 1))).one()
    try:
        ratee = encode(
            {
                "HOME": "Home",
                "ORGANIZATION": "Organization",
                "SOCIAL_WORKER": "SocialWorker",
                "VOLUNTEER": "Volunteer",
            }[rating.ratee_kind],
            rating.ratee_id,
        )
        data = await client.data(
            "query($id: ID!) { node(id: $id) { ... on Participant {"
            " ratingsReceived(first: 100) { nodes { id } } } } }",
            {"id": ratee},
        )
        shown = {n["id"] for n in data["node"]["ratingsReceived"]["nodes"]}
        assert encode("Rating", 1) not in shown
        body = await client.post("query($id: ID!) { node(id: $id) { id } }", {"id": encode("Rating", 1)})
        assert body["data"]["node"] is None
    finally:
        async with demo_db.connect() as connection:
            await connection.execute(Rating.__table__.update().where(Rating.id == 1).values(hidden=False))
            await connection.commit()


async def test_appeals_are_reached_by_tracking_code_only(client, demo_db) -> None:
    from datasources.tables import Appeal

    async with demo_db.connect() as connection:
        appeal = (await connection.execute(select(Appeal).limit(1))).one()
    body = await client.post("query($id: ID!) { node(id: $id) { id } }", {"id": encode("Appeal", appeal.id)})
    assert body["data"]["node"] is None
    data = await client.data(
        "query($c: String!) { appeal(trackingCode: $c) {"
        " trackingCode content home { name } replies { body } } }",
        {"c": appeal.tracking_code},
    )
    assert data["appeal"]["trackingCode"] == appeal.tracking_code
    missing = await client.data('{ appeal(trackingCode: "ZZZZZZZZ") { trackingCode } }')
    assert missing["appeal"] is None
