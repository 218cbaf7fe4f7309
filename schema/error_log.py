"""What a request's GraphQL errors leave in the log: a bounded amount, whatever the request.

- What the client got wrong (bad arguments, not found, refusals, invalid documents) is one
  INFO line per request: the request id, the operation, and a count per error code. 450 bad
  tracking codes in one request are one short line, not 450 tracebacks.
- Faults of ours (an exception that is not a GraphQL error) are one ERROR line per request,
  with the traceback of the first and the reference the client sees in every masked error of
  that request (schema/internal_errors.py shows it).
- The database unavailable (unreachable, busy, too slow: `datasources.db.is_unavailable`) is
  not a fault of ours: one WARNING line per request, the exception's type, no traceback.

`FederatedSchema.process_errors` calls `log_errors` once per request, before the faults are
masked; strawberry's own per-error logging (a traceback each) is not used.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from typing import Any

from graphql.error import GraphQLError

from datasources.db import is_unavailable

log = logging.getLogger("yiwuxian.errors")

MAX_CODES = 5  # error codes named in a line (the most frequent); the total counts all
MAX_PATHS = 3  # paths of faults named in a line
REFERENCE = "reference"  # the extension the fault's reference travels in, to the masking


def is_unexpected(error: GraphQLError) -> bool:
    """A fault of ours: an exception that is not a GraphQL error we raised on purpose."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


def is_unavailable_fault(error: GraphQLError) -> bool:
    """A fault that is the database being unavailable (the client gets 503, not a reference)."""
    return error.original_error is not None and is_unavailable(error.original_error)


def code_of(error: GraphQLError) -> str:
    code = (error.extensions or {}).get("code")
    if code:
        return str(code)
    if error.original_error is not None:
        return "BAD_REQUEST"
    return "GRAPHQL_PARSE_FAILED" if error.message.startswith("Syntax Error") else "GRAPHQL_VALIDATION_FAILED"


def log_errors(errors: list[GraphQLError], execution_context: Any = None) -> None:
    """Log one request's errors: at most one line for the expected ones and one for faults."""
    context = getattr(execution_context, "context", None)
    request_id = getattr(context, "request_id", None) or "-"
    operation = getattr(execution_context, "operation_name", None) or "-"
    unexpected = [error for error in errors if is_unexpected(error)]
    unavailable = [error for error in unexpected if is_unavailable_fault(error)]
    faults = [error for error in unexpected if not is_unavailable_fault(error)]
    expected = [error for error in errors if not is_unexpected(error)]
    if expected:
        codes = Counter(code_of(error) for error in expected)
        named = " ".join(f"{code}={count}" for code, count in codes.most_common(MAX_CODES))
        log.info("refused request=%s operation=%s errors=%d %s", request_id, operation, len(expected), named)
    if unavailable:
        kinds = sorted({type(error.original_error).__name__ for error in unavailable})
        log.warning(
            "database unavailable request=%s operation=%s errors=%d %s",
            request_id,
            operation,
            len(unavailable),
            " ".join(kinds[:MAX_CODES]),
        )
    if faults:
        reference = uuid.uuid4().hex[:12]
        for fault in faults:
            fault.extensions = {**(fault.extensions or {}), REFERENCE: reference}
        paths = " ".join(".".join(map(str, fault.path or ())) or "-" for fault in faults[:MAX_PATHS])
        log.error(
            "internal error reference=%s request=%s operation=%s faults=%d at %s",
            reference,
            request_id,
            operation,
            len(faults),
            paths,
            exc_info=faults[0].original_error,
        )


def reference_of(error: GraphQLError) -> str:
    """The reference `log_errors` gave a fault (a fresh one if it was never logged)."""
    return str((error.extensions or {}).get(REFERENCE) or uuid.uuid4().hex[:12])
