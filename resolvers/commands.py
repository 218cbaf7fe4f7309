"""Running a mutation: one transaction, idempotency, problems instead of exceptions.

Every mutation's use case (`services/`, `async (connection, viewer, command) -> Changed`) runs
here, in one transaction; it raises `domain.problems.Rejected` for expected failures, and then
everything it wrote is rolled back, so a failed mutation changes nothing. The result is an
`Outcome`: the changed rows as committed, or the problems; the schema makes the payload of it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.engine import Row

from auth.login import RATE_LIMITED
from auth.viewer import Viewer
from datasources.pubsub import announce
from datasources.tables import metadata
from datasources.writes import claim_idempotency_key, remember_result, write_transaction
from domain.problems import Problem, Rejected, UserErrorCode
from resolvers.context import Info
from resolvers.nodes import NODE_SOURCES
from services.changes import Before, Changed, Prepares, ServiceCommand
from services.notifier import deliver
from services.one_time_codes import PresentsCode, count_wrong_guess


@dataclass(frozen=True)
class Outcome:
    """What a mutation did: the rows of the `type_name` objects it changed (as committed, in the
    command's order), or the problems that refused it (then nothing changed)."""

    type_name: str | None = None
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    shown: str | None = None  # `Changed.shown`: the payload's `code`, this once

    @property
    def row(self) -> Row | None:
        return self.rows[0] if self.rows else None


def refused(*problems: Problem) -> Outcome:
    return Outcome(problems=list(problems))


MAX_IDEMPOTENCY_KEY = 100
# An anonymous caller's key must be hard to guess (a random UUID is 36 characters): whoever sends
# the same key with the same input gets the first result (for `registerVolunteer`, a token).
MIN_ANONYMOUS_IDEMPOTENCY_KEY = 16
C = TypeVar("C")


async def run(
    info: Info,
    service: ServiceCommand[C],
    command: C,
    *,
    idempotency_key: str | None = None,
    anonymous_budget: str | None = None,
) -> Outcome:
    """Run a mutation's use case in one transaction: what it changed (fresh rows), or the
    problems. The mutation's name (for idempotency keys and announcements) is the field's.
    `anonymous_budget`: the channel whose per-address budget an anonymous caller spends. A command
    that carries a single-use code has a wrong one counted first, in its own transaction
    (services/one_time_codes.py), so the rollback of the refused command does not undo it."""
    if anonymous_budget is not None and not await within_anonymous_limit(info, anonymous_budget):
        return refused(RATE_LIMITED)
    mutation = info.field_name
    context = info.context
    viewer = context.viewer
    try:
        key = _checked_key(idempotency_key, viewer, command) if idempotency_key is not None else None
        if isinstance(command, PresentsCode) and (presented := command.presented_code()) is not None:
            await count_wrong_guess(context.writer, presented)
        if isinstance(command, Prepares):
            throttle = context.identity.throttle if context.identity is not None else None
            command = await command.prepared(Before(context.writer, viewer, throttle))
        async with write_transaction(context.writer) as connection:
            replay = None
            if key is not None:
                replay = await claim_idempotency_key(
                    connection, account_id=key.account_id, mutation=mutation, key=key.key
                )
            if replay:
                done = Changed(replay["type"], tuple(replay.get("pks") or [replay["pk"]]))
            else:
                done = await service(connection, viewer, command)
                if key is not None:
                    await remember_result(
                        connection,
                        account_id=key.account_id,
                        mutation=mutation,
                        key=key.key,
                        result={"type": done.type_name, "pks": list(done.pks)},
                    )
    except Rejected as rejected:
        return refused(*rejected.problems)
    if not replay:
        for pk in done.pks:
            await announce(context.broker, done.type_name, pk, mutation)
        for also in done.also:
            await announce(context.broker, also.type_name, also.pk, also.mutation)
        await deliver(context.notifier, done.notices)
    rows = await _load(info, done.type_name, list(done.pks))
    return Outcome(done.type_name, rows, shown=None if replay else done.shown)


async def within_anonymous_limit(info: Info, channel: str) -> bool:
    """Anonymous submissions are counted per client address and channel ("appeal", "complaint":
    each has the whole budget, so complaining does not use up a resident's appeals), reserved
    before the transaction opens, so concurrent submissions cannot outrun it (auth/throttle.py);
    signed-in ones are not counted."""
    context = info.context
    if context.viewer.is_authenticated or context.anonymous_submissions is None or not context.client:
        return True
    return await context.anonymous_submissions.allow(f"{channel}:{context.client}")


@dataclass(frozen=True)
class _IdempotencyKey:
    account_id: int | None  # a signed-in caller's keys are hers; None: anonymous
    key: str


def _checked_key(key: str, viewer: Viewer, command: Any) -> _IdempotencyKey:
    """An idempotency key, checked, with its scope: a signed-in caller's key is hers (per account
    and mutation). An anonymous caller has no account to scope by (nor a stable address), so her
    key is scoped by the input: the stored key is a digest of the key with the whole command, and
    only the same key with the same input (passwords and codes included) replays the first
    result; the same key with another input runs as a new command."""
    anonymous = viewer.account_id is None
    shortest = MIN_ANONYMOUS_IDEMPOTENCY_KEY if anonymous else 1
    if len(key.strip()) < shortest or len(key) > MAX_IDEMPOTENCY_KEY:
        raise Rejected(
            Problem(
                UserErrorCode.INVALID,
                "idempotency_key_length",
                ("input", "idempotencyKey"),
                {"field": "idempotencyKey", "min": shortest, "max": MAX_IDEMPOTENCY_KEY},
            )
        )
    if not anonymous:
        return _IdempotencyKey(viewer.account_id, key)
    fields = dataclasses.asdict(command) if dataclasses.is_dataclass(command) else repr(command)  # pyright: ignore[reportArgumentType]  # commands are dataclass instances
    canonical = json.dumps([key, type(command).__name__, fields], sort_keys=True, default=str)
    return _IdempotencyKey(None, hashlib.sha256(canonical.encode()).hexdigest())


async def _load(info: Info, type_name: str, pks: list[int]) -> list[Row]:
    """The rows as committed, in the order of `pks` (read afresh, in one statement: the
    request's loaders may hold older rows)."""
    table = metadata.tables[NODE_SOURCES[type_name].table]
    async with info.context.engine.connect() as connection:
        rows = (await connection.execute(select(table).where(table.c.id.in_(pks)))).all()
    by_pk = {row.id: row for row in rows}
    return [by_pk[pk] for pk in pks]
