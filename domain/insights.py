"""Rates that say how well supply meets demand (资源与需求匹配程度)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Balance:
    demands: int = 0
    units_needed: int = 0
    units_matched: int = 0  # promised by accepted or completed engagements
    units_fulfilled: int = 0  # delivered by completed engagements
    beneficiaries: int = 0
    open_demands: int = 0
    resources: int = 0
    units_offered: int = 0
    units_committed: int = 0

    @property
    def units_available(self) -> int:
        return max(self.units_offered - self.units_committed, 0)

    @property
    def outstanding_need(self) -> int:
        return max(self.units_needed - self.units_matched, 0)

    @property
    def unmet_units(self) -> int:
        """Units needed that no engagement covers yet: the size of a hot spot."""
        return self.outstanding_need

    @property
    def match_rate(self) -> float | None:
        """Share of needed units that engagements cover (matched or delivered)."""
        return ratio(self.units_matched, self.units_needed)

    @property
    def fulfilment_rate(self) -> float | None:
        return ratio(self.units_fulfilled, self.units_needed)

    @property
    def supply_ratio(self) -> float | None:
        """Free units on offer per unit still needed: above 1, supply could cover the rest."""
        return ratio(self.units_available, self.outstanding_need)

    def __add__(self, other: Balance) -> Balance:
        return Balance(*(a + b for a, b in zip(self.figures(), other.figures(), strict=True)))

    def figures(self) -> tuple[int, ...]:
        return (
            self.demands,
            self.units_needed,
            self.units_matched,
            self.units_fulfilled,
            self.beneficiaries,
            self.open_demands,
            self.resources,
            self.units_offered,
            self.units_committed,
        )


def balance(demand: tuple[int, ...] | None, supply: tuple[int, ...] | None) -> Balance:
    """A Balance from the aggregates of datasources.queries.insights."""
    demands, needed, matched, fulfilled, beneficiaries, open_demands = demand or (0,) * 6
    resources, offered, committed = supply or (0,) * 3
    return Balance(
        demands, needed, matched, fulfilled, beneficiaries, open_demands, resources, offered, committed
    )


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def hours(seconds: int | None) -> float | None:
    """Seconds as hours, to the hundredth."""
    return None if seconds is None else round(seconds / 3600, 2)


# Reputation scores fall in [1, 5]; the buckets are half a point wide, the top one closed.
REPUTATION_BUCKETS = tuple((1 + step / 2, 1.5 + step / 2) for step in range(8))
