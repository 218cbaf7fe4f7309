"""What every builder shares: the random source, the fixed clock and the rows built so far."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from datasources.seed import codes, vocabulary
from datasources.seed.scales import Scale

# All timestamps are relative to this instant, never to the wall clock, so data is reproducible.
NOW = datetime(2026, 11, 1, tzinfo=timezone(timedelta(hours=8))).astimezone(UTC)
DAY = 86_400

# Tables in an order that satisfies every foreign key; rows are inserted in this order.
TABLES = (
    "districts", "accounts", "homes", "organizations", "organization_status_changes",
    "social_workers", "volunteers", "appeals", "appeal_replies", "resources",
    "resource_service_districts", "demands", "engagements", "ratings",
    "volunteer_applications", "events", "event_registrations", "complaints", "complaint_actions",
    "invitations", "one_time_codes",
)  # fmt: skip
NO_ID = ("resource_service_districts",)

Row = dict[str, Any]


@dataclass
class Context:
    rng: random.Random
    scale: Scale
    rows: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in TABLES})
    # Every participant row by its (kind, id) reference.
    participants: dict[tuple[str, int], Row] = field(default_factory=dict)
    subdistricts: dict[int, list[Subdistrict]] = field(default_factory=dict)  # by district id
    supervisors: dict[int, int] = field(default_factory=dict)  # account id by district id
    converted: list[tuple[Row, str]] = field(default_factory=list)  # (appeal, service name)

    def add(self, table: str, /, **values: Any) -> Row:
        """Append a row; ids are assigned here, so references need no database round trip."""
        rows = self.rows[table]
        row = values if table in NO_ID else {"id": len(rows) + 1, **values}
        rows.append(row)
        return row

    def add_participant(self, kind: str, table: str, /, **values: Any) -> Row:
        row = self.add(
            table,
            **values,
            rating_count=0,
            rating_sum=0,
            engagements_completed=0,
            engagements_cancelled=0,
        )
        self.participants[(kind, row["id"])] = row
        return row

    # Time -------------------------------------------------------------------------------

    def days_ago(self, most: float, least: float = 0.0) -> datetime:
        """A moment between `most` and `least` days before NOW, to the second."""
        return NOW - timedelta(seconds=self.rng.randint(int(least * DAY), int(most * DAY)))

    def after(self, start: datetime, most_days: float, *, limit: datetime = NOW) -> datetime:
        """A moment up to `most_days` after `start`, never later than `limit`."""
        span = max(0, int(min(most_days * DAY, (limit - start).total_seconds())))
        return start + timedelta(seconds=self.rng.randint(0, span))

    # Places -----------------------------------------------------------------------------

    def near(self, lat: float, lon: float, km: float) -> tuple[float, float]:
        """A point uniformly within `km` of (lat, lon)."""
        distance = km * math.sqrt(self.rng.random())
        bearing = self.rng.uniform(0, 2 * math.pi)
        dlat = distance * math.cos(bearing) / 111.0
        dlon = distance * math.sin(bearing) / (111.0 * math.cos(math.radians(lat)))
        return round(lat + dlat, 6), round(lon + dlon, 6)

    # People -----------------------------------------------------------------------------

    def person(self, *, female: bool | None = None) -> Person:
        rng = self.rng
        female = rng.random() < 0.8 if female is None else female
        surname, pinyin = rng.choice(vocabulary.SURNAMES)
        chars = vocabulary.FEMALE_GIVEN if female else vocabulary.MALE_GIVEN
        given = "".join(rng.choice(chars) for _ in range(rng.choice((1, 2, 2))))
        handle = f"{pinyin}{rng.randrange(100, 100000)}"
        email = f"{handle}@{rng.choice(vocabulary.MAIL_DOMAINS)}"
        return Person(surname + given, female, codes.make_mobile(rng), email)

    def id_number(self, person: Person, district_code: str) -> str:
        born = date(1960, 1, 1) + timedelta(days=self.rng.randrange(45 * 365))
        return codes.make_id_number(self.rng, district_code, born, person.female)

    def pick(self, weights: Mapping[str, float]) -> str:
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def covering(self, weights: Mapping[str, float], count: int) -> list[str]:
        """`count` draws from `weights` in which every value appears at least once."""
        values = list(weights)
        extra = max(0, count - len(values))
        drawn = values + self.rng.choices(values, list(weights.values()), k=extra)
        self.rng.shuffle(drawn)
        return drawn[:count]


@dataclass(frozen=True)
class Subdistrict:
    name: str  # with its suffix: 街道, 镇 or 乡
    lat: float
    lon: float

    @property
    def rural(self) -> bool:
        return self.name.endswith(("镇", "乡"))


@dataclass(frozen=True)
class Person:
    name: str
    female: bool
    phone: str
    email: str
