"""Actions on whole files: importing a JSON or CSV file, and restoring a backup."""

from __future__ import annotations

from pathlib import Path

from carecompanion.actions import EVERYTHING, Done
from carecompanion.db import backup
from carecompanion.db.journal import Journal
from carecompanion.domain.context import Context, allowing_clock_ahead
from carecompanion.domain.identity import Verdict
from carecompanion.domain.transfer import JournalDocument, MergeReport
from carecompanion.paths import DataPaths
from carecompanion.services import exports, identity, transfer


def import_file(
    journal: Journal,
    ctx: Context,
    path: Path,
    dry_run: bool = False,
    *,
    merge_other: bool = False,
) -> Done[MergeReport]:
    """Merge a file, all or nothing, after a backup (none for a dry run).

    The file is read, every record checked by the domain's rules and the whole merge tried and
    rolled back before the backup is taken; the merge itself runs in one transaction. A file
    of another person's journal is refused (OtherJournal) unless `merge_other`.
    """
    doc = exports.read_import(path, ctx.now())
    return import_document(journal, ctx, doc, dry_run, merge_other=merge_other)


def import_document(
    journal: Journal,
    ctx: Context,
    doc: JournalDocument,
    dry_run: bool = False,
    *,
    merge_other: bool = False,
) -> Done[MergeReport]:
    """Merge a file already read (see `import_file`), so reading never holds the journal."""
    now = ctx.now()
    with journal.trial() as session:  # the whole merge, rolled back: fails where the import would
        admitted, verdict = identity.admit(session, doc, ctx.zone, merge_other=merge_other)
        predicted = transfer.merge(session, admitted, _checked_as_of(ctx, verdict))
    if dry_run:
        return Done(predicted, frozenset())
    backup.take(journal.paths.journal, journal.paths.backups, "before-import", now)
    with journal.write() as session:
        admitted, verdict = identity.admit(session, doc, ctx.zone, merge_other=merge_other)
        report = transfer.merge(session, admitted, _checked_as_of(ctx, verdict))
    return Done(report, EVERYTHING if report.changed() else frozenset())


def _checked_as_of(ctx: Context, verdict: Verdict) -> Context:
    """This journal's own file (or one an empty journal takes as its own) may hold times a
    clock ahead wrote, as its backups and change files may: the same allowance for all three."""
    if verdict in (Verdict.SAME, Verdict.ADOPT):
        return allowing_clock_ahead(ctx)
    return ctx


def restore_backup(paths: DataPaths, ctx: Context, source: Path) -> Done[Path | None]:
    """Put a backup in the journal's place, whatever state the journal is in (needs sole use).

    The backup is verified whole (schema of its version, integrity, values) before anything
    changes; the journal as it was is kept aside byte for byte (and backed up when healthy).
    Returns where it is kept, when there was one.
    """
    from carecompanion.db.restore import restore

    return Done(restore(paths, source, ctx.now()), EVERYTHING)
