"""Telling a person something outside the graph: a code by SMS, an invitation by e-mail.

Use cases do not send anything themselves: they return the `Notice`s of what they did in
`Changed.notices`, and `resolvers.commands.run` hands them to the request's `Notifier` after
the commit (a code that was rolled back is never sent; a failed delivery does not undo what
was committed, the person asks again).

`LogNotifier` is the only implementation here: it writes each notice to the `yiwuxian.notices`
log, with the address masked and, outside development, without the code (`reveal_codes`), so
production logs never hold a usable code. An SMS gateway or a mail server plugs in as another
class with the same `send` (chosen by `YWX_NOTIFIER` in settings.py and built in app.py); it
should render `Notice.kind` and `Notice.params` in its own templates and keep `code` out of its
logs too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

log = logging.getLogger("yiwuxian.notices")


class Channel(StrEnum):
    SMS = "SMS"
    EMAIL = "EMAIL"


@dataclass(frozen=True)
class Notice:
    """One message to one address. `kind` names what it says (e.g. "sign_up_code",
    "phone_already_registered", "invitation"); `code` is the secret it carries, if any;
    `params` the rest of what its template needs."""

    channel: Channel
    address: str
    kind: str
    code: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # never print a code by accident
        return f"Notice({self.channel}, {mask(self.address)}, {self.kind})"


class Notifier(Protocol):
    async def send(self, notice: Notice) -> None:
        """Deliver `notice`, or raise (the caller logs the failure; nothing is retried)."""
        ...


def mask(address: str) -> str:
    """Enough of an address to recognise it in a log, not to use it: 138****5678, a***@x.cn."""
    if "@" in address:
        name, _, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    return f"{address[:3]}****{address[-4:]}" if len(address) > 7 else "****"


class LogNotifier:
    """Writes notices to the log (development, tests, and until a provider is plugged in)."""

    def __init__(self, *, reveal_codes: bool) -> None:
        self.reveal_codes = reveal_codes

    async def send(self, notice: Notice) -> None:
        code = notice.code if self.reveal_codes else ("<hidden>" if notice.code else None)
        log.info(
            "notice %s to %s by %s: code=%s %s",
            notice.kind,
            mask(notice.address),
            notice.channel,
            code,
            notice.params,
        )


async def deliver(notifier: Notifier | None, notices: tuple[Notice, ...]) -> None:
    """Send each notice; a failure is logged (without the code) and the others still go."""
    for notice in notices:
        if notifier is None:
            log.warning("no notifier: %r not sent", notice)
            continue
        try:
            await notifier.send(notice)
        except Exception:  # delivery is best effort: the commit stands, the person asks again
            log.exception("sending %r failed", notice)
