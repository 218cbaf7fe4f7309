"""Identifiers with check characters: unified social credit codes and resident ID numbers."""

from __future__ import annotations

# GB 32100-2015: the unified social credit code (统一社会信用代码).
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_check_char(first17: str) -> str:
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    return (
        len(code) == 18
        and all(c in CREDIT_CHARSET for c in code)
        and credit_check_char(code[:17]) == code[17]
    )


# GB 11643-1999: the 18-digit resident identity number.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check_char(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def is_valid_id_number(number: str) -> bool:
    return len(number) == 18 and number[:17].isdigit() and id_check_char(number[:17]) == number[17].upper()
