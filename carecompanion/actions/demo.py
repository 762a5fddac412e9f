"""Filling an empty journal with a realistic sample year (the demo and the benchmarks)."""

from __future__ import annotations

from carecompanion.actions import EVERYTHING, Done
from carecompanion.db.journal import Journal
from carecompanion.domain.context import Context
from carecompanion.domain.errors import InvalidInput
from carecompanion.services import demo
from carecompanion.services.demo import DemoSummary


def fill_demo(journal: Journal, ctx: Context, days: int, seed: int) -> Done[DemoSummary]:
    """Sample data for `days` days ending now; only an empty journal is filled."""
    with journal.write() as session:
        if not demo.journal_is_empty(session):
            raise InvalidInput(
                "journal",
                str(journal.paths.root),
                "demo fills only an empty journal; choose a new folder with --data-dir",
            )
        summary = demo.generate(session, days=days, seed=seed, end=ctx.now(), zone=ctx.zone)
    return Done(summary, EVERYTHING)
