"""Insights (数据分析): how well supply meets demand, for the federation's dashboards."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from auth.permissions import ActsForSource, guarded_field
from datasources.queries.insights import InsightScope
from domain.insights import Balance, hours, ratio
from resolvers import insights as figures
from resolvers.context import Info
from schema.enums import ComplaintOutcome, ResourceCategory
from schema.objects import build_named

if TYPE_CHECKING:
    from schema.districts import District

Lazy = strawberry.lazy


@strawberry.input(description="Which records the insights cover. All conditions must hold.")
class InsightFilter:
    district: strawberry.ID | None = strawberry.field(default=None, description="Only this district.")
    category: ResourceCategory | None = strawberry.field(default=None, description="Only this category.")
    since: datetime | None = strawberry.field(default=None, description="Only records created at or after.")


@strawberry.type(
    description="Supply against demand for one group (a category, a district, or everything): "
    "the matching degree (资源与需求匹配程度). Drafts, withdrawn resources and cancelled demands "
    "are left out."
)
class SupplyDemandBalance:
    category: ResourceCategory | None = strawberry.field(
        description="The category, when grouped by category."
    )
    district_id: strawberry.Private[int | None]
    figures: strawberry.Private[Balance]

    @strawberry.field(description="The district, when grouped by district.")
    async def district(self, info: Info) -> Annotated[District, Lazy("schema.districts")] | None:
        if self.district_id is None:
            return None
        return build_named("District", await info.context.loaders.district_by_id.load(self.district_id))

    @strawberry.field(description="Demands published (open, matched, fulfilled or closed).")
    def demands(self) -> int:
        return self.figures.demands

    @strawberry.field(description="Demands still open, with no engagement covering them in full.")
    def open_demands(self) -> int:
        return self.figures.open_demands

    @strawberry.field(description="People the demands would help.")
    def beneficiaries(self) -> int:
        return self.figures.beneficiaries

    @strawberry.field(description="Units the demands need in all.")
    def units_needed(self) -> int:
        return self.figures.units_needed

    @strawberry.field(description="Units promised by accepted or completed engagements.")
    def units_matched(self) -> int:
        return self.figures.units_matched

    @strawberry.field(
        description="Units needed that no engagement covers yet: units needed less units matched, "
        "never below 0. Rank hot spots of unmet demand by it."
    )
    def unmet_units(self) -> int:
        return self.figures.unmet_units

    @strawberry.field(description="Units delivered by completed engagements.")
    def units_fulfilled(self) -> int:
        return self.figures.units_fulfilled

    @strawberry.field(description="Resources on offer (published or exhausted).")
    def resources(self) -> int:
        return self.figures.resources

    @strawberry.field(description="Units the resources offer in all.")
    def units_offered(self) -> int:
        return self.figures.units_offered

    @strawberry.field(description="Units of the resources still free to commit.")
    def units_available(self) -> int:
        return self.figures.units_available

    @strawberry.field(
        description="Share of the needed units that engagements cover; null when nothing is needed."
    )
    def match_rate(self) -> float | None:
        return self.figures.match_rate

    @strawberry.field(description="Share of the needed units delivered; null when nothing is needed.")
    def fulfilment_rate(self) -> float | None:
        return self.figures.fulfilment_rate

    @strawberry.field(
        description="Free units on offer per unit still needed: above 1, the supply could cover the rest; "
        "null when nothing more is needed."
    )
    def supply_ratio(self) -> float | None:
        return self.figures.supply_ratio


@strawberry.type(description="Engagements (对接) by where they ended up, and how fast they were answered.")
class EngagementFunnel:
    proposed: int = strawberry.field(description="Still waiting for an answer.")
    accepted: int = strawberry.field(description="Accepted, not yet completed.")
    completed: int = strawberry.field(description="Completed.")
    declined: int = strawberry.field(description="Declined by the other side.")
    cancelled: int = strawberry.field(description="Cancelled after proposal or acceptance.")
    acceptance_rate: float | None = strawberry.field(description="Accepted among the answered proposals.")
    completion_rate: float | None = strawberry.field(description="Completed among the settled engagements.")
    mean_response_hours: float | None = strawberry.field(description="Mean hours from proposal to answer.")


@strawberry.type(description="Demands published in one month, in one category: how needs change.")
class MonthlyDemand:
    month: str = strawberry.field(description="The month, YYYY-MM (UTC).")
    category: ResourceCategory = strawberry.field(description="The category.")
    demands: int = strawberry.field(description="Demands published.")


@strawberry.type(description="How fast the demands of one category were met, from their publication.")
class MatchTiming:
    category: ResourceCategory = strawberry.field(description="The category.")
    demands: int = strawberry.field(description="Demands published (open, matched, fulfilled or closed).")
    matched: int = strawberry.field(
        description="Demands an accepted engagement has covered, in part or in full."
    )
    fulfilled: int = strawberry.field(description="Demands whose units were all delivered.")
    median_hours_to_match: float | None = strawberry.field(
        description="Median hours from publication to the first accepted engagement; null when none matched."
    )
    p90_hours_to_match: float | None = strawberry.field(
        description="90th percentile (nearest rank) of the hours to a first match."
    )
    median_hours_to_fulfil: float | None = strawberry.field(
        description="Median hours from publication to the delivery of every unit; null when none fulfilled."
    )
    p90_hours_to_fulfil: float | None = strawberry.field(
        description="90th percentile (nearest rank) of the hours to fulfilment."
    )


@strawberry.type(description="What happened in one month (UTC).")
class MonthlyActivity:
    month: str = strawberry.field(description="The month, YYYY-MM (UTC).")
    demands_published: int = strawberry.field(
        description="Demands put on offer that month (drafts left out)."
    )
    resources_published: int = strawberry.field(description="Resources put on offer that month.")
    engagements_completed: int = strawberry.field(description="Engagements completed that month.")
    volunteer_hours: float = strawberry.field(
        description="Hours served by volunteers in positions completed that month."
    )


@strawberry.type(
    description="The 24-hour appeal channel (网上妇女之家) in one district: how fast homes answer residents."
)
class AppealReplyFigures:
    district_id: strawberry.Private[int]
    appeals: int = strawberry.field(description="Appeals submitted.")
    replied: int = strawberry.field(description="Appeals with at least one reply.")
    median_hours_to_first_reply: float | None = strawberry.field(
        description="Median hours from submission to the first reply; null when none was replied."
    )
    replied_within_24_hours_rate: float | None = strawberry.field(
        name="repliedWithin24HoursRate",
        description="Share of the appeals whose first reply came within 24 hours.",
    )

    @strawberry.field(description="The district.")
    async def district(self, info: Info) -> Annotated[District, Lazy("schema.districts")] | None:
        return build_named("District", await info.context.loaders.district_by_id.load(self.district_id))


@strawberry.type(description="Closed complaints (投诉) that ended one way.")
class ComplaintOutcomeCount:
    outcome: ComplaintOutcome = strawberry.field(description="How they ended.")
    complaints: int = strawberry.field(description="Complaints closed so.")


@strawberry.type(description="Providers whose reputation score falls in [lowerBound, upperBound).")
class ReputationBucket:
    lower_bound: float = strawberry.field(description="Lowest score in the bucket.")
    upper_bound: float = strawberry.field(
        description="Highest score, not included (but 5, the best score, is in the last bucket)."
    )
    providers: int = strawberry.field(
        description="Participants with a resource on offer in scope whose score falls in the bucket."
    )


@strawberry.type(description="Figures for dashboards (数据分析), within the filter given to `insights`.")
class Insights:
    scope: strawberry.Private[InsightScope]
    # What several fields share, computed once per request (resolvers/insights.py: `once`).
    memo: strawberry.Private[dict[str, Any]] = dataclasses.field(default_factory=dict)

    @strawberry.field(description="Supply and demand of everything in scope.")
    async def total(self, info: Info) -> SupplyDemandBalance:
        groups = await figures.cells(info, self.scope, self.memo)
        return SupplyDemandBalance(category=None, district_id=None, figures=sum(groups.values(), Balance()))

    @strawberry.field(description="Supply and demand per category, in the order of the categories' names.")
    async def by_category(self, info: Info) -> list[SupplyDemandBalance]:
        groups = figures.regrouped(await figures.cells(info, self.scope, self.memo), 0)
        return [
            SupplyDemandBalance(category=key, district_id=None, figures=value)
            for key, value in groups.items()
        ]

    @strawberry.field(description="Supply and demand per district, by district id.")
    async def by_district(self, info: Info) -> list[SupplyDemandBalance]:
        groups = figures.regrouped(await figures.cells(info, self.scope, self.memo), 1)
        return [
            SupplyDemandBalance(category=None, district_id=key, figures=value)
            for key, value in groups.items()
        ]

    @strawberry.field(description="Engagements of the demands in scope, by status.")
    async def engagement_funnel(self, info: Info) -> EngagementFunnel:
        counts, hours = await figures.funnel(info, self.scope)
        return EngagementFunnel(
            proposed=counts["PROPOSED"],
            accepted=counts["ACCEPTED"],
            completed=counts["COMPLETED"],
            declined=counts["DECLINED"],
            cancelled=counts["CANCELLED"],
            acceptance_rate=figures.acceptance_rate(counts),
            completion_rate=figures.completion_rate(counts),
            mean_response_hours=round(hours, 2) if hours is not None else None,
        )

    @strawberry.field(description="Demands published per month and category, oldest month first.")
    async def demand_trend(self, info: Info) -> list[MonthlyDemand]:
        rows = await figures.trend(info, self.scope)
        return [
            MonthlyDemand(month=month, category=ResourceCategory(category), demands=count)
            for month, category, count in rows
        ]

    @strawberry.field(
        description="Supply and demand per category and district: every pair with a demand or a resource, "
        "most unmet units first, then by category, then by district id. The hot spots of unmet demand."
    )
    async def by_category_and_district(self, info: Info) -> list[SupplyDemandBalance]:
        groups = await figures.cells(info, self.scope, self.memo)
        return [
            SupplyDemandBalance(category=ResourceCategory(category), district_id=district_id, figures=value)
            for (category, district_id), value in figures.hot_spots(groups)
        ]

    @strawberry.field(
        description="Time to first match and to fulfilment, one entry per category in the order of "
        "the categories' names. Percentiles are nearest-rank over whole seconds."
    )
    async def time_to_match(self, info: Info) -> list[MatchTiming]:
        return [
            MatchTiming(
                category=ResourceCategory(category),
                demands=found.demands if found else 0,
                matched=found.matched if found else 0,
                fulfilled=found.fulfilled if found else 0,
                median_hours_to_match=hours(found.match_median) if found else None,
                p90_hours_to_match=hours(found.match_p90) if found else None,
                median_hours_to_fulfil=hours(found.fulfil_median) if found else None,
                p90_hours_to_fulfil=hours(found.fulfil_p90) if found else None,
            )
            for category, found in await figures.time_to_match(info, self.scope)
        ]

    @strawberry.field(
        description="Month by month, oldest first: demands and resources published, engagements "
        "completed, volunteer hours. `since` counts from the moment of each (publication, completion)."
    )
    async def monthly_trend(self, info: Info) -> list[MonthlyActivity]:
        return [
            MonthlyActivity(
                month=month,
                demands_published=int(values[0]),
                resources_published=int(values[1]),
                engagements_completed=int(values[2]),
                volunteer_hours=float(values[3]),
            )
            for month, values in (await figures.monthly_trend(info, self.scope)).items()
        ]

    @strawberry.field(
        description="The appeal channel per district, by district id (only districts with appeals). "
        "Appeals have no category: the category filter does not narrow them."
    )
    async def appeal_replies(self, info: Info) -> list[AppealReplyFigures]:
        return [
            AppealReplyFigures(
                district_id=district_id,
                appeals=found.appeals,
                replied=found.replied,
                median_hours_to_first_reply=hours(found.median),
                replied_within_24_hours_rate=ratio(found.within_a_day, found.appeals),
            )
            for district_id, found in await figures.appeal_replies(info, self.scope)
        ]

    @strawberry.field(
        description="Closed complaints by outcome, about participants of the district filtered on. "
        "Complaints have no resource category: the category filter does not narrow them."
    )
    async def complaints_by_outcome(self, info: Info) -> list[ComplaintOutcomeCount]:
        return [
            ComplaintOutcomeCount(outcome=ComplaintOutcome(outcome), complaints=count)
            for outcome, count in (await figures.complaints_by_outcome(info, self.scope)).items()
        ]

    @strawberry.field(
        description="Providers of the resources on offer in scope by reputation score, in fixed "
        "half-point buckets from 1 to 5, lowest first (empty buckets included)."
    )
    async def reputation_distribution(self, info: Info) -> list[ReputationBucket]:
        return [
            ReputationBucket(lower_bound=low, upper_bound=high, providers=count)
            for low, high, count in await figures.reputation_distribution(info, self.scope)
        ]


async def _own_insights(root: strawberry.Parent[Any], filter: InsightFilter | None = None) -> Insights | None:
    scope = figures.scope_of(filter)
    return Insights(scope=replace(scope, party=(root.participant_kind.value, root.pk)))


def own_insights_field(who: str) -> Any:
    """`insights` on a home or an organization: its own figures, for itself and staff."""
    return guarded_field(
        ActsForSource(),
        description=f"The figures of {who}'s own demands, resources, engagements, appeals and "
        "complaints, within the filter.",
        resolver=_own_insights,
    )
