"""The GraphQL schema: an Apollo Federation v2 subgraph."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.federation.schema import FederationAny

from resolvers.context import Info
from resolvers.paging import MAX_PAGE_SIZE
from schema.accounts import Account
from schema.appeals import Appeal
from schema.applications import VolunteerApplication
from schema.complaints import Complaint
from schema.cost_directives import publish_costs
from schema.demands import Demand
from schema.districts import District
from schema.engagements import Engagement
from schema.error_log import log_errors
from schema.events import Event, EventRegistration
from schema.homes import Home
from schema.mutation import Mutation
from schema.organizations import Organization
from schema.participants import Participant
from schema.query import Query
from schema.ratings import Rating
from schema.resources import Resource
from schema.social_workers import SocialWorker
from schema.subscription import Subscription
from schema.volunteers import Volunteer

# The newest federation version both Apollo's and The Guild's composition accept.
FEDERATION_VERSION = "2.9"

TYPES = [
    Account,
    Appeal,
    Complaint,
    Demand,
    District,
    Engagement,
    Event,
    EventRegistration,
    Home,
    Organization,
    Participant,
    Rating,
    Resource,
    SocialWorker,
    Volunteer,
    VolunteerApplication,
]


class FederatedSchema(strawberry.federation.Schema):
    def __init__(self, *, max_representations: int = MAX_PAGE_SIZE, **options: Any) -> None:
        super().__init__(**options)
        self.max_representations = max_representations

    def entities_resolver(self, info: Info, representations: list[FederationAny]) -> list[FederationAny]:
        """As strawberry's, but an unknown `__typename` fails its own item, not the field; more
        than `max_representations` (like `first` on a list) refuse the field before any lookup."""
        if len(representations) > self.max_representations:
            raise GraphQLError(
                f"_entities got {len(representations)} representations; "
                f"at most {self.max_representations} are allowed.",
                extensions={"code": "TOO_MANY_REPRESENTATIONS"},
            )
        known = self.schema_converter.type_map
        results: list[Any] = []
        for index, representation in enumerate(representations):
            type_name = representation.get("__typename") if isinstance(representation, dict) else None
            origin = getattr(known[type_name].definition, "origin", None) if type_name in known else None
            if not hasattr(origin, "resolve_reference"):
                results.append(
                    GraphQLError(
                        f"representations[{index}]: unknown entity type '{type_name}'",
                        extensions={"code": "BAD_USER_INPUT"},
                    )
                )
                continue
            results.extend(super().entities_resolver(info, [representation]))
        return results

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Not strawberry's (a traceback per error): a bounded summary per request, tracebacks
        for our faults only (schema/error_log.py)."""
        log_errors(errors, execution_context)


def build_schema(**options: Any) -> strawberry.federation.Schema:
    publish_costs([Query, Mutation, Subscription, *TYPES])  # @cost and @listSize in the SDL
    return FederatedSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=TYPES,
        federation_version=FEDERATION_VERSION,
        **options,
    )
