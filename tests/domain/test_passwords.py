"""The password policy (domain/passwords.py): length, not the username, not a common one."""

from __future__ import annotations

from domain.passwords import MAX_PASSWORD_LENGTH, common_passwords, password_problems


def _keys(password: str, username: str | None = "wang_fang") -> list[tuple[str, str]]:
    return [(problem.code, problem.key) for problem in password_problems(password, username)]


def test_a_long_uncommon_password_passes() -> None:
    assert _keys("青山绿水-1987-夏天") == []
    assert _keys("correct horse battery") == []


def test_each_rule_refuses_with_the_field_path() -> None:
    assert _keys("") == [("REQUIRED", "required")]
    assert _keys("x7#q") == [("INVALID", "password_too_short")]
    assert _keys("a" * (MAX_PASSWORD_LENGTH + 1)) == [("TOO_LONG", "too_long")]
    assert _keys("Wang_Fang") == [("INVALID", "password_is_username")]
    assert _keys("wang_fang2024!") == [("INVALID", "password_is_username")]
    assert _keys("gnaf_gnaw") == [("INVALID", "password_is_username")]
    assert _keys("Password123") == [("INVALID", "password_common")]
    assert _keys("woaini1314") == [("INVALID", "password_common")]
    assert _keys("monkey") == [("INVALID", "password_too_short"), ("INVALID", "password_common")]
    [problem] = password_problems("12345678", None, field=("input", "newPassword"))
    assert problem.field == ("input", "newPassword") and problem.params["field"] == "newPassword"


def test_the_bundled_list_is_read_lower_case() -> None:
    words = common_passwords()
    assert len(words) > 300 and "123456" in words and "5201314" in words
    assert all(word == word.lower() for word in words)
