"""The pure rules of applying an allocation plan (domain/workflows/allocations.py)."""

from __future__ import annotations

import inspect
import re
from datetime import UTC, datetime

import pytest

from domain.matching import filters
from domain.matching.model import Need, Offer, Party, Place
from domain.workflows.allocations import REJECTIONS, Planned, plan_problems

NOW = datetime(2026, 12, 4, tzinfo=UTC)


def test_every_hard_filter_has_a_user_error() -> None:
    reasons = set(re.findall(r'return "(\w+)"', inspect.getsource(filters.rejection)))
    assert reasons and reasons == set(REJECTIONS)


def _need(pk: int, remaining: int) -> Need:
    return Need(pk, "VENUE", "OPEN", Party("HOME", pk), Place(1), "HIGH", "WOMEN", remaining, 0, NOW)


def _offer(pk: int, remaining: int) -> Offer:
    return Offer(pk, "VENUE", "PUBLISHED", Party("ORGANIZATION", pk), Place(1), remaining, 0)


def _fields(problems) -> list[tuple[str, tuple | None]]:  # type: ignore[no-untyped-def]
    return [(problem.code, problem.field) for problem in problems]


def test_units_are_summed_in_plan_order_over_resources_and_demands() -> None:
    needs = {1: _need(1, 2), 2: _need(2, 5)}
    offers = {10: _offer(10, 3), 11: _offer(11, 4)}
    fits = [Planned(1, 10, 2), Planned(2, 10, 1), Planned(2, 11, 4)]
    assert plan_problems(fits, needs, offers, {}, NOW) == []

    over = [Planned(1, 10, 2), Planned(2, 10, 2), Planned(1, 11, 1)]
    assert _fields(plan_problems(over, needs, offers, {}, NOW)) == [
        ("LIMIT_REACHED", ("input", "proposals", "1", "quantity")),  # resource 10: 1 left after #0
        ("LIMIT_REACHED", ("input", "proposals", "2", "quantity")),  # demand 1: covered by #0
    ]
    assert plan_problems(over, needs, offers, {}, NOW)[0].params == {
        "field": "proposals.1.quantity",
        "left": 1,
    }


def test_a_refused_proposal_takes_no_units_from_the_ones_after_it() -> None:
    needs, offers = {1: _need(1, 9), 2: _need(2, 9)}, {10: _offer(10, 3)}
    plan = [Planned(1, 10, 4), Planned(2, 10, 3)]
    assert _fields(plan_problems(plan, needs, offers, {}, NOW)) == [
        ("LIMIT_REACHED", ("input", "proposals", "0", "quantity"))
    ]


@pytest.mark.parametrize(
    ("statuses", "code"),
    [({"PROPOSED"}, "DUPLICATE"), ({"ACCEPTED"}, "DUPLICATE"), ({"DECLINED"}, "INVALID_STATE")],
)
def test_engagements_of_the_pair_rule_it_out(statuses: set[str], code: str) -> None:
    problems = plan_problems(
        [Planned(1, 10, 1)], {1: _need(1, 2)}, {10: _offer(10, 2)}, {(1, 10): statuses}, NOW
    )
    assert _fields(problems) == [(code, ("input", "proposals", "0", "resourceId"))]
    assert (
        plan_problems(
            [Planned(1, 10, 1)], {1: _need(1, 2)}, {10: _offer(10, 2)}, {(1, 10): {"COMPLETED"}}, NOW
        )
        == []
    )


def test_missing_rows_are_not_found_at_their_field() -> None:
    problems = plan_problems([Planned(1, 10, 1)], {}, {}, {}, NOW)
    assert _fields(problems) == [
        ("NOT_FOUND", ("input", "proposals", "0", "demandId")),
        ("NOT_FOUND", ("input", "proposals", "0", "resourceId")),
    ]
