"""Every mutation's payload is made here, from its `Outcome`: the changed object (or list of
objects) in the payload's one object field, and the problems as `userErrors` in the viewer's
language."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, TypeVar, cast

from resolvers.commands import Outcome
from resolvers.context import Info
from schema.objects import build_named
from schema.user_errors import user_errors

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

P = TypeVar("P")
# Beside the object field: the problems, and a secret shown once (`Changed.shown`).
OTHER_FIELDS = ("user_errors", "code")


def payload(
    cls: type[P], info: Info, outcome: Outcome, field: str | None = None, extra: dict[str, Any] | None = None
) -> P:
    """A `cls` payload of the outcome. Its fields are `user_errors` and one field for what
    changed (`field` names it when there are several): a single object, or a list when it
    defaults to an empty one; `code`, if it has one, for a secret made for the caller (`Changed.shown`),
    and `extra` fills others (a sign-up's token)."""
    fields = dataclasses.fields(cast("type[DataclassInstance]", cls))  # strawberry types are dataclasses
    (changed,) = (f for f in fields if f.name not in OTHER_FIELDS and field in (None, f.name))
    objects = [build_named(outcome.type_name, row) for row in outcome.rows] if outcome.type_name else []
    value: Any = objects if changed.default_factory is list else (objects[0] if objects else None)
    values = {changed.name: value, "user_errors": user_errors(outcome.problems, info.context.locale)}
    if any(f.name == "code" for f in fields):
        values["code"] = outcome.shown
    return cls(**{**values, **(extra or {})})
