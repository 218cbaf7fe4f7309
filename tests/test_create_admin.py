"""`yiwuxian create-admin`: the first ADMIN of a database that has none; the password never an
argument, always the policy's."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

import cli
from auth.passwords import verify_password
from datasources.tables import Account, AuditEntry
from services.accounts import FirstAdminRefused, create_first_admin
from settings import get_settings

PASSWORD = "quiet-river-stone-42"


@pytest.fixture
def database(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "admin.db"
    monkeypatch.setenv("YWX_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def test_the_command_reads_the_password_from_standard_input(database, monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["create-admin", "--username", "chief_admin", "--display-name", "妇联管理员"]) == 0
    assert "created ADMIN 'chief_admin'" in capsys.readouterr().out
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT username, display_name, roles, password_hash FROM accounts"
        ).fetchall()
    assert [row[:3] for row in rows] == [("chief_admin", "妇联管理员", '["ADMIN"]')]
    assert PASSWORD not in rows[0][3] and rows[0][3].startswith("$argon2id$")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["create-admin", "--username", "second_admin"]) == 1
    assert "an active ADMIN exists already" in capsys.readouterr().err


def test_the_command_refuses_a_weak_password_and_a_bad_username(database, monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("password\n"))
    assert cli.main(["create-admin", "--username", "ext_admin"]) == 1
    err = capsys.readouterr().err
    assert "reserved" in err and "too common" in err
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM accounts").fetchone()[0] == 0


async def test_the_first_admin_signs_in_and_is_audited(empty_db: AsyncEngine) -> None:
    account_id = await create_first_admin(empty_db, " chief ", "Chief", PASSWORD)
    async with empty_db.connect() as connection:
        row = (await connection.execute(select(Account.__table__))).one()
        audit = (await connection.execute(select(AuditEntry.__table__))).one()
    assert (row.id, row.username, row.roles, row.is_active) == (account_id, "chief", ["ADMIN"], True)
    assert await verify_password(row.password_hash, PASSWORD)
    assert (audit.action, audit.entity_id, audit.actor_account_id) == ("createAdmin", account_id, None)


async def test_two_operators_at_once_make_one_admin(empty_db: AsyncEngine) -> None:
    results = await asyncio.gather(
        *(create_first_admin(empty_db, f"boss{n}", "Admin", PASSWORD) for n in range(3)),
        return_exceptions=True,
    )
    assert sum(isinstance(result, int) for result in results) == 1
    assert all(isinstance(r, FirstAdminRefused) for r in results if not isinstance(r, int))
    async with empty_db.connect() as connection:
        assert len((await connection.execute(select(Account.__table__))).all()) == 1
