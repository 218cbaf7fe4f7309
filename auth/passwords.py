"""Password hashing with Argon2id (argon2-cffi, RFC 9106 parameters).

Hashing is memory-hard and takes ~0.1 s of CPU, so it runs in a worker thread, never on
the event loop. A missing account is checked against a dummy hash, so "no such user" and
"wrong password" take the same path and the same time.
"""

from __future__ import annotations

import asyncio
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.passwords import password_problems

HASHER = PasswordHasher()
# Longer passwords are refused before hashing: hashing megabytes is a denial of service.
MAX_PASSWORD_LENGTH = 256


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """An Argon2id hash; pass `salt` only for reproducible demo data."""
    return HASHER.hash(password, salt=salt)


async def hashed_if_allowed(password: str | None, username: str | None) -> str | None:
    """The hash of a new password the policy allows (None for one it refuses: never hashed), in
    a worker thread. Commands that set a password call it in `prepared()`, before their
    transaction opens, so Argon2 never runs under the write lock (services/changes.Prepares)."""
    if password is None or password_problems(password, username):
        return None
    return await asyncio.to_thread(hash_password, password)


@cache
def _dummy_hash() -> str:
    return HASHER.hash("no account has this password")


def _verify(password_hash: str | None, password: str) -> bool:
    dummy = _dummy_hash()  # made on first use by either path, so neither is slower once
    try:
        return HASHER.verify(password_hash or dummy, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; a None hash (no account, or no password) never matches."""
    return await asyncio.to_thread(_verify, password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's."""
    try:
        return HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False
