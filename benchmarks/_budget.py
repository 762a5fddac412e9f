"""Budgets for the benchmark scripts: each measure is taken in several runs (three by default,
`--runs N` to change), judged on the median, and the script exits non-zero when any budget is
missed.

A measure is either a ratio against a floor measured in the same run (`ratio`) or an absolute
time (`limit`). Every run is printed, so a reader sees the spread and not just the verdict.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

RUNS = 3


def runs() -> int:
    """How many runs: `--runs N` on the command line, three by default."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--runs", type=int, default=RUNS)
    known, _ = parser.parse_known_args()
    return max(1, known.runs)


@dataclass
class Budget:
    """One line of the budget table: a name, its limit and the values of each run."""

    name: str
    limit: float
    unit: str  # "x" for a ratio against the floor, "ms" or "s" for an absolute time
    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def within(self) -> bool:
        return self.median <= self.limit

    def line(self) -> str:
        each = " ".join(_shown(v, self.unit) for v in self.values)
        verdict = "ok" if self.within else "OVER BUDGET"
        inside = sum(v <= self.limit for v in self.values)
        return (
            f"{self.name}: median {_shown(self.median, self.unit)} "
            f"(runs {each}; {inside} of {len(self.values)} within) "
            f"budget ≤ {_shown(self.limit, self.unit)}: {verdict}"
        )


def _shown(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "ms":
        return f"{value:.0f} ms"
    return f"{value:.2f} s"


def measure(budgets: list[Budget], one_run: Callable[[int], dict[str, float]]) -> None:
    """Call `one_run(n)` for each run; it returns a value for each budget's name. Prints each
    run as it ends, then the table of medians, and exits 1 when a budget is missed."""
    by_name = {b.name: b for b in budgets}
    for n in range(runs()):
        found = one_run(n)
        for name, value in found.items():
            by_name[name].values.append(value)
        shown = ", ".join(f"{k} {_shown(v, by_name[k].unit)}" for k, v in found.items())
        print(f"run {n + 1}: {shown}", flush=True)
    print()
    for budget in budgets:
        print(budget.line())
    missed = [b.name for b in budgets if not b.within]
    if missed:
        print(f"missed: {', '.join(missed)}")
        sys.exit(1)
    print("every budget met")
