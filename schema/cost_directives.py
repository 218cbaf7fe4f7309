"""The weights of schema/cost.py published in the SDL, as federation 2.9's `@cost` and
`@listSize` (the IBM cost directives), so a router's demand control (Apollo Router, Hive
Gateway) sizes lists as this service does:

- every connection field: `@listSize(slicingArguments: ["first", "last"], sizedFields:
  ["edges", "nodes"], assumedSize: 20, requireOneSlicingArgument: false)`;
- every other list with a `first` argument (the suggestions): `@listSize(slicingArguments:
  ["first"], requireOneSlicingArgument: false)` (the argument's default sizes it otherwise);
- the lists of ASSUMED_SIZES: `@listSize(assumedSize: N)`;
- the fields of COMPUTED: `@cost(weight: N)`. This service counts it once per parent; a router
  following the IBM specification may count it for each item of the list (a higher estimate).

Arguments left UNSET are left out of the SDL. `publish_costs` adds the directives to the
strawberry field definitions before the schema is built (it is idempotent: building the schema
twice adds nothing twice).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from strawberry import UNSET
from strawberry.federation.schema_directives import Cost, ListSize
from strawberry.types.base import StrawberryContainer, StrawberryObjectDefinition, get_object_definition
from strawberry.types.field import StrawberryField
from strawberry.types.lazy_type import LazyType
from strawberry.utils.str_converters import to_camel_case

from resolvers.paging import DEFAULT_PAGE_SIZE
from schema.cost import ASSUMED_SIZES, COMPUTED, SIZED_FIELDS, SLICING_ARGUMENTS


def publish_costs(roots: Iterable[type]) -> None:
    """Add the cost directives to the fields of `roots` and of every type they reach."""
    for definition in _reachable(roots):
        for field in definition.fields:
            wanted = _directives(definition.name, field)
            present = {type(directive) for directive in field.directives}
            field.directives = [*field.directives, *(d for d in wanted if type(d) not in present)]


def _directives(type_name: str, field: StrawberryField) -> list[object]:
    name = field.graphql_name or to_camel_case(field.python_name)
    arguments = {argument.python_name for argument in field.arguments}
    slicing = [argument for argument in SLICING_ARGUMENTS if argument in arguments]
    directives: list[object] = []
    if (type_name, name) in COMPUTED:
        directives.append(Cost(weight=COMPUTED[type_name, name]))
    if slicing and _is_connection(field):
        directives.append(
            ListSize(
                assumed_size=DEFAULT_PAGE_SIZE,
                slicing_arguments=slicing,
                sized_fields=sorted(SIZED_FIELDS),
                require_one_slicing_argument=False,
            )
        )
    elif slicing:
        directives.append(
            ListSize(
                assumed_size=UNSET,
                slicing_arguments=slicing,
                sized_fields=UNSET,
                require_one_slicing_argument=False,
            )
        )
    elif (type_name, name) in ASSUMED_SIZES:
        directives.append(
            ListSize(
                assumed_size=ASSUMED_SIZES[type_name, name],
                slicing_arguments=UNSET,
                sized_fields=UNSET,
                require_one_slicing_argument=UNSET,
            )
        )
    return directives


def _is_connection(field: StrawberryField) -> bool:
    definition = get_object_definition(_unwrapped(field.type))
    return definition is not None and {"nodes", "edges"} <= {f.python_name for f in definition.fields}


def _unwrapped(kind: Any) -> Any:
    while isinstance(kind, StrawberryContainer | LazyType):
        kind = kind.of_type if isinstance(kind, StrawberryContainer) else kind.resolve_type()
    return kind


def _reachable(roots: Iterable[type]) -> Iterator[StrawberryObjectDefinition]:
    seen: set[int] = set()
    pending = [get_object_definition(root) for root in roots]
    while pending:
        definition = pending.pop()
        if definition is None or id(definition) in seen:
            continue
        seen.add(id(definition))
        yield definition
        for field in definition.fields:
            pending.append(get_object_definition(_unwrapped(field.type)))
