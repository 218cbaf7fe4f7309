"""seed_database / is_empty / build_dataset: counts, determinism, refusing non-empty databases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.seed import DatabaseNotEmpty, build_dataset, is_empty, seed_database
from datasources.seed.districts import ensure_districts
from datasources.tables import metadata
from tests.builders import Builder
from tests.databases import migrated_database
from tests.seed.queries import counts, digest

ROOT = Path(__file__).resolve().parents[2]


async def test_seed_writes_the_counts_it_reports(empty_db: AsyncEngine) -> None:
    assert await is_empty(empty_db)
    reported = (await seed_database(empty_db, scale="demo", seed=1)).counts
    assert reported == {name: n for name, n in (await counts(empty_db)).items() if name in reported}
    assert set(reported) <= set(metadata.tables)
    assert all(reported.values()), reported  # every table the seed fills gets rows
    expected = {
        "districts": 16, "homes": 40, "organizations": 30, "social_workers": 13,  # 12, 1 pending
        "volunteers": 80, "resources": 120, "demands": 150, "events": 10, "appeals": 20,
    }  # fmt: skip
    assert {name: reported[name] for name in expected} == expected
    assert 100 <= reported["engagements"] <= 220
    assert not await is_empty(empty_db)


async def test_ids_keep_counting_after_the_seed(empty_db: AsyncEngine) -> None:
    """Ids were assigned in Python: the database must hand out the next one, not a taken one."""
    await seed_database(empty_db)
    accounts = metadata.tables["accounts"]
    async with empty_db.connect() as connection:
        [last] = (await connection.execute(select(func.max(accounts.c.id)))).one()
    assert last is not None
    assert await Builder(empty_db).account(["ADMIN"], username="new_admin", display_name="新管理员") > last


async def test_refuses_a_database_with_data(empty_db: AsyncEngine) -> None:
    await seed_database(empty_db)
    with pytest.raises(ValueError, match="holds data already"):
        await seed_database(empty_db, seed=2)
    with pytest.raises(DatabaseNotEmpty):
        await seed_database(empty_db)


async def test_refuses_an_unknown_scale(empty_db: AsyncEngine) -> None:
    with pytest.raises(ValueError, match="unknown seed scale 'huge'"):
        await seed_database(empty_db, scale="huge")
    assert await is_empty(empty_db)


async def test_same_seed_gives_the_same_rows(empty_db: AsyncEngine, tmp_path: Path) -> None:
    await seed_database(empty_db, seed=1)
    (tmp_path / "again").mkdir()
    (tmp_path / "other").mkdir()
    async with migrated_database(tmp_path / "again") as again:
        await seed_database(again, seed=1)
        assert await digest(again) == await digest(empty_db)
    async with migrated_database(tmp_path / "other") as other:
        await seed_database(other, seed=2)
        assert await digest(other) != await digest(empty_db)


def test_build_does_not_depend_on_hash_randomisation() -> None:
    """Iterating a set of strings differs between processes; the data must not."""
    program = (
        "import hashlib; from datasources.seed import build_dataset; "
        "print(hashlib.sha256(repr(build_dataset('demo', 3)).encode()).hexdigest())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", program],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("0", "4242")
    }
    assert len(outputs) == 1


def test_build_is_repeatable_in_process() -> None:
    assert build_dataset("demo", 5) == build_dataset("demo", 5)
    assert build_dataset("demo", 5) != build_dataset("demo", 6)


async def test_seeds_a_database_holding_only_the_districts(empty_db: AsyncEngine) -> None:
    """The importer adds the district reference data on its own; seeding may follow it."""
    async with empty_db.begin() as connection:
        await ensure_districts(connection)
    assert await is_empty(empty_db)
    reported = (await seed_database(empty_db)).counts
    assert (await counts(empty_db))["districts"] == reported["districts"] == 16
