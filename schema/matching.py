"""Matching (精准对接): suggestions with their reasons, opportunities for volunteers, and the
global allocation plan."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry

from domain.matching import weights
from domain.matching.allocation import NoGuaranteeReason
from domain.matching.explain import detail
from domain.matching.model import Scored
from domain.matching.opportunities import POSITION
from resolvers.context import Info
from resolvers.matching import Found, FoundOpening, OpeningPage, PlanFound
from schema.enums import ResourceCategory, described
from schema.objects import build_named, build_visible
from schema.pagination import PageInfo

if TYPE_CHECKING:
    from schema.demands import Demand
    from schema.districts import District
    from schema.events import Event
    from schema.resources import Resource

Lazy = strawberry.lazy

FACTORS = ", ".join([*weights.WEIGHTS, *(f for f in weights.OPPORTUNITY_WEIGHTS if f not in weights.WEIGHTS)])


@strawberry.type(
    description="One term of a match score, and why it came out so (推荐理由). "
    "The contributions of a suggestion's reasons add up to its score."
)
class MatchReason:
    factor: str = strawberry.field(description=f"Which term: one of {FACTORS}.")
    weight: float = strawberry.field(
        description="Its weight in the score; the weights of one kind of match add up to 1."
    )
    value: float = strawberry.field(description="How well the pair does on this term, from 0 to 1.")
    contribution: float = strawberry.field(description="weight × value: what this term adds to the score.")
    detail: str = strawberry.field(
        description="The reason in a sentence, in the request's language (Accept-Language: zh-CN or en), "
        "e.g. 同一街道, 1.2 公里 / 评分 4.7 (23 次评价)."
    )


@strawberry.enum(description="What a suggestion pairs.")
class MatchKind(Enum):
    DEMAND_RESOURCE = strawberry.enum_value("DEMAND_RESOURCE", description="A demand and a resource.")
    VOLUNTEER_POSITION = strawberry.enum_value(
        "VOLUNTEER_POSITION",
        description="A volunteer and a volunteer position (a resource of that category).",
    )
    VOLUNTEER_EVENT = strawberry.enum_value("VOLUNTEER_EVENT", description="A volunteer and an event.")


async def _node(info: Info, type_name: str, loader: str, pk: int | None) -> Any:
    if pk is None:
        return None
    row = await getattr(info.context.loaders, loader).load(pk)
    return build_visible(info, type_name, row)


@strawberry.type(
    description="A suggested match (推荐对接), best first in its list: a demand and a resource, or a "
    "volunteer and an opportunity (a volunteer position or an event). Only pairs that pass every hard "
    "filter are suggested: an active provider, the same category, units left, overlapping time "
    "windows, an area the provider serves, nothing declined between them before."
)
class MatchSuggestion:
    kind: MatchKind = strawberry.field(description="What it pairs.")
    score: float = strawberry.field(description="How good the match is, from 0 to 1: the sum of `reasons`.")
    reasons: list[MatchReason] = strawberry.field(
        description="The terms of the score, always in the same order."
    )
    demand_id: strawberry.Private[int | None] = None
    resource_id: strawberry.Private[int | None] = None
    event_id: strawberry.Private[int | None] = None
    known: strawberry.Private[Any] = None  # the object the suggestions were asked for

    @strawberry.field(description="The demand; null for a volunteer's suggestions.")
    async def demand(self, info: Info) -> Annotated[Demand, Lazy("schema.demands")] | None:
        if self.known is not None and getattr(self.known, "__node_name__", None) == "Demand":
            return self.known
        return await _node(info, "Demand", "demand_by_id", self.demand_id)

    @strawberry.field(
        description="The resource; for a volunteer, the volunteer position (null for an event)."
    )
    async def resource(self, info: Info) -> Annotated[Resource, Lazy("schema.resources")] | None:
        if self.known is not None and getattr(self.known, "__node_name__", None) == "Resource":
            return self.known
        return await _node(info, "Resource", "resource_by_id", self.resource_id)

    @strawberry.field(description="For a volunteer: the event suggested (null for a volunteer position).")
    async def event(self, info: Info) -> Annotated[Event, Lazy("schema.events")] | None:
        return await _node(info, "Event", "event_by_id", self.event_id)


@strawberry.enum(description="What kind of opportunity a volunteer can take part in.")
class OpportunityKind(Enum):
    VOLUNTEER_POSITION = strawberry.enum_value(
        "POSITION", description="A volunteer position (志愿岗位): a resource of category VOLUNTEER_POSITION."
    )
    EVENT = strawberry.enum_value("EVENT", description="A published event: activity, training, campaign...")


@strawberry.type(
    description="Something a volunteer can take part in (志愿机会): an open volunteer position or a "
    "published event still taking people."
)
class Opportunity:
    kind: OpportunityKind = strawberry.field(description="A volunteer position or an event.")
    title: str = strawberry.field(description="The position's or event's title.")
    starts_at: datetime | None = strawberry.field(
        description="A position's start of availability, an event's start."
    )
    ends_at: datetime | None = strawberry.field(
        description="A position's end of availability, an event's end."
    )
    skills: list[str] = strawberry.field(description="Skills wanted from volunteers, if any.")
    spots_left: int | None = strawberry.field(description="Places still free; null when unlimited.")
    distance_km: float | None = strawberry.field(
        description="km from `near`'s centre, or from the signed-in volunteer's own place; null otherwise."
    )
    score: float | None = strawberry.field(
        description="How well it suits the signed-in volunteer (0 to 1); null for anyone else."
    )
    reasons: list[MatchReason] = strawberry.field(
        description="Why it suits the signed-in volunteer; empty for anyone else."
    )
    position: Annotated[Resource, Lazy("schema.resources")] | None = strawberry.field(
        description="The volunteer position, when it is one."
    )
    event: Annotated[Event, Lazy("schema.events")] | None = strawberry.field(
        description="The event, when it is one."
    )
    district_id: strawberry.Private[int]

    @strawberry.field(description="The district it takes place in.")
    async def district(self, info: Info) -> Annotated[District, Lazy("schema.districts")]:
        return build_named("District", await info.context.loaders.district_by_id.load(self.district_id))


@strawberry.type(description="An opportunity with its cursor.")
class OpportunityEdge:
    cursor: str = strawberry.field(description="Pass as `after` to page from here.")
    node: Opportunity = strawberry.field(description="The opportunity.")


@strawberry.type(
    description="A page of opportunities (Relay connection). The list is ranked anew on each request: "
    "if the ranking moved between two pages, an item may repeat or be skipped at the boundary."
)
class OpportunityConnection:
    edges: list[OpportunityEdge] = strawberry.field(
        description="The opportunities of this page, with cursors."
    )
    nodes: list[Opportunity] = strawberry.field(description="The opportunities of this page.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    total_count: int = strawberry.field(description="How many opportunities the whole list has.")


described(
    NoGuaranteeReason,
    "Why an allocation plan promises no worst-district fill rate.",
    {
        "NO_FLOOR": "No fairness floor was asked for: the plan maximises the total score only.",
        "NOTHING_REACHABLE": "No resource can give a unit to any demand planned: no fill rate to keep.",
    },
)


@strawberry.input(description="What to plan: the open demands of one category, and how fair to be.")
class AllocationPlanInput:
    category: ResourceCategory = strawberry.field(description="The category of demands and resources.")
    district: strawberry.ID | None = strawberry.field(
        default=None,
        description="Only the demands of this district (with every resource that serves it); null: the city.",
    )
    fairness_floor: float | None = strawberry.field(
        default=None,
        description="From 0 to 1. With f, every district's fill rate (of the units some resource can reach) "
        "is at least f × the best worst-district fill rate any plan in whole units achieves; then the total "
        "score is maximised. Null or 0: maximise the total score only (central districts may take most).",
    )


@strawberry.type(
    description="One proposed engagement of a plan: what applying the plan would propose (PROPOSED), "
    "for the parties to accept or decline."
)
class AllocationProposal:
    quantity: int = strawberry.field(description="Units of the resource for the demand.")
    score: float = strawberry.field(description="The pair's match score (0 to 1).")
    demand_id: strawberry.Private[int]
    resource_id: strawberry.Private[int]

    @strawberry.field(description="The demand.")
    async def demand(self, info: Info) -> Annotated[Demand, Lazy("schema.demands")] | None:
        return await _node(info, "Demand", "demand_by_id", self.demand_id)

    @strawberry.field(description="The resource.")
    async def resource(self, info: Info) -> Annotated[Resource, Lazy("schema.resources")] | None:
        return await _node(info, "Resource", "resource_by_id", self.resource_id)


@strawberry.type(description="How much of one district's open need a plan meets.")
class DistrictFill:
    units_needed: int = strawberry.field(description="Units its open demands still need.")
    units_unreachable: int = strawberry.field(
        description="Of those, units no resource can give: each demand's need beyond the units left on the "
        "resources that can serve it. A supply gap to fill, not counted in the fill rate."
    )
    units_allocated: int = strawberry.field(description="Units the plan gives them.")
    fill_rate: float = strawberry.field(
        description="units allocated / (units needed − units unreachable); 1 when no unit is reachable."
    )
    reachable: bool = strawberry.field(
        description="Whether any resource can give any unit to its demands (if not, no plan can help)."
    )
    district_id: strawberry.Private[int]

    @strawberry.field(description="The district.")
    async def district(self, info: Info) -> Annotated[District, Lazy("schema.districts")]:
        return build_named("District", await info.context.loaders.district_by_id.load(self.district_id))


@strawberry.type(
    description="A global allocation plan (全局调配方案): proposals that maximise the total match score "
    "(score × units) under every resource's remaining units and every demand's remaining need, "
    "optionally with a fairness floor on each district's fill rate. Nothing is committed: a plan is "
    "a set of proposals."
)
class AllocationPlan:
    category: ResourceCategory = strawberry.field(description="The category planned.")
    fairness_floor: float | None = strawberry.field(description="The fairness floor asked for.")
    achievable_min_fill_rate: float | None = strawberry.field(
        description="With a fairness floor: the best worst-district fill rate of any plan in whole units "
        "(exact, over the districts with reachable units)."
    )
    guaranteed_min_fill_rate: float | None = strawberry.field(
        description="With a fairness floor: fairnessFloor × achievableMinFillRate. minFillRate is never "
        "below it; null exactly when noGuaranteeReason says why."
    )
    no_guarantee_reason: NoGuaranteeReason | None = strawberry.field(
        description="Why this plan promises no worst-district fill rate; null when it does (see "
        "guaranteedMinFillRate)."
    )
    min_fill_rate: float | None = strawberry.field(
        description="This plan's worst fill rate among the districts with reachable units; null if none has."
    )
    total_score: float = strawberry.field(description="Sum of score × quantity over the proposals.")
    price_of_fairness: float | None = strawberry.field(
        description="With a fairness floor: the total score given up for it (the best total score without a "
        "floor minus totalScore; 0 when the floor costs nothing)."
    )
    units_needed: int = strawberry.field(description="Units the open demands still need.")
    units_unreachable: int = strawberry.field(
        description="Of those, units no resource can give (the districts' unitsUnreachable summed)."
    )
    units_allocated: int = strawberry.field(description="Units the proposals give.")
    demand_count: int = strawberry.field(description="Open demands considered.")
    resource_count: int = strawberry.field(description="Resources with units left considered.")
    candidate_pairs: int = strawberry.field(description="Demand–resource pairs that passed the hard filters.")
    proposals: list[AllocationProposal] = strawberry.field(
        description="The proposals, by demand then resource; apply them to propose engagements."
    )
    district_fills: list[DistrictFill] = strawberry.field(description="Fill rate of every district planned.")
    district_id: strawberry.Private[int | None] = None

    @strawberry.field(description="The district asked for; null for the whole city.")
    async def district(self, info: Info) -> Annotated[District, Lazy("schema.districts")] | None:
        if self.district_id is None:
            return None
        return build_named("District", await info.context.loaders.district_by_id.load(self.district_id))


# Matching results as graph objects ---------------------------------------------------------


def reasons_of(scored: Scored, locale: str) -> list[MatchReason]:
    return [
        MatchReason(
            factor=reason.factor,
            weight=reason.weight,
            value=reason.value,
            contribution=reason.contribution,
            detail=detail(reason, locale),
        )
        for reason in scored.reasons
    ]


def suggestions(info: Info, found: list[Found], known: Any = None) -> list[MatchSuggestion]:
    """The suggestions found; `known` is the side already loaded (the field's parent)."""
    return [
        MatchSuggestion(
            kind=MatchKind[each.kind],
            score=each.scored.score,
            reasons=reasons_of(each.scored, info.context.locale),
            demand_id=each.demand_id,
            resource_id=each.resource_id,
            event_id=each.event_id,
            known=known,
        )
        for each in found
    ]


def _opportunity(info: Info, found: FoundOpening) -> Opportunity:
    opening, row, scored = found.opening, found.row, found.scored
    is_position = opening.kind == POSITION
    return Opportunity(
        kind=OpportunityKind.VOLUNTEER_POSITION if is_position else OpportunityKind.EVENT,
        title=row.title,
        starts_at=opening.starts_at,
        ends_at=opening.ends_at,
        skills=sorted(opening.skills),
        spots_left=opening.spots_left,
        distance_km=found.distance_km,
        score=scored.score if scored else None,
        reasons=reasons_of(scored, info.context.locale) if scored else [],
        position=build_named("Resource", row) if is_position else None,
        event=None if is_position else build_named("Event", row),
        district_id=row.district_id,
    )


def opportunity_connection(info: Info, page: OpeningPage) -> OpportunityConnection:
    edges = [OpportunityEdge(cursor=found.cursor, node=_opportunity(info, found)) for found in page.items]
    return OpportunityConnection(
        edges=edges,
        nodes=[edge.node for edge in edges],
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=page.total,
    )


def allocation_plan(category: ResourceCategory, found: PlanFound) -> AllocationPlan:
    result = found.plan
    allocation = result.allocation
    return AllocationPlan(
        category=category,
        fairness_floor=found.fairness_floor,
        achievable_min_fill_rate=allocation.achievable_min_fill,
        guaranteed_min_fill_rate=allocation.guaranteed_min_fill,
        no_guarantee_reason=allocation.no_guarantee,
        min_fill_rate=allocation.min_fill,
        total_score=allocation.objective,
        price_of_fairness=allocation.price_of_fairness,
        units_needed=sum(need.remaining for need in result.needs),
        units_unreachable=allocation.unreachable_units,
        units_allocated=allocation.units,
        demand_count=len(result.needs),
        resource_count=len(result.offers),
        candidate_pairs=result.pairs,
        proposals=[
            AllocationProposal(
                quantity=p.quantity, score=p.score, demand_id=p.demand_id, resource_id=p.resource_id
            )
            for p in result.proposals
        ],
        district_fills=[
            DistrictFill(
                units_needed=fill.needed,
                units_unreachable=fill.unreachable_units,
                units_allocated=fill.allocated,
                fill_rate=fill.rate,
                reachable=fill.reachable_units > 0,
                district_id=cast(int, fill.group),  # a plan groups demands by district id
            )
            for fill in sorted(allocation.fills, key=lambda fill: cast(int, fill.group))
        ],
        district_id=found.district_id,
    )
