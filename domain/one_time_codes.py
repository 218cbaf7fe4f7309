"""What a single-use code is made of and how it is stored: its alphabet, and its hash (the code
itself is never stored). Issuing and presenting codes: services/one_time_codes.py."""

from __future__ import annotations

import hashlib
import secrets
import string

DIGITS = string.digits
# Long codes for links and invitations: no look-alike characters (0/O, 1/I/L).
LETTERS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(length: int, alphabet: str) -> str:
    """A code drawn from the system's secure random source (never a seeded generator)."""
    return "".join(secrets.choice(alphabet) for _ in range(length))


def code_hash(purpose: str, subject: str, code: str) -> str:
    """The stored form: SHA-256, salted with purpose and subject; case and spaces around ignored."""
    return hashlib.sha256(f"{purpose}\x1f{subject}\x1f{code.strip().upper()}".encode()).hexdigest()
