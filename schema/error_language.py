"""GraphQL-level errors (a document that does not parse or validate, a variable that does not
coerce, a cost or shape limit, a refused or failed field) in the client's language, as user
errors are: Chinese (zh-CN) unless the client's first language is English (`Accept-Language`).

A Chinese message is chosen by the error's `extensions.code` (errors graphql-core raises have
none: their kind is told from the message and given as the code); the English original stays
in `extensions.detail`, since it names the exact field, type or position. English messages are
left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from domain.messages import DEFAULT_LOCALE, MESSAGES, message

VARIABLE = re.compile(r"^Variable '\$(\w+)'")


def localized_errors(errors: list[Any], locale: str) -> list[Any]:
    if locale != DEFAULT_LOCALE:
        return errors
    return [in_chinese(error) for error in errors]


def in_chinese(error: Any) -> Any:
    if not isinstance(error, Mapping):
        return error
    original = str(error.get("message", ""))
    if not original.isascii():  # said in Chinese already (a user-facing message of ours)
        return error
    extensions = dict(error.get("extensions") or {})
    code, params = _kind(error, extensions, original)
    key = f"error_{code}" if f"error_{code}" in MESSAGES else "error_OTHER"
    if code == "BAD_USER_INPUT" and "argument" not in extensions:
        key = "error_BAD_VARIABLE" if "variable" in params else "error_GRAPHQL_VALIDATION_FAILED"
    return {
        **error,
        "message": message(key, DEFAULT_LOCALE, params),
        "extensions": {**extensions, "code": code, "detail": original},
    }


def _kind(error: Mapping[str, Any], extensions: dict[str, Any], original: str) -> tuple[str, dict[str, Any]]:
    """The error's code (its own, or the kind graphql-core's message tells) and the message's
    parameters."""
    code = extensions.get("code")
    cost = extensions.get("cost") or {}
    params: dict[str, Any] = {
        "argument": extensions.get("argument", ""),
        "requested": cost.get("requested", ""),
        "limit": cost.get("limit", ""),
    }
    variable = VARIABLE.match(original)
    if variable:
        params["variable"] = variable.group(1)
    if code is None:
        if original.startswith("Syntax Error"):
            code = "GRAPHQL_PARSE_FAILED"
        elif variable:
            code = "BAD_USER_INPUT"
        elif error.get("path") is None:
            code = "GRAPHQL_VALIDATION_FAILED"
        else:
            code = "INTERNAL_SERVER_ERROR"
    params["code"] = code
    return str(code), params
