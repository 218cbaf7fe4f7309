"""The password policy: what a new password must be (sign-up, invitations, changes, resets).

At least `MIN_PASSWORD_LENGTH` characters (NIST SP 800-63B's floor for chosen passwords), at
most `MAX_PASSWORD_LENGTH` (hashing megabytes is a denial of service), not the username (nor
it reversed, nor it with digits around it), and not one of the common passwords bundled in
`common_passwords.txt` (compared ignoring case). No rules on character classes: length and
the list do more for strength than forced symbols do.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from domain.problems import Problem, UserErrorCode

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("domain").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _core(text: str) -> str:
    """The text without digits and punctuation around it ("alice2024!" -> "alice")."""
    return re.sub(r"^[\W\d_]+|[\W\d_]+$", "", text.lower())


def password_problems(
    password: str, username: str | None = None, *, field: tuple[str, ...] = ("input", "password")
) -> list[Problem]:
    """Why `password` may not be chosen (empty when it may), each at `field`."""
    name = field[-1]

    def problem(code: UserErrorCode, key: str, **params: object) -> Problem:
        return Problem(code, key, field, {"field": name, **params})

    if not password:
        return [problem(UserErrorCode.REQUIRED, "required")]
    if len(password) > MAX_PASSWORD_LENGTH:
        return [problem(UserErrorCode.TOO_LONG, "too_long", max=MAX_PASSWORD_LENGTH)]
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(problem(UserErrorCode.INVALID, "password_too_short", min=MIN_PASSWORD_LENGTH))
    lowered = password.lower()
    if username and username.strip():
        user = username.strip().lower()
        if _core(password) in (user, user[::-1]) or lowered in (user, user[::-1]):
            problems.append(problem(UserErrorCode.INVALID, "password_is_username"))
    if lowered in common_passwords() or _core(password) in common_passwords():
        problems.append(problem(UserErrorCode.INVALID, "password_common"))
    return problems
