"""createHome: staff create homes (their managers come by invitation)."""

from __future__ import annotations

from datasources.tables import AuditEntry, Home
from domain.global_ids import encode
from tests.workflows.conftest import WorkflowClient

HOMES, AUDIT = Home.__table__, AuditEntry.__table__
CREATE = """
mutation($input: CreateHomeInput!) {
  createHome(input: $input) {
    home { id name subdistrict community address location { lat lon } district { name } manager { id } }
    userErrors { field code message }
  }
}"""


def home_input(graph: WorkflowClient, **values: object) -> dict:
    fields = {
        "name": " 新街口社区妇女之家 ",
        "districtId": encode("District", graph.world.rows["H1"]["district_id"]),
        "subdistrict": "新街口街道",
        "community": "新街口社区",
        "address": "新街口北大街1号",
        "location": {"lat": 39.94, "lon": 116.37},
    }
    return {"input": {**fields, **values}}


def codes(payload: dict) -> list[tuple[list[str] | None, str]]:
    return [(error["field"], error["code"]) for error in payload["userErrors"]]


async def test_staff_create_a_home_without_a_manager(graph: WorkflowClient) -> None:
    payload = await graph.mutate("supervisor", "createHome", CREATE, home_input(graph, idempotencyKey="h-1"))
    assert payload["userErrors"] == []
    home = payload["home"]
    assert (home["name"], home["community"], home["manager"]) == ("新街口社区妇女之家", "新街口社区", None)
    assert home["location"] == {"lat": 39.94, "lon": 116.37}
    again = await graph.mutate("supervisor", "createHome", CREATE, home_input(graph, idempotencyKey="h-1"))
    assert again["home"]["id"] == home["id"]  # a retry creates nothing twice
    assert len(await graph.rows(HOMES)) == 3
    entries = await graph.rows(AUDIT, AUDIT.c.action == "createHome")
    assert [(e["actor_account_id"], e["after"]["name"]) for e in entries] == [
        (graph.world.ids["supervisor"], "新街口社区妇女之家")
    ]


async def test_only_staff_create_homes(graph: WorkflowClient) -> None:
    for viewer, code in (("anonymous", "UNAUTHENTICATED"), ("m1", "FORBIDDEN"), ("o1", "FORBIDDEN")):
        assert codes(await graph.mutate(viewer, "createHome", CREATE, home_input(graph))) == [(None, code)]
    assert len(await graph.rows(HOMES)) == 2


async def test_every_problem_comes_at_once_and_nothing_is_written(graph: WorkflowClient) -> None:
    bad = home_input(
        graph,
        name="x",
        districtId=graph.world.gid("H1"),
        subdistrict=" ",
        community="c" * 101,
        location={"lat": 91, "lon": 0},
    )
    payload = await graph.mutate("admin", "createHome", CREATE, bad)
    assert codes(payload) == [
        (["input", "districtId"], "INVALID"),
        (["input", "name"], "INVALID"),
        (["input", "subdistrict"], "REQUIRED"),
        (["input", "community"], "TOO_LONG"),
        (["input", "location"], "OUT_OF_RANGE"),
    ]
    missing = await graph.mutate(
        "admin", "createHome", CREATE, home_input(graph, districtId=encode("District", 999))
    )
    assert codes(missing) == [(["input", "districtId"], "NOT_FOUND")]
    assert len(await graph.rows(HOMES)) == 2
