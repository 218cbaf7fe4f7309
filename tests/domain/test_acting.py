"""Who a publishing command acts for (domain/workflows/acting.py)."""

from __future__ import annotations

import pytest

from domain.problems import UserErrorCode
from domain.workflows.acting import acting_party
from tests.domain.refusals import refused, where

KINDS = frozenset({"HOME", "ORGANIZATION"})
HOME, OTHER_HOME, VOLUNTEER = ("HOME", 1), ("HOME", 2), ("VOLUNTEER", 3)


def test_a_participant_acts_for_herself_whether_she_names_herself_or_not() -> None:
    assert acting_party(HOME, False, None, KINDS, "requesterId") == HOME
    assert acting_party(HOME, False, HOME, KINDS, "requesterId") == HOME


@pytest.mark.parametrize(
    ("own", "named"),
    [
        (HOME, OTHER_HOME),  # naming someone else
        (VOLUNTEER, None),  # her kind may not do this
        (VOLUNTEER, HOME),
        (None, None),  # acting for nobody, not staff
        (None, HOME),
    ],
)
def test_anyone_else_is_forbidden_without_a_field(own, named) -> None:
    assert where(refused(acting_party, own, False, named, KINDS, "requesterId")) == [
        (UserErrorCode.FORBIDDEN, None)
    ]


def test_staff_act_for_the_participant_they_name() -> None:
    assert acting_party(None, True, OTHER_HOME, KINDS, "requesterId") == OTHER_HOME
    assert acting_party(None, True, ("ORGANIZATION", 9), KINDS, "requesterId") == ("ORGANIZATION", 9)


def test_staff_must_name_one_at_the_commands_field() -> None:
    [problem] = refused(acting_party, None, True, None, KINDS, "organizerId")
    assert (problem.code, problem.field, problem.params) == (
        UserErrorCode.REQUIRED,
        ("input", "organizerId"),
        {"field": "organizerId"},
    )


def test_staff_may_only_name_a_participant_of_the_allowed_kinds() -> None:
    assert where(refused(acting_party, None, True, VOLUNTEER, KINDS, "requesterId")) == [
        (UserErrorCode.INVALID, ("input", "requesterId"))
    ]
