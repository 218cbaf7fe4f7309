"""The plans of the operations run lately, so a document sent again is not planned again.

A plan depends on the operation and on its variables (they choose the arguments and what
@include/@skip keep), never on the viewer (visibility and personal fields are decided on the
rows, at each run), so it is kept by (operation, variables). Bounded like schema/document_cache.py:
at most `MAX_ENTRIES` plans, and none for variables longer than `MAX_VARIABLE_CHARS` as text.
Responses are never kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from graphql import OperationDefinitionNode

MAX_ENTRIES = 256
MAX_VARIABLE_CHARS = 2_000


class Plans:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        # (id of the operation, variables as text) -> (the operation, its plans by root key).
        self.entries: OrderedDict[tuple[int, str], tuple[OperationDefinitionNode, dict[Hashable, Any]]] = (
            OrderedDict()
        )

    def of(self, operation: OperationDefinitionNode, variables: dict[str, Any]) -> dict[Hashable, Any]:
        """The plans of this operation with these variables: filled by the run if new."""
        text = repr(sorted(variables.items()))
        if len(text) > MAX_VARIABLE_CHARS:
            return {}
        key = (id(operation), text)
        entry = self.entries.get(key)
        if entry is not None and entry[0] is operation:  # an id is reused once its node is gone
            self.entries.move_to_end(key)
            return entry[1]
        plans: dict[Hashable, Any] = {}
        self.entries[key] = (operation, plans)
        while len(self.entries) > self.max_entries:
            self.entries.popitem(last=False)
        return plans


PLANS = Plans()
