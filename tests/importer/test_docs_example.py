"""docs/import.md's example imports, and leaves what the text after it says."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.importer import import_jsonl
from tests.importer.test_appeals import rows

DOC = Path(__file__).parents[2] / "docs" / "import.md"


def example() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("```json", text.index("## Example")) + len("```json\n")
    return text[start : text.index("```", start)]


async def test_the_documented_example_imports(empty_db: AsyncEngine, tmp_path: Path) -> None:
    path = tmp_path / "example.jsonl"
    path.write_text(example(), encoding="utf-8")
    report = await import_jsonl(empty_db, path)
    assert sum(report.created.values()) == len(example().splitlines()) - 1  # all but the header
    [demand] = [row for row in await rows(empty_db, "demands") if row["ref"] == "dem-counselling"]
    assert (demand["quantity_matched"], demand["quantity_fulfilled"], demand["status"]) == (2, 2, "OPEN")
    [appeal] = await rows(empty_db, "appeals")
    assert appeal["first_replied_at"].isoformat() == "2026-03-01T07:00:00+00:00"  # 15:00 in Beijing
    [complaint] = await rows(empty_db, "complaints")
    assert complaint["tracking_code"].startswith("YW") and complaint["status"] == "CLOSED"
    assert len(await rows(empty_db, "complaint_actions")) == 1
