"""Insights (数据分析): how well supply meets demand, for the federation's dashboards."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from datasources.queries.insights import InsightScope
from domain.insights import Balance
from resolvers import insights as figures
from resolvers.context import Info
from schema.enums import ResourceCategory
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


@strawberry.type(description="Figures for dashboards (数据分析), within the filter given to `insights`.")
class Insights:
    scope: strawberry.Private[InsightScope]

    @strawberry.field(description="Supply and demand of everything in scope.")
    async def total(self, info: Info) -> SupplyDemandBalance:
        groups = await figures.balances(info, self.scope, "category")
        return SupplyDemandBalance(category=None, district_id=None, figures=sum(groups.values(), Balance()))

    @strawberry.field(description="Supply and demand per category, in the order of the categories' names.")
    async def by_category(self, info: Info) -> list[SupplyDemandBalance]:
        groups = await figures.balances(info, self.scope, "category")
        return [
            SupplyDemandBalance(category=key, district_id=None, figures=value)
            for key, value in groups.items()
        ]

    @strawberry.field(description="Supply and demand per district, by district id.")
    async def by_district(self, info: Info) -> list[SupplyDemandBalance]:
        groups = await figures.balances(info, self.scope, "district_id")
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
