"""The dashboard's figures on a small hand-made world, against values worked out by hand.

The same expected numbers are asserted on SQLite and on PostgreSQL (CI runs the suite on each),
so this is also the test that the two databases agree, percentiles included (nearest rank: the
p-th percentile of n values is the k-th smallest, k the least integer with 100k >= pn).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from app import create_app
from settings import Settings
from tests.builders import Builder, Ref, gid, participant_gid
from tests.conftest import GraphQLClient
from tests.databases import StatementCounter, migrated_database

T0 = datetime(2026, 6, 1, tzinfo=UTC)
A, B = "110101", "110105"  # 东城区, 朝阳区 (district ids 1 and 5)
FIGURES = """
  byCategoryAndDistrict { category district { code } unitsNeeded unitsMatched unmetUnits unitsAvailable }
  timeToMatch { category demands matched fulfilled
                medianHoursToMatch p90HoursToMatch medianHoursToFulfil p90HoursToFulfil }
  monthlyTrend { month demandsPublished resourcesPublished engagementsCompleted volunteerHours }
  appealReplies { district { code } appeals replied medianHoursToFirstReply repliedWithin24HoursRate }
  complaintsByOutcome { outcome complaints }
  reputationDistribution { lowerBound upperBound providers }
"""
INSIGHTS = f"query($filter: InsightFilter) {{ insights(filter: $filter) {{ {FIGURES} }} }}"
OWN = f"""query($id: ID!) {{ node(id: $id) {{
  ... on Home {{ insights {{ {FIGURES} }} }}
  ... on Organization {{ insights {{ {FIGURES} }} }} }} }}"""
CATEGORIES = (
    "FUNDING",
    "MATERIAL",
    "PLANNING",
    "PROFESSIONAL_SERVICE",
    "PROJECT",
    "VENUE",
    "VOLUNTEER_POSITION",
)


def hours(h: float) -> datetime:
    return T0 + timedelta(hours=h)


@dataclass
class World:
    client: GraphQLClient
    parties: dict[str, Ref]
    tokens: dict[str, str]
    district_a: str

    async def post(self, query: str, variables: dict[str, Any], viewer: str | None = None) -> dict:
        headers = {"Authorization": f"Bearer {self.tokens[viewer]}"} if viewer else {}
        return await self.client.post(query, variables, **headers)


async def _build(build: Builder) -> tuple[dict[str, Ref], dict[str, str]]:
    # Reputation score = (5·4 + sum) / (5 + count): H1 4.0, O1 2.5, H2 4.5 (a bucket's lower edge).
    h1 = await build.home(district=A)
    h2 = await build.home(district=B, rating_count=5, rating_sum=25)
    o1 = await build.organization(district=B, rating_count=5, rating_sum=5)
    v1, v2 = await build.volunteer(), await build.volunteer()

    def offer(at: datetime, **values: Any) -> dict[str, Any]:
        return {"published_at": at, "created_at": at, **values}

    r1 = await build.resource(o1, **offer(T0, district=B, quantity=10, quantity_committed=4))
    r2 = await build.resource(
        h1, **offer(T0 + timedelta(days=40), district=A, category="MATERIAL", quantity=5)
    )
    r3 = await build.resource(
        h2, **offer(T0, district=B, category="VOLUNTEER_POSITION", quantity=3, quantity_committed=1)
    )
    await build.resource(o1, status="DRAFT", district=A, category="MATERIAL", quantity=100, created_at=T0)

    async def demand(party: Ref, at: float, district: str, units: tuple[int, int, int], **values: Any) -> int:
        """A PROFESSIONAL_SERVICE demand published `at` hours after T0; units: needed, matched, fulfilled."""
        needed, matched, fulfilled = units
        values = {"category": "PROFESSIONAL_SERVICE", **offer(hours(at), district=district), **values}
        return await build.demand(
            party, quantity=needed, quantity_matched=matched, quantity_fulfilled=fulfilled, **values
        )

    d1 = await demand(
        h1, 0, A, (4, 4, 4), status="FULFILLED", first_matched_at=hours(2), fulfilled_at=hours(10)
    )
    await demand(h1, 24, A, (6, 0, 0))
    d3 = await demand(o1, 0, B, (3, 3, 0), status="MATCHED", first_matched_at=hours(4.5))
    d4 = await demand(h2, 35 * 24, B, (8, 2, 2), category="MATERIAL", first_matched_at=hours(35 * 24 + 6))
    d5 = await demand(
        h2, 48, B, (2, 2, 2), status="FULFILLED", first_matched_at=hours(68), fulfilled_at=hours(78)
    )
    await demand(h1, 72, A, (50, 0, 0), status="CANCELLED")
    await build.demand(h1, status="DRAFT", district=A, quantity=9, created_at=T0)

    await build.engagement(d1, r1, "COMPLETED", quantity=4, completed_at=hours(10))
    await build.engagement(d5, r1, "COMPLETED", quantity=2, completed_at=hours(78))
    await build.engagement(d3, r1, "ACCEPTED", quantity=3)
    await build.engagement(d4, r2, "COMPLETED", quantity=2, completed_at=hours(45 * 24))
    await build.application(v1, r3, "COMPLETED", service_minutes=150, completed_at=hours(5 * 24))
    await build.application(v2, r3, "COMPLETED", service_minutes=90, completed_at=hours(36 * 24))

    await build.appeal(h1, district=A, created_at=T0, first_replied_at=hours(3))
    await build.appeal(h1, district=A, created_at=T0, first_replied_at=hours(30))
    await build.appeal(h1, district=A, created_at=T0)
    await build.appeal(h2, district=B, created_at=hours(40 * 24), first_replied_at=hours(40 * 24 + 1))

    closed = {"status": "CLOSED", "created_at": T0}
    await build.complaint(o1, outcome="UPHELD", **closed)
    await build.complaint(o1, outcome="DISMISSED", **closed)
    await build.complaint(h1, outcome="UPHELD", **closed)
    await build.complaint(h2, created_at=T0)  # still open: no outcome yet

    tokens = {
        "m1": await build.signed_in(["HOME_MANAGER"], h1),
        "m2": await build.signed_in(["HOME_MANAGER"], h2),
        "o1": await build.signed_in(["ORG_MEMBER"], o1),
        "admin": await build.signed_in(["ADMIN"]),
        "supervisor": await build.signed_in(["SUPERVISOR"]),
    }
    return {"H1": h1, "H2": h2, "O1": o1}, tokens


@pytest.fixture(scope="module")
async def world(tmp_path_factory) -> AsyncIterator[World]:
    async with migrated_database(tmp_path_factory.mktemp("dashboard")) as engine:
        build = Builder(engine)
        async with build.batch():
            parties, tokens = await _build(build)
        app = create_app(Settings(env="test"), engine=engine)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
            client = GraphQLClient(http=http, counter=StatementCounter(engine))
            yield World(client, parties, tokens, gid("District", await build.district(A)))


def balance(category: str, district: str, needed: int, matched: int, available: int) -> dict[str, Any]:
    unmet = max(needed - matched, 0)
    return {"category": category, "district": {"code": district}, "unitsNeeded": needed,
            "unitsMatched": matched, "unmetUnits": unmet, "unitsAvailable": available}  # fmt: skip


def timing(category: str, *figures: Any) -> dict[str, Any]:
    names = ("demands", "matched", "fulfilled", "medianHoursToMatch", "p90HoursToMatch",
             "medianHoursToFulfil", "p90HoursToFulfil")  # fmt: skip
    return {
        "category": category,
        **dict(zip(names, figures or (0, 0, 0, None, None, None, None), strict=True)),
    }


def month(
    name: str, demands: int, resources: int, engagements: int, volunteer_hours: float
) -> dict[str, Any]:
    return {"month": name, "demandsPublished": demands, "resourcesPublished": resources,
            "engagementsCompleted": engagements, "volunteerHours": volunteer_hours}  # fmt: skip


def buckets(**providers: int) -> list[dict[str, Any]]:
    """The eight half-point buckets; `providers` by lower bound, e.g. b4_0=1 for [4.0, 4.5)."""
    return [
        {
            "lowerBound": low,
            "upperBound": low + 0.5,
            "providers": providers.get(f"b{low:.1f}".replace(".", "_"), 0),
        }
        for low in (1 + step / 2 for step in range(8))
    ]


async def test_every_figure_equals_the_hand_worked_value(world: World) -> None:
    body = await world.post(INSIGHTS, {})
    assert "errors" not in body, body["errors"]
    data = body["data"]["insights"]
    # Most unmet units first (a tie of 6: MATERIAL before PROFESSIONAL_SERVICE), then category, district.
    assert data["byCategoryAndDistrict"] == [
        balance("MATERIAL", B, 8, 2, 0),
        balance("PROFESSIONAL_SERVICE", A, 10, 4, 0),
        balance("MATERIAL", A, 0, 0, 5),
        balance("PROFESSIONAL_SERVICE", B, 5, 5, 6),
        balance("VOLUNTEER_POSITION", B, 0, 0, 2),
    ]
    # PROFESSIONAL_SERVICE: matched after 2, 4.5, 20 hours (median: 2nd of 3, p90: 3rd);
    # fulfilled after 10 and 30 hours (median: 1st of 2, p90: 2nd). The cancelled and the draft
    # demands are not counted.
    expected = {c: timing(c) for c in CATEGORIES}
    expected["PROFESSIONAL_SERVICE"] = timing("PROFESSIONAL_SERVICE", 4, 3, 2, 4.5, 20.0, 10.0, 30.0)
    expected["MATERIAL"] = timing("MATERIAL", 1, 1, 0, 6.0, 6.0, None, None)
    assert data["timeToMatch"] == list(expected.values())
    # June: five demands published (the cancelled one was published too), two resources, two
    # completions, 2.5 volunteer hours; July: the rest.
    assert data["monthlyTrend"] == [month("2026-06", 5, 2, 2, 2.5), month("2026-07", 1, 1, 1, 1.5)]
    assert data["appealReplies"] == [
        {"district": {"code": A}, "appeals": 3, "replied": 2, "medianHoursToFirstReply": 3.0,
         "repliedWithin24HoursRate": 0.3333},
        {"district": {"code": B}, "appeals": 1, "replied": 1, "medianHoursToFirstReply": 1.0,
         "repliedWithin24HoursRate": 1.0},
    ]  # fmt: skip
    assert data["complaintsByOutcome"] == [
        {"outcome": "DISMISSED", "complaints": 1},
        {"outcome": "UPHELD", "complaints": 2},
    ]
    # Providers of resources on offer: O1 (2.5), H1 (4.0), H2 (4.5); the draft's owner is O1 again.
    assert data["reputationDistribution"] == buckets(b2_5=1, b4_0=1, b4_5=1)


async def test_the_filter_narrows_every_figure(world: World) -> None:
    data = (await world.post(INSIGHTS, {"filter": {"district": world.district_a}}))["data"]["insights"]
    assert data["byCategoryAndDistrict"] == [
        balance("PROFESSIONAL_SERVICE", A, 10, 4, 0),
        balance("MATERIAL", A, 0, 0, 5),
    ]
    assert data["timeToMatch"][CATEGORIES.index("PROFESSIONAL_SERVICE")] == timing(
        "PROFESSIONAL_SERVICE", 2, 1, 1, 2.0, 2.0, 10.0, 10.0
    )
    # In district A: H1's demands (June) and resource (July); the completion of D1 (June); no
    # volunteer position.
    assert data["monthlyTrend"] == [month("2026-06", 3, 0, 1, 0.0), month("2026-07", 0, 1, 0, 0.0)]
    assert [row["district"]["code"] for row in data["appealReplies"]] == [A]
    assert data["complaintsByOutcome"] == [{"outcome": "UPHELD", "complaints": 1}]  # about H1
    assert data["reputationDistribution"] == buckets(b4_0=1)

    variables = {"filter": {"category": "MATERIAL", "since": (T0 + timedelta(days=30)).isoformat()}}
    data = (await world.post(INSIGHTS, variables))["data"]["insights"]
    assert data["timeToMatch"] == [timing("MATERIAL", 1, 1, 0, 6.0, 6.0, None, None)]
    assert data["byCategoryAndDistrict"] == [balance("MATERIAL", B, 8, 2, 0), balance("MATERIAL", A, 0, 0, 5)]
    assert data["monthlyTrend"] == [month("2026-07", 1, 1, 1, 0.0)]
    assert data["appealReplies"] == [
        {"district": {"code": B}, "appeals": 1, "replied": 1, "medianHoursToFirstReply": 1.0,
         "repliedWithin24HoursRate": 1.0},
    ]  # fmt: skip
    assert data["complaintsByOutcome"] == []  # all filed before
    assert data["reputationDistribution"] == buckets(b4_0=1)  # H1's July resource


async def test_a_home_and_an_organization_see_their_own_figures(world: World) -> None:
    home = (await world.post(OWN, {"id": participant_gid(world.parties["H1"])}, "m1"))["data"]["node"]
    figures = home["insights"]
    assert figures["byCategoryAndDistrict"] == [
        balance("PROFESSIONAL_SERVICE", A, 10, 4, 0),
        balance("MATERIAL", A, 0, 0, 5),
    ]
    assert figures["monthlyTrend"] == [month("2026-06", 3, 0, 1, 0.0), month("2026-07", 0, 1, 1, 0.0)]
    assert [(row["appeals"], row["replied"]) for row in figures["appealReplies"]] == [(3, 2)]
    assert figures["complaintsByOutcome"] == [{"outcome": "UPHELD", "complaints": 1}]
    assert figures["reputationDistribution"] == buckets(b4_0=1)

    organization = (await world.post(OWN, {"id": participant_gid(world.parties["O1"])}, "o1"))["data"]["node"]
    figures = organization["insights"]
    assert figures["byCategoryAndDistrict"] == [balance("PROFESSIONAL_SERVICE", B, 3, 3, 6)]
    # Its demand D3 and resource R1 (June); the completions on R1 (D1's, D5's); no appeals.
    assert figures["monthlyTrend"] == [month("2026-06", 1, 1, 2, 0.0)]
    assert figures["appealReplies"] == []
    assert figures["complaintsByOutcome"] == [
        {"outcome": "DISMISSED", "complaints": 1},
        {"outcome": "UPHELD", "complaints": 1},
    ]
    assert figures["reputationDistribution"] == buckets(b2_5=1)


@pytest.mark.parametrize(
    ("party", "viewer", "allowed"),
    [
        ("H1", "m1", True),
        ("H1", "admin", True),
        ("H1", "supervisor", True),
        ("H1", "m2", False),
        ("H1", "o1", False),
        ("H1", None, False),
        ("O1", "o1", True),
        ("O1", "admin", True),
        ("O1", "m1", False),
        ("O1", None, False),
    ],
)
async def test_only_the_party_itself_and_staff_read_its_insights(
    world: World, party: str, viewer: str | None, allowed: bool
) -> None:
    query = OWN.replace(FIGURES, "monthlyTrend { month }")
    body = await world.post(query, {"id": participant_gid(world.parties[party])}, viewer)
    node = body["data"]["node"]
    if allowed:
        assert "errors" not in body and node["insights"]["monthlyTrend"]
    else:
        assert node["insights"] is None
        assert [error["extensions"]["code"] for error in body["errors"]] == ["FORBIDDEN"]
        assert body["errors"][0]["path"] == ["node", "insights"]


def _figures_and_districts(statements: list[str]) -> tuple[list[str], int]:
    """The aggregates, and how many batches loaded the districts named (one or two, as the
    resolvers interleave)."""
    districts = [statement for statement in statements if "FROM districts" in statement]
    return [statement for statement in statements if statement not in districts], len(districts)


async def test_the_figures_cost_the_same_statements_however_many_rows(world: World, client) -> None:
    # The demo seed has hundreds of rows in every figure, this world a handful: the same statements.
    small, small_loads = _figures_and_districts(await world.client.statements(INSIGHTS))
    large, large_loads = _figures_and_districts(await client.statements(INSIGHTS))
    # byCategoryAndDistrict 2, timeToMatch 1, monthlyTrend 4, appealReplies 1, complaints 1, reputation 1.
    assert len(small) == len(large) == 10
    assert 1 <= small_loads <= 2 and 1 <= large_loads <= 2
