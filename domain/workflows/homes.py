"""A community women's home (妇女之家) as staff create it: what it must say about itself."""

from __future__ import annotations

from dataclasses import dataclass

from domain.workflows.checks import Checks
from domain.workflows.offers import check_point

MAX_NAME = 200
MAX_SUBDISTRICT = 60
MAX_COMMUNITY = 100
MAX_ADDRESS = 300


@dataclass(frozen=True)
class HomeFields:
    name: str
    subdistrict: str  # 街道/乡镇
    community: str  # 社区/村
    address: str
    lat: float
    lon: float


def check_home(checks: Checks, home: HomeFields) -> None:
    """Every problem of a home's fields, into `checks`."""
    checks.text("name", home.name, min_length=2, max_length=MAX_NAME)
    checks.text("subdistrict", home.subdistrict, max_length=MAX_SUBDISTRICT)
    checks.text("community", home.community, max_length=MAX_COMMUNITY)
    checks.text("address", home.address, max_length=MAX_ADDRESS)
    check_point(checks, "location", home.lat, home.lon)
