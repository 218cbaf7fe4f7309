"""requirements.lock is in step with pyproject.toml: every requirement, the dev extras' too, is
pinned to a release inside its range, with hashes (`./dev lock` regenerates the lock)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def pinned() -> dict[str, tuple[str, list[str]]]:
    """Each package of the lock: its version and its hashes."""
    pins: dict[str, tuple[str, list[str]]] = {}
    name = ""
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            name = canonicalize_name(match[1])
            pins[name] = (match[2], [])
        elif line.strip().startswith("--hash=sha256:") and name:
            pins[name][1].append(line.strip())
    return pins


def requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return [Requirement(text) for text in listed]


def test_every_requirement_is_pinned_inside_its_range_with_hashes() -> None:
    pins = pinned()
    wrong = []
    for requirement in requirements():
        if requirement.marker and not requirement.marker.evaluate({"extra": "dev"}):
            continue
        found = pins.get(canonicalize_name(requirement.name))
        if found is None:
            wrong.append(f"{requirement}: not in requirements.lock")
        elif not requirement.specifier.contains(found[0], prereleases=True):
            wrong.append(f"{requirement}: requirements.lock has {found[0]}")
    assert not wrong, "requirements.lock is out of date: run `./dev lock`\n" + "\n".join(wrong)
    unhashed = [name for name, (_, hashes) in pins.items() if not hashes]
    assert not unhashed, f"pinned without a hash: {unhashed}; run `./dev lock`"
