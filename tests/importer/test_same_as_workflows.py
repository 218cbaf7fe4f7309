"""A history made through the mutations, exported and imported elsewhere, leaves every derived
figure where the workflows left it: units, statuses, reputation, counts, hours served."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app import create_app
from datasources.exporter import export_jsonl
from datasources.importer import import_jsonl
from datasources.tables import metadata
from domain.global_ids import encode
from settings import Settings
from tests.builders import Builder
from tests.databases import migrated_database
from tests.importer.history import volunteer
from tests.importer.test_import import by_ref, good_lines, jsonl
from tests.importer.test_publishing_rules import POSITION

FIGURES = {
    "homes": ("engagements_completed", "engagements_cancelled", "rating_count", "rating_sum"),
    "organizations": ("engagements_completed", "engagements_cancelled", "rating_count", "rating_sum"),
    "social_workers": ("engagements_completed", "engagements_cancelled", "rating_count", "rating_sum"),
    "volunteers": ("service_minutes", "rating_count"),
    "resources": ("quantity_committed", "status"),
    "demands": ("quantity_matched", "quantity_fulfilled", "status"),
}
ROLES = {"HOME": "HOME_MANAGER", "ORGANIZATION": "ORG_MEMBER", "VOLUNTEER": "VOLUNTEER"}
TYPES = {"HOME": "Home", "ORGANIZATION": "Organization", "VOLUNTEER": "Volunteer"}
PARTIES = {"home-hlj": "HOME", "org-sunshine": "ORGANIZATION", "org-agency": "ORGANIZATION",
           "vol-zhang": "VOLUNTEER", "vol-li": "VOLUNTEER", "vol-wang": "VOLUNTEER"}  # fmt: skip


def document(field: str, payload: str) -> str:
    name = field[0].upper() + field[1:] + "Input"
    return (f"mutation($input: {name}!) {{ {field}(input: $input) "
            f"{{ {payload} {{ id }} userErrors {{ field code message }} }} }}")  # fmt: skip


class Client:
    def __init__(self, http: httpx.AsyncClient, tokens: dict[str, str]) -> None:
        self.http, self.tokens = http, tokens

    async def __call__(self, who: str, field: str, payload: str, **values: Any) -> str:
        """Run mutation `field` as `who` (a participant's ref); the id of what it returns."""
        response = await self.http.post(
            "/graphql",
            json={"query": document(field, payload), "variables": {"input": values}},
            headers={"Authorization": f"Bearer {self.tokens[who]}"},
        )
        result = response.json()["data"][field]
        assert result["userErrors"] == [], result
        return result[payload]["id"]


async def figures(engine: AsyncEngine) -> dict[str, dict[str, tuple[Any, ...]]]:
    found = {}
    async with engine.connect() as connection:
        for name, columns in FIGURES.items():
            table = metadata.tables[name]
            rows = await connection.execute(select(table.c.ref, *(table.c[c] for c in columns)))
            found[name] = {row[0]: tuple(row[1:]) for row in rows}
    return found


async def make_history(engine: AsyncEngine, tmp_path: Path) -> None:
    """Participants and offers imported; then engagements, ratings and a position filled up
    through the mutations, as the parties would."""
    now = datetime.now(UTC)
    position = {**POSITION, "availableFrom": (now - timedelta(days=30)).isoformat(),
                "availableUntil": (now + timedelta(days=60)).isoformat(), "details": {
                    "skills": ["儿童陪伴"], "shifts": ["WEEKEND_DAYTIME"]}}  # fmt: skip
    people = [
        volunteer("vol-li", "李娜", "110105198803020013"),
        volunteer("vol-wang", "王芳", "110105199203040023"),
    ]
    await import_jsonl(engine, jsonl(tmp_path, *good_lines(), position, *people))
    ids, build, tokens = {}, Builder(engine), {}
    for table in ("homes", "organizations", "volunteers", "resources", "demands"):
        ids |= {ref: row["id"] for ref, row in (await by_ref(engine, table)).items()}
    for ref, kind in PARTIES.items():
        tokens[ref] = await build.signed_in([ROLES[kind]], (kind, ids[ref]))
    app = create_app(Settings(env="test", login_failure_delay_ms=0), engine=engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        run = Client(http, tokens)
        demand, resource = (
            encode("Demand", ids["dem-counselling"]),
            encode("Resource", ids["res-counselling"]),
        )
        done = await run("home-hlj", "proposeEngagement", "engagement", demandId=demand, resourceId=resource,
                         quantity=2)  # fmt: skip
        await run("org-sunshine", "respondToEngagement", "engagement", engagementId=done, decision="ACCEPT")
        await run("home-hlj", "completeEngagement", "engagement", engagementId=done)
        await run("home-hlj", "rateEngagement", "rating", engagementId=done, score=5, quality=5)
        await run("org-sunshine", "rateEngagement", "rating", engagementId=done, score=4, comment="配合很好")
        under_way = await run("org-sunshine", "proposeEngagement", "engagement", demandId=demand,
                              resourceId=resource, quantity=2)  # fmt: skip
        await run("home-hlj", "respondToEngagement", "engagement", engagementId=under_way, decision="ACCEPT")
        fund, grant = encode("Demand", ids["dem-fund"]), encode("Resource", ids["res-fund"])
        off = await run("org-agency", "proposeEngagement", "engagement", demandId=fund, resourceId=grant)
        await run("org-agency", "cancelEngagement", "engagement", engagementId=off, reason="资金已另行落实")
        opening = encode("Resource", ids["res-position"])
        for who in ("vol-zhang", "vol-li", "vol-wang"):
            application = await run(who, "applyToOpportunity", "application", opportunityId=opening)
            await run("org-sunshine", "respondToApplication", "application", applicationId=application,
                      decision="ACCEPT")  # fmt: skip
            if who == "vol-zhang":
                await run("org-sunshine", "completeApplication", "application", applicationId=application,
                          hoursServed=2.5)  # fmt: skip


async def test_imported_history_has_the_figures_the_mutations_left(tmp_path: Path) -> None:
    for name in ("made", "imported", "files"):
        (tmp_path / name).mkdir()
    async with migrated_database(tmp_path / "made") as made:
        await make_history(made, tmp_path / "files")
        expected = await figures(made)
        out = io.StringIO()
        await export_jsonl(made, out, omit={})
    path = tmp_path / "files" / "made.jsonl"
    path.write_text(out.getvalue(), encoding="utf-8")
    async with migrated_database(tmp_path / "imported") as imported:
        await import_jsonl(imported, path)
        assert await figures(imported) == expected
    # Not a trivial history: the figures the workflows left are the ones they should have.
    assert expected["resources"]["res-position"] == (3, "EXHAUSTED")
    assert expected["resources"]["res-counselling"] == (4, "PUBLISHED")
    assert expected["demands"]["dem-counselling"] == (4, 2, "MATCHED")
    assert expected["organizations"]["org-sunshine"] == (1, 1, 1, 5)  # provider of both
    assert expected["organizations"]["org-agency"] == (0, 1, 0, 0)
    assert expected["homes"]["home-hlj"] == (1, 0, 1, 4)
    assert expected["volunteers"]["vol-zhang"] == (150, 0)
