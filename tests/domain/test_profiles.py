"""The profile rules alone: absent keeps, null clears or is REQUIRED, values checked and stored trimmed."""

from __future__ import annotations

import pytest

from domain.identifiers import credit_check_char
from domain.problems import Rejected
from domain.workflows.profiles import checked_profile, graph_values


def test_absent_fields_change_nothing() -> None:
    assert checked_profile("Volunteer", {}).values == {}


def test_null_clears_optional_fields_to_their_empty_value() -> None:
    changes = {"phone": None, "skills": None, "location": None, "idNumber": None}
    assert checked_profile("Volunteer", changes).values == {
        "phone": None,
        "skills": [],
        "lat": None,
        "lon": None,
        "id_number": None,
    }
    assert checked_profile("SocialWorker", {"bio": None}).values == {"bio": ""}


@pytest.mark.parametrize(("type_name", "field"), [("Volunteer", "name"), ("Home", "address"),
                                                  ("Home", "location"), ("Organization", "creditCode"),
                                                  ("SocialWorker", "yearsOfExperience")])  # fmt: skip
def test_null_is_required_where_a_value_must_stay(type_name: str, field: str) -> None:
    with pytest.raises(Rejected) as refused:
        checked_profile(type_name, {field: None})
    assert [(p.code.value, p.field) for p in refused.value.problems] == [("REQUIRED", ("input", field))]


def test_values_are_trimmed_and_normalised() -> None:
    code = "91110000MA01ABCD1" + credit_check_char("91110000MA01ABCD1")
    patch = checked_profile("Organization", {"name": "  新名字 ", "creditCode": f" {code.lower()} "})
    assert patch.values == {"name": "新名字", "credit_code": code}
    assert checked_profile("Volunteer", {"phone": " 138 0000 0000 "}).values == {"phone": "138 0000 0000"}


def test_a_location_is_audited_as_one_value() -> None:
    assert graph_values({"lat": 39.9, "lon": 116.4, "id_number": None}) == {
        "location": [39.9, 116.4],
        "idNumber": None,
    }
