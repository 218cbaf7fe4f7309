"""Filters front ends rely on: Chinese text search, districts, categories, distance."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from datasources.tables import District, Resource
from domain.geo import haversine_km
from domain.global_ids import encode


async def test_a_two_character_chinese_word_finds_longer_titles(client, demo_db) -> None:
    async with demo_db.connect() as connection:
        titles = (
            (await connection.execute(select(Resource.title).where(Resource.status != "DRAFT")))
            .scalars()
            .all()
        )
    expected = sorted(t for t in titles if "心理" in t)
    assert expected, "the demo data should have psychological services"
    data = await client.data(
        '{ resources(first: 100, filter: {search: "心理"}) { totalCount nodes { title description } } }'
    )
    found = data["resources"]["nodes"]
    assert all("心理" in r["title"] or "心理" in r["description"] for r in found)
    assert set(expected) <= {r["title"] for r in found}


@pytest.mark.parametrize(("search", "phrase"), [("   ", "empty"), ("长" * 101, "longer than 100")])
async def test_empty_or_oversized_search_is_refused(client, search, phrase) -> None:
    body = await client.post(
        "query($s: String!) { resources(filter: {search: $s}) { totalCount } }", {"s": search}
    )
    assert body["errors"][0]["message"].startswith("Argument 'filter.search'")
    assert phrase in body["errors"][0]["message"]


async def test_district_and_category_filters(client, demo_db) -> None:
    async with demo_db.connect() as connection:
        district = (await connection.execute(select(District).where(District.code == "110105"))).one()
    data = await client.data(
        "query($d: ID!) { resources(first: 100, filter: {districts: [$d], categories: [VOLUNTEER_POSITION]})"
        " { nodes { category district { code } serviceDistricts { code } } } }",
        {"d": encode("District", district.id)},
    )
    nodes = data["resources"]["nodes"]
    assert all(n["category"] == "VOLUNTEER_POSITION" for n in nodes)
    assert all(
        n["district"]["code"] == "110105" or "110105" in {s["code"] for s in n["serviceDistricts"]}
        for n in nodes
    )


async def test_near_filter_orders_by_true_distance(client, demo_db) -> None:
    centre = {"lat": 39.922, "lon": 116.443, "radiusKm": 15}
    data = await client.data(
        "query($near: NearInput!) { resources(first: 50, filter: {near: $near}, orderBy: {field: DISTANCE})"
        " { nodes { distanceKm location { lat lon } } } }",
        {"near": centre},
    )
    nodes = data["resources"]["nodes"]
    assert nodes
    distances = [n["distanceKm"] for n in nodes]
    assert distances == sorted(distances)
    for node in nodes:
        true_km = haversine_km(centre["lat"], centre["lon"], node["location"]["lat"], node["location"]["lon"])
        assert true_km <= centre["radiusKm"] * 1.01
        assert abs(true_km - node["distanceKm"]) < 0.05 * max(true_km, 1)


@pytest.mark.parametrize(
    ("near", "phrase"),
    [
        ({"lat": 95, "lon": 116, "radiusKm": 5}, "latitude"),
        ({"lat": 39.9, "lon": 116.4, "radiusKm": -1}, "radiusKm"),
    ],
)
async def test_bad_points_and_radii_are_refused(client, near, phrase) -> None:
    body = await client.post(
        "query($near: NearInput!) { resources(filter: {near: $near}) { totalCount } }",
        {"near": near},
    )
    assert body["errors"][0]["message"].startswith("Argument 'filter.near'")
    assert phrase in body["errors"][0]["message"]


async def test_ordering_by_distance_without_a_point_is_refused(client) -> None:
    body = await client.post("{ resources(orderBy: {field: DISTANCE}) { totalCount } }")
    assert "filter.near" in body["errors"][0]["message"]
