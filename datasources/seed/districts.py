"""Beijing's 16 districts: reference data every database needs before anything else."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from datasources.tables import District

CSV_PATH = Path(__file__).with_name("beijing-districts.csv")


@cache
def district_rows() -> tuple[dict[str, Any], ...]:
    """The districts as table rows, ids 1..16 in the file's (code) order."""
    with CSV_PATH.open(encoding="utf-8") as file:
        return tuple(
            {
                "id": number,
                "code": line["code"],
                "name": line["name"],
                "name_en": line["name_en"],
                "lat": float(line["lat"]),
                "lon": float(line["lon"]),
                "subdistrict_count": int(line["streets_and_towns"]),
            }
            for number, line in enumerate(csv.DictReader(file), start=1)
        )


async def ensure_districts(connection: AsyncConnection) -> dict[str, int]:
    """Insert the districts if the table is empty; return district id by code."""
    table = District.__table__
    found = dict((await connection.execute(select(table.c.code, table.c.id))).all())
    if found:
        return found
    rows = [{k: v for k, v in row.items() if k != "id"} for row in district_rows()]
    result = await connection.execute(insert(table).returning(table.c.code, table.c.id), rows)
    return dict(result.all())
