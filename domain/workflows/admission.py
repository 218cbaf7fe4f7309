"""Pure rules of admission and exit (准入和退出): which decision needs which reason."""

from __future__ import annotations

from domain.workflows.checks import Checks

MAX_REASON = 2000
REJECT = "reject"


def check_reason(reason: str | None, *, required: bool) -> str:
    """The reason, trimmed; REQUIRED when the action must be explained (rejection, suspension)."""
    checks = Checks()
    checks.text("reason", reason, required=required, max_length=MAX_REASON)
    checks.done()
    return (reason or "").strip()
