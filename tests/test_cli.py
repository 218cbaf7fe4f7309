"""The `yiwuxian` command line on a real database file: migrate, seed, import, expire-resources,
export-schema."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest

import cli
from settings import get_settings

GOOD_FILE = Path(__file__).parent / "importer" / "good.jsonl"


@pytest.fixture
def database(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "cli.db"
    monkeypatch.setenv("YWX_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_import_writes_a_good_file_once_and_is_idempotent(database, capsys) -> None:
    assert cli.main(["import", str(GOOD_FILE)]) == 0
    organizations = count(database, "organizations")
    assert organizations > 0
    assert cli.main(["import", str(GOOD_FILE)]) == 0
    assert count(database, "organizations") == organizations


def test_import_of_a_bad_file_names_each_line_and_writes_nothing(database, tmp_path, capsys) -> None:
    lines = GOOD_FILE.read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[0]) | {"creditCode": "123"}
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        "\n".join([json.dumps(broken, ensure_ascii=False), "{not json", *lines[1:]]), encoding="utf-8"
    )
    assert cli.main(["import", str(bad)]) == 1
    errors = capsys.readouterr().err
    assert f"{bad}:1:" in errors and f"{bad}:2:" in errors
    assert "nothing was written" in errors
    assert count(database, "organizations") == 0


def test_seed_fills_an_empty_database_and_refuses_a_full_one(database, capsys) -> None:
    assert cli.main(["seed", "--scale", "demo", "--seed", "3"]) == 0
    progress = capsys.readouterr().err
    assert "migrating sqlite+aiosqlite:///" in progress and "seeding the demo data" in progress
    homes = count(database, "homes")
    assert homes > 0
    assert cli.main(["seed", "--scale", "beijing"]) == 1
    refusal = capsys.readouterr().err
    assert "holds data already" in refusal and str(database) in refusal
    # It says how to seed a fresh file, and does not ask to migrate first (seed does it).
    assert "YWX_DATABASE_URL=sqlite+aiosqlite:///./beijing.db ./dev seed --scale beijing" in refusal
    assert "seed migrates it first" in refusal
    assert count(database, "homes") == homes


def test_seed_if_empty_says_what_it_does(database, capsys) -> None:
    """`./dev serve` on a fresh clone: each step is said as it starts."""
    url = f"sqlite+aiosqlite:///{database}"
    asyncio.run(cli._seed(url, "demo", 1, only_if_empty=True))
    first = capsys.readouterr().err.splitlines()
    assert first[0].startswith("migrating ") and first[1] == "seeding the demo data (seed 1) ..."
    asyncio.run(cli._seed(url, "demo", 1, only_if_empty=True))
    assert "not seeding it" in capsys.readouterr().err


def test_export_schema_writes_the_sdl(tmp_path) -> None:
    target = tmp_path / "schema.graphql"
    assert cli.main(["export-schema", "--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == cli.export_schema()


def test_expire_resources_marks_those_past_their_window(database, capsys) -> None:
    assert cli.main(["seed", "--scale", "demo", "--seed", "3"]) == 0
    with sqlite3.connect(database) as connection:
        pk = connection.execute("SELECT min(id) FROM resources WHERE status = 'PUBLISHED'").fetchone()[0]
        connection.execute(
            "UPDATE resources SET available_until = '2000-01-01 00:00:00.000000' WHERE id = ?", (pk,)
        )
    capsys.readouterr()
    assert cli.main(["expire-resources"]) == 0
    assert "expired" in capsys.readouterr().out
    with sqlite3.connect(database) as connection:
        status = connection.execute("SELECT status FROM resources WHERE id = ?", (pk,)).fetchone()[0]
    assert status == "EXPIRED"
    assert cli.main(["expire-resources"]) == 0
    assert capsys.readouterr().out == "expired 0 resources\n"


def test_serve_believes_forwarded_addresses_only_from_the_configured_proxies(database, monkeypatch) -> None:
    import uvicorn

    monkeypatch.setenv("YWX_FORWARDED_ALLOW_IPS", "10.0.0.5")
    get_settings.cache_clear()
    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    assert cli.main(["serve", "--port", "8123"]) == 0
    assert calls == [
        {
            "host": "127.0.0.1",
            "port": 8123,
            "log_level": "info",
            "proxy_headers": True,
            "forwarded_allow_ips": "10.0.0.5",
        }
    ]


def test_export_writes_the_graph_and_says_when_it_is_personal(database, tmp_path, capsys) -> None:
    assert cli.main(["import", str(GOOD_FILE)]) == 0
    plain, full = tmp_path / "plain.jsonl", tmp_path / "full.jsonl"
    assert cli.main(["export", "--output", str(plain)]) == 0
    assert cli.main(["export", "--output", str(full), "--personal"]) == 0
    plain_lines = [json.loads(line) for line in plain.read_text(encoding="utf-8").splitlines()]
    full_lines = [json.loads(line) for line in full.read_text(encoding="utf-8").splitlines()]
    assert plain_lines[0] == {"type": "Export", "format": 1, "personal": False}
    assert full_lines[0] == {"type": "Export", "format": 1, "personal": True}
    [volunteer] = [line for line in full_lines if line["type"] == "Volunteer"]
    assert volunteer["idNumber"] == "110105199005175904"
    assert "idNumber" not in next(line for line in plain_lines if line["type"] == "Volunteer")
    assert "exported: Organization 3" in capsys.readouterr().err
    assert cli.main(["import", str(full)]) == 0  # its own export changes nothing
    assert count(database, "organizations") == 3
