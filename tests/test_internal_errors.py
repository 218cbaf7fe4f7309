"""Unexpected faults reach the client as a reference only; the log has the details, and a
request leaves a bounded amount of log whatever it contains (issue 12: quiet logs)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from app import create_app
from settings import Settings
from tests.conftest import ENGLISH


@pytest.fixture
async def production(demo_db) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(
        app=create_app(Settings(env="production", jwt_secret="p" * 32, max_aliases=1000), engine=demo_db)
    )
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=ENGLISH) as http:
        yield http


def our_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """What the service and strawberry logged (not the database driver or the HTTP client)."""
    return [record for record in caplog.records if record.name.startswith(("yiwuxian", "strawberry"))]


async def test_faults_are_masked_with_one_reference_that_is_in_the_log(
    production, monkeypatch, caplog
) -> None:
    async def broken(*_args, **_kwargs):
        raise RuntimeError("secret detail: 13800138000")

    monkeypatch.setattr("schema.query.appeal_by_tracking_code", broken)
    query = 'query Follow { a: appeal(trackingCode: "X") { topic } b: appeal(trackingCode: "Y") { topic } }'
    with caplog.at_level(logging.DEBUG):
        response = await production.post(
            "/graphql", json={"query": query}, headers={"x-request-id": "req-fault"}
        )
    errors = response.json()["errors"]
    references = {error["extensions"]["reference"] for error in errors}
    assert len(errors) == 2 and len(references) == 1  # one reference per request
    [reference] = references
    for error in errors:
        assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
        assert error["message"] == f"Internal error (reference {reference})"
    assert "13800138000" not in response.text
    [record] = our_records(caplog)  # one line, with one traceback, for both faults
    assert record.levelno == logging.ERROR and record.exc_info is not None
    line = record.getMessage()
    assert f"reference={reference}" in line and "request=req-fault" in line and "operation=Follow" in line
    assert "faults=2" in line


async def test_450_bad_tracking_codes_leave_one_short_line(production, caplog) -> None:
    """Issue 12: 450 bad codes in one anonymous request gave 4.7 MB of tracebacks."""
    fields = " ".join(f'c{index}: complaint(trackingCode: "{"X" * 17}") {{ status }}' for index in range(450))
    query = "query Probe { " + fields + " }"
    with caplog.at_level(logging.DEBUG):
        response = await production.post(
            "/graphql", json={"query": query}, headers={"x-request-id": "req-450"}
        )
    errors = response.json()["errors"]
    assert len(errors) == 450 and {error["extensions"]["code"] for error in errors} == {"BAD_USER_INPUT"}
    [record] = our_records(caplog)
    assert record.exc_info is None and record.levelno == logging.INFO
    assert record.getMessage() == "refused request=req-450 operation=Probe errors=450 BAD_USER_INPUT=450"


async def test_refusals_and_invalid_documents_are_one_line_each_without_traceback(production, caplog) -> None:
    with caplog.at_level(logging.DEBUG):
        await production.post("/graphql", json={"query": "{ nosuchfield }"})
        await production.post(
            "/graphql", json={"query": "{ volunteers(first: 50) { nodes { phone email } } }"}
        )
    records = our_records(caplog)
    assert [record.exc_info for record in records] == [None, None]
    assert records[0].getMessage().endswith("errors=1 GRAPHQL_VALIDATION_FAILED=1")
    assert "FORBIDDEN=" in records[1].getMessage()


async def test_expected_errors_are_not_masked(client) -> None:
    body = await client.post("{ homes(first: 500) { totalCount } }")
    assert body["errors"][0]["message"].startswith("Argument 'first'")
