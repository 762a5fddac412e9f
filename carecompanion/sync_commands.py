"""`carecompanion sync [--folder DIR]`: one exchange with the sync folder, from a terminal."""

from __future__ import annotations

import argparse
from datetime import datetime

from carecompanion.actions.context import journal_context
from carecompanion.actions.sync import exchange
from carecompanion.db.journal import open_journal
from carecompanion.domain.context import fixed_clock
from carecompanion.domain.errors import InvalidInput
from carecompanion.paths import DataPaths
from carecompanion.services import sync_choice, sync_folder

EXIT_OK = 0
NO_FOLDER = (
    "a sync folder: give --folder DIR (it is remembered), or choose one in the window's "
    "Settings, Keep computers in step"
)


def sync(data: DataPaths, args: argparse.Namespace, now: datetime) -> int:
    with open_journal(data, now=now) as journal:
        ctx = journal_context(journal, clock=fixed_clock(now))
        with journal.rows() as connection:
            stored = sync_choice.chosen_folder(connection)
        given: str | None = args.folder
        if given is None and not stored:
            raise InvalidInput("--folder", "none", NO_FOLDER)
        folder = sync_folder.checked_folder(
            given if given is not None else stored,
            "--folder" if given is not None else "sync folder",
        )
        device = sync_folder.device_id(data)
        report = exchange(journal, ctx, folder, device, remember=given is not None).value
    if report.joined:
        print("This journal was empty and has joined the journal kept in the sync folder.")
    print(report.summary())
    for line in report.merged.lines():
        print(f"  {line}")
    for problem in report.problems:
        print(f"  note: {problem}")
    return EXIT_OK
