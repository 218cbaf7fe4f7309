"""The entry modules (app, cli, settings, middleware, limits, persisted) sit above every
package: nothing below imports them. import-linter holds the packages' layers
(pyproject.toml); it takes packages only, so this test holds the modules."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("schema", "resolvers", "services", "auth", "datasources", "domain")
ENTRY_MODULES = {"app", "cli", "settings", "middleware", "limits", "persisted"}


def imported_modules(source: str) -> set[str]:
    """Every module a source imports, anywhere in it (functions and TYPE_CHECKING blocks too)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_the_check_sees_imports_in_functions_and_type_checking_blocks() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import settings\n"
        "def f():\n    from app import app\n"
    )
    assert {"settings", "app"} <= imported_modules(source)


def test_no_package_imports_an_entry_module() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for module in imported_modules(path.read_text(encoding="utf-8"))
        if module.split(".")[0] in ENTRY_MODULES
    ]
    assert offenders == []
