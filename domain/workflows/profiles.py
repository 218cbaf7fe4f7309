"""Pure rules of profiles (个人/机构资料): which fields each kind of participant changes, their
limits, and what an explicit null does.

A profile update names only the fields it changes (`changes`: graph name -> value): a field left
out stays; an explicit null clears an optional field (to null, or to the empty text or list) and
is REQUIRED for one that cannot be empty (a name, an address). Every problem comes at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from domain.identifiers import is_valid_id_number
from domain.matching.vocabulary import SKILLS, SLOTS
from domain.problems import UserErrorCode
from domain.workflows.admission import (
    MAX_ADDRESS,
    MAX_CONTACT_NAME,
    MAX_DESCRIPTION,
    MAX_NAME,
    MAX_WEBSITE,
    WEBSITE,
    check_credit_code,
    normalized_credit_code,
)
from domain.workflows.checks import EMAIL, MAX_EMAIL, MAX_PHONE, PHONE, Checks
from domain.workflows.offers import check_point

MAX_PERSON_NAME = 100
MAX_BIO = 2000
MAX_SPECIALTIES = 20
MAX_SPECIALTY = 30
MAX_YEARS = 70
MAX_SUBDISTRICT = 60
MAX_COMMUNITY = 100
ID_NUMBER = re.compile(r"[0-9]{17}[0-9Xx]")


class Patch:
    """The checked column values of one profile update: each method looks at one field of
    `changes` (left out: nothing to do) and records its problems in `checks`."""

    def __init__(self, checks: Checks, changes: Mapping[str, Any]) -> None:
        self.checks = checks
        self.changes = changes
        self.values: dict[str, Any] = {}
        self.district_id: int | None = None  # the district named, when given

    def _given(self, field: str, *, cleared: Any, clearable: bool) -> tuple[bool, Any]:
        """Whether `field` was given with a value to check (False: absent, or cleared here)."""
        if field not in self.changes:
            return False, None
        value = self.changes[field]
        if value is None:
            if clearable:
                self._clear(field, cleared)
            else:
                self.checks.add(UserErrorCode.REQUIRED, "required", field)
            return False, None
        return True, value

    def _clear(self, field: str, cleared: Any) -> None:
        column = _column(field)
        self.values[column] = cleared

    def text(
        self, field: str, *, max_length: int, min_length: int = 1, clearable: bool = False, column: str = ""
    ) -> None:
        """A text; an optional one cleared (null or blank) is stored empty ('')."""
        given, value = self._given(field, cleared="", clearable=clearable)
        if not given:
            return
        if clearable and not value.strip():
            self.values[column or _column(field)] = ""
            return
        self.checks.text(field, value, min_length=min_length, max_length=max_length)
        self.values[column or _column(field)] = value.strip()

    def contact(
        self, field: str, pattern: re.Pattern[str] | None, *, max_length: int, column: str = ""
    ) -> None:
        """An optional contact detail (phone, e-mail, web site, a name): cleared to null."""
        given, value = self._given(field, cleared=None, clearable=True)
        if not given:
            return
        if not value.strip():
            self.values[column or _column(field)] = None
        elif pattern is None:
            self.checks.text(field, value, max_length=max_length)
        else:
            self.checks.matches(field, value, pattern, max_length=max_length)
        self.values[column or _column(field)] = value.strip() or None

    def words(self, field: str, vocabulary: tuple[str, ...] | None, *, max_items: int, max_word: int) -> None:
        """A list of short words, each once (and known, with a vocabulary); null clears it."""
        given, values = self._given(field, cleared=[], clearable=True)
        if not given:
            return
        cleaned = [value.strip() for value in values]
        self.checks.items(field, cleaned, max_items=max_items)
        if any(not value or len(value) > max_word for value in cleaned) or len(set(cleaned)) < len(cleaned):
            self.checks.add(UserErrorCode.INVALID, "invalid", field)
        unknown = [value for value in cleaned if vocabulary is not None and value and value not in vocabulary]
        if unknown:
            key = "unknown_skills" if vocabulary is SKILLS else "invalid"
            self.checks.add(UserErrorCode.INVALID, key, field, unknown="、".join(unknown))
        self.values[_column(field)] = cleaned

    def point(self, field: str, *, clearable: bool) -> None:
        """A location given as (lat, lon); cleared: both null."""
        if field in self.changes and self.changes[field] is None and clearable:
            self.values["lat"], self.values["lon"] = None, None
            return
        given, value = self._given(field, cleared=None, clearable=False)
        if not given:
            return
        lat, lon = value
        check_point(self.checks, field, lat, lon)
        self.values["lat"], self.values["lon"] = lat, lon

    def count(self, field: str, *, high: int) -> None:
        given, value = self._given(field, cleared=None, clearable=False)
        if given:
            self.checks.number(field, value, low=0, high=high)
            self.values[_column(field)] = value

    def district(self) -> None:
        given, value = self._given("districtId", cleared=None, clearable=False)
        if given:
            self.district_id = self.checks.key("districtId", value, "District")

    def id_number(self) -> None:
        given, value = self._given("idNumber", cleared=None, clearable=True)
        if not given:
            return
        number = value.strip().upper()
        if not number:
            self.values["id_number"] = None
        elif not (ID_NUMBER.fullmatch(number) and is_valid_id_number(number)):
            self.checks.add(UserErrorCode.INVALID, "invalid", "idNumber")
        self.values["id_number"] = number or None

    def credit_code(self) -> None:
        given, value = self._given("creditCode", cleared=None, clearable=False)
        if given:
            code = normalized_credit_code(value)
            check_credit_code(self.checks, code)
            self.values["credit_code"] = code


def _column(field: str) -> str:
    """A graph field's column: contactPhone -> contact_phone."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in field)


def _name(patch: Patch, *, max_length: int) -> None:
    patch.text("name", min_length=2, max_length=max_length)


def volunteer(patch: Patch) -> None:
    _name(patch, max_length=MAX_PERSON_NAME)
    patch.district()
    patch.words("skills", SKILLS, max_items=len(SKILLS), max_word=MAX_SPECIALTY)
    patch.words("availability", SLOTS, max_items=len(SLOTS), max_word=MAX_SPECIALTY)
    patch.contact("phone", PHONE, max_length=MAX_PHONE)
    patch.contact("email", EMAIL, max_length=MAX_EMAIL)
    patch.id_number()
    patch.point("location", clearable=True)


def social_worker(patch: Patch) -> None:
    _name(patch, max_length=MAX_PERSON_NAME)
    patch.district()
    patch.words("specialties", None, max_items=MAX_SPECIALTIES, max_word=MAX_SPECIALTY)
    patch.count("yearsOfExperience", high=MAX_YEARS)
    patch.text("bio", max_length=MAX_BIO, clearable=True)
    patch.contact("phone", PHONE, max_length=MAX_PHONE)
    patch.contact("email", EMAIL, max_length=MAX_EMAIL)


def home(patch: Patch) -> None:
    _name(patch, max_length=MAX_NAME)
    patch.district()
    patch.text("subdistrict", max_length=MAX_SUBDISTRICT)
    patch.text("community", max_length=MAX_COMMUNITY)
    patch.text("address", max_length=MAX_ADDRESS)
    patch.point("location", clearable=False)


def organization(patch: Patch) -> None:
    _name(patch, max_length=MAX_NAME)
    patch.credit_code()
    patch.district()
    patch.text("address", max_length=MAX_ADDRESS)
    patch.point("location", clearable=False)
    patch.text("description", max_length=MAX_DESCRIPTION, clearable=True)
    patch.contact("contactName", None, max_length=MAX_CONTACT_NAME)
    patch.contact("contactPhone", PHONE, max_length=MAX_PHONE)
    patch.contact("contactEmail", EMAIL, max_length=MAX_EMAIL)
    patch.contact("website", WEBSITE, max_length=MAX_WEBSITE)


# Each kind's profile fields, by the participant's graph type.
PROFILES: Mapping[str, Callable[[Patch], None]] = {
    "Volunteer": volunteer,
    "SocialWorker": social_worker,
    "Home": home,
    "Organization": organization,
}
# Changing these sends an ACTIVE organization back to review (it is admitted under them).
REVIEWED_COLUMNS = ("name", "credit_code")


def checked_profile(type_name: str, changes: Mapping[str, Any]) -> Patch:
    """The checked column values of a profile update of a `type_name`; every problem at once."""
    patch = Patch(Checks(), changes)
    PROFILES[type_name](patch)
    patch.checks.done()
    return patch


def graph_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Column values as the audit log records them: graph names, a location as [lat, lon]."""
    out = {_graph(column): value for column, value in values.items() if column not in ("lat", "lon")}
    if "lat" in values:
        out["location"] = None if values["lat"] is None else [values["lat"], values["lon"]]
    return out


def _graph(column: str) -> str:
    head, *rest = column.split("_")
    return head + "".join(part.title() for part in rest)
