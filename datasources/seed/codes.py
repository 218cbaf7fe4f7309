"""Identifiers with check characters: unified social credit codes and resident ID numbers."""

from __future__ import annotations

import random
from datetime import date

from domain.identifiers import credit_check_char, id_check_char
from domain.workflows.appeals import TRACKING_CHARSET, TRACKING_LENGTH, TRACKING_PREFIX

# Registration authority + organization type (first two characters) by organization kind.
CREDIT_PREFIX = {
    "SOCIAL_ORGANIZATION": ("51", "52"),  # civil affairs: social group, private non-enterprise
    "SOCIAL_WORK_AGENCY": ("52",),
    "ENTERPRISE": ("91",),  # market regulation: enterprise
    "PUBLIC_INSTITUTION": ("12",),  # institutional staffing: public institution
    "OTHER": ("31", "53", "52"),  # justice (law firms), foundations, private non-enterprise
}


def _organization_code(rng: random.Random) -> str:
    """A GB 11714 organization code: 8 digits and their check character."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_credit_code(rng: random.Random, kind: str, district_code: str) -> str:
    first17 = rng.choice(CREDIT_PREFIX[kind]) + district_code + _organization_code(rng)
    return first17 + credit_check_char(first17)


def make_id_number(rng: random.Random, district_code: str, born: date, female: bool) -> str:
    sequence = rng.randrange(0, 500) * 2 + (0 if female else 1)  # odd for men, even for women
    first17 = f"{district_code}{born:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def make_mobile(rng: random.Random) -> str:
    return rng.choice(("13", "15", "18", "17", "19")) + f"{rng.randrange(10**9):09d}"


def make_tracking_code(rng: random.Random) -> str:
    """A tracking code of the live format (domain/workflows/appeals.py), from the seed's rng."""
    return TRACKING_PREFIX + "".join(rng.choice(TRACKING_CHARSET) for _ in range(TRACKING_LENGTH))
