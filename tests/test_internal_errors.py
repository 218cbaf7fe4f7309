"""Unexpected faults reach the client as a reference only; the log has the details."""

from __future__ import annotations

import logging

import httpx

from app import create_app
from settings import Settings


async def test_a_fault_is_masked_with_a_reference_that_is_in_the_log(demo_db, monkeypatch, caplog) -> None:
    from resolvers import appeals

    async def broken(*_args, **_kwargs):
        raise RuntimeError("secret detail: 13800138000")

    monkeypatch.setattr(appeals, "appeal_by_tracking_code", broken)
    monkeypatch.setattr("schema.query.appeal_by_tracking_code", broken)
    transport = httpx.ASGITransport(
        app=create_app(Settings(env="production", jwt_secret="p" * 32), engine=demo_db)
    )
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        with caplog.at_level(logging.ERROR, logger="yiwuxian.errors"):
            response = await http.post("/graphql", json={"query": '{ appeal(trackingCode: "X") { topic } }'})
    [error] = response.json()["errors"]
    reference = error["extensions"]["reference"]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert error["message"] == f"Internal error (reference {reference})"
    assert "13800138000" not in response.text
    assert any(reference in record.getMessage() for record in caplog.records)


async def test_expected_errors_are_not_masked(client) -> None:
    body = await client.post("{ homes(first: 500) { totalCount } }")
    assert body["errors"][0]["message"].startswith("Argument 'first'")
