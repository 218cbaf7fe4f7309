"""`sendSignUpCode`: a phone's sign-up code, sent after the commit.

Not run with `resolvers.commands.run`: it changes no object of the graph (a code is no node:
nothing to announce, re-read or replay), and its answer is the same whatever the phone. It
spends the anonymous caller's per-address budget like the other anonymous mutations.
"""

from __future__ import annotations

from auth.login import RATE_LIMITED
from datasources.writes import write_transaction
from domain.problems import Rejected
from resolvers.commands import within_anonymous_limit
from resolvers.context import Info
from services import joining
from services.notifier import deliver

SIGN_UP_BUDGET = "sign_up"  # the anonymous budget codes and sign-ups spend, per client address


async def send_sign_up_code(info: Info, command: joining.SendSignUpCode) -> Rejected | None:
    """None when done (a code or a notice went, or one went within the last minute); the
    problems otherwise."""
    context = info.context
    if not await within_anonymous_limit(info, SIGN_UP_BUDGET):
        return Rejected(RATE_LIMITED)
    try:
        async with write_transaction(context.writer) as connection:
            notices = await joining.send_sign_up_code(connection, context.viewer, command)
    except Rejected as rejected:
        return rejected
    await deliver(context.notifier, notices)
    return None
