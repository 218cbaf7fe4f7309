"""Publishing demands (需求): publishDemand, updateDemand, cancelDemand.

The use cases are written once for resources and demands (services/offers.py: `Offers`); what is
a demand's own is said here: homes and organizations publish them, their statuses, their
sub-district, urgency, beneficiaries, deadline, and the amount a FUNDING demand asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Row

from datasources.tables import Demand
from domain.enums import DemandStatus, ResourceCategory, TargetGroup, Urgency
from domain.problems import UserErrorCode
from domain.workflows.accounting import demand_status, fulfilment_clock
from domain.workflows.categories import amount_fen
from domain.workflows.checks import Checks, optional_text
from domain.workflows.offers import (
    DEMAND_EDITABLE,
    MAX_BENEFICIARIES,
    MAX_SUBDISTRICT,
    REQUESTER_KINDS,
    check_moment,
)
from domain.workflows.states import DEMAND
from services.offers import End, Offers, Publish, Update, present

DEMANDS: Table = Demand.__table__


@dataclass(frozen=True)
class DemandFields:
    """A demand's own fields, as the client sent them; None: not given."""

    subdistrict: str | None = None
    urgency: Urgency | None = None
    target_group: TargetGroup | None = None
    beneficiary_count: int | None = None
    amount: Decimal | None = None  # CNY
    needed_by: datetime | None = None


PublishDemand = Publish[DemandFields]
UpdateDemand = Update[DemandFields]
CancelDemand = End


class Demands(Offers[DemandFields]):
    type_name = "Demand"
    table = DEMANDS
    owner = "requester"
    owner_kinds = REQUESTER_KINDS
    machine = DEMAND
    editable = DEMAND_EDITABLE
    on_offer = DemandStatus.OPEN
    counters = ("quantity_matched", "quantity_fulfilled")
    closes = "needed_by"
    key_column = "demand_id"
    ending = "cancel"
    ended = "需求已取消"
    clearable = {"subdistrict": {"subdistrict": None}, "neededBy": {"needed_by": None}}

    def own_values(
        self, checks: Checks, own: DemandFields, row: Row | None, category: str, now: datetime
    ) -> dict[str, Any]:
        checks.number(
            "beneficiaryCount", own.beneficiary_count, low=0, high=MAX_BENEFICIARIES, required=False
        )
        checks.text("subdistrict", own.subdistrict, required=False, max_length=MAX_SUBDISTRICT)
        values = present(
            subdistrict=optional_text(own.subdistrict),
            beneficiary_count=own.beneficiary_count,
            urgency=own.urgency and own.urgency.value,
            target_group=own.target_group and own.target_group.value,
        )
        if check_moment(checks, "neededBy", own.needed_by, now) and own.needed_by is not None:
            values["needed_by"] = own.needed_by
        if category == ResourceCategory.FUNDING:
            if row is None and own.amount is None:
                checks.add(UserErrorCode.REQUIRED, "required", "amount")
            fen = amount_fen(checks, "amount", own.amount)
            if fen is not None:
                values["amount_fen"] = fen
        elif own.amount is not None:
            checks.add(UserErrorCode.INVALID, "amount_only_funding", "amount")
        return values

    def status_of(self, status: str, quantity: int, row: Row) -> str:
        return demand_status(status, quantity, row.quantity_matched, row.quantity_fulfilled)

    def clocks(self, before: str, after: str, now: datetime) -> dict[str, Any]:
        return fulfilment_clock(before, after, now)

    def defaults(self, party: Row, district_id: int) -> dict[str, Any]:
        """A demand in its home's own district is in the home's sub-district too."""
        own = getattr(party, "subdistrict", None) if district_id == party.district_id else None
        return {"subdistrict": own}


# The use cases: async (connection, viewer, command) -> Changed.
_demands = Demands()
publish_demand = _demands.publish
update_demand = _demands.update
cancel_demand = _demands.end
