"""One document on both apps: the two bodies (errors in path order) and whether it was compiled."""

from __future__ import annotations

from typing import Any

from schema.compiled.executor import COUNTS


async def both(clients: Any, query: str, variables: dict, headers: dict[str, str]) -> tuple[dict, dict, int]:
    compiled, resolved = clients
    body = {"query": query, "variables": variables}
    before = COUNTS.compiled
    fast = (await compiled.post("/graphql", json=body, headers=headers)).json()
    taken = COUNTS.compiled - before
    before = COUNTS.compiled + COUNTS.fallback
    slow = (await resolved.post("/graphql", json=body, headers=headers)).json()
    assert COUNTS.compiled + COUNTS.fallback == before  # switched off: the compiler is not even tried
    return _in_path_order(fast), _in_path_order(slow), taken


def _in_path_order(body: dict) -> dict:
    if "errors" in body:
        body["errors"].sort(key=lambda error: [str(part).zfill(6) for part in error.get("path") or []])
    return body
