"""What an import tells its caller: counts when it succeeds, every bad line when it does not."""

from __future__ import annotations

from dataclasses import dataclass, field

# In dependency order: what is referred to comes first.
TYPES = (
    "Organization", "Home", "SocialWorker", "Volunteer", "Resource", "Demand",
    "Event", "Engagement", "Rating", "VolunteerApplication", "Appeal",
    "Complaint",
)  # fmt: skip


@dataclass(frozen=True)
class LineError:
    line: int  # 1-based line number in the file
    field: str | None  # the field at fault (camelCase, dotted for nested), None for the line
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", {self.field}" if self.field else "")
        return f"{where}: {self.message}"


class ImportRejected(Exception):
    """The file has errors; nothing was written. `errors` lists every one, by line."""

    def __init__(self, errors: list[LineError]) -> None:
        self.errors = sorted(errors, key=lambda error: error.line)  # stable: file order per line
        lines = sorted({error.line for error in self.errors})
        shown = "\n".join(str(error) for error in self.errors[:50])
        more = f"\n… and {len(self.errors) - 50} more" if len(self.errors) > 50 else ""
        super().__init__(
            f"import rejected, nothing written: {len(self.errors)} error(s) "
            f"on {len(lines)} line(s)\n{shown}{more}"
        )

    @property
    def lines(self) -> list[int]:
        return sorted({error.line for error in self.errors})


def _zeros() -> dict[str, int]:
    return dict.fromkeys(TYPES, 0)


@dataclass
class ImportReport:
    """How many rows of each type the import created, updated, or found already up to date."""

    created: dict[str, int] = field(default_factory=_zeros)
    updated: dict[str, int] = field(default_factory=_zeros)
    unchanged: dict[str, int] = field(default_factory=_zeros)

    def __str__(self) -> str:
        return "\n".join(
            f"{name:20} created {self.created[name]:>6}  updated {self.updated[name]:>6}"
            f"  unchanged {self.unchanged[name]:>6}"
            for name in TYPES
        )
