"""Keeping computers in step through a folder the family already syncs: one exchange.

An exchange writes this computer's changes since the last one as one change file (see
`services/sync_folder`), then reads every other computer's files it has not applied yet and
merges each through the import's own services: `identity.admit` and `transfer.merge`, which
check every record by the domain's rules and apply the same rules (by id, the newer edit wins,
deletions travel, the same change twice changes nothing). Each file is applied in one
transaction together with the note that it was, so a file is applied once and wholly.

Left alone, safely: names this app does not write (temporary files, sync tools' conflict
copies), files that cannot be read whole yet (half-written; tried again next time), files of
another journal, files of a newer format and files the rules refuse (both reported once, shown
waiting at each exchange, and read again when they change or an hour on).

A file's records may be stamped by a clock ahead of this one: they are accepted up to
`domain.context.CLOCK_AHEAD_ALLOWANCE` ahead (the allowance restore gives a backup), and
`db/stamps` makes every later edit newer than them, so an ahead clock never wins over an edit
made after it.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from carecompanion.actions import EVERYTHING, Done
from carecompanion.db import keys
from carecompanion.db.errors import JournalWriteFailed
from carecompanion.db.journal import Journal
from carecompanion.domain.context import Context, allowing_clock_ahead
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.transfer import MergeReport
from carecompanion.export import change_files
from carecompanion.services import identity, sync_folder, sync_state, transfer

log = logging.getLogger("carecompanion.sync")


@dataclass
class ExchangeReport:
    """What one exchange did, in words a person can read."""

    at: datetime
    others: int = 0  # other computers with files in the folder
    written: int = 0  # change files this computer wrote (0 or 1)
    applied: int = 0  # other computers' files applied
    merged: MergeReport = field(default_factory=MergeReport)
    problems: list[str] = field(default_factory=list)  # new this time: said once
    waiting: list[str] = field(default_factory=list)  # every file still waiting, and why
    joined: bool = False  # this empty journal took the folder's journal

    def summary(self) -> str:
        others = f"{self.others} other computer{'s' if self.others != 1 else ''}"
        return (
            f"Exchanged with {others}: wrote {self.written} change file"
            f"{'s' if self.written != 1 else ''}, applied {self.applied}."
        )


def exchange(
    journal: Journal, ctx: Context, folder: Path, device: str, *, remember: bool = False
) -> Done[ExchangeReport]:
    """One exchange with the sync folder `folder` (checked to exist); `remember` stores it
    as this journal's sync folder."""
    now = ctx.now()
    report = ExchangeReport(now)
    root = journal.paths.root.resolve()
    if folder.resolve() == root or root in folder.resolve().parents:
        raise InvalidInput(
            "sync folder",
            str(folder),
            "a folder outside the journal's own data folder (the "
            "one Syncthing, Nextcloud, Dropbox, OneDrive or iCloud Drive keeps in step)",
        )
    with journal.write() as session:
        if remember:
            identity.set_sync_folder(session, str(folder))
        journal_id = _join_if_empty(session, folder, device, report)
    here = sync_folder.journal_folder(folder, journal_id)
    mine = here / device
    keyfile = keys.path_in(journal.paths.root)
    if journal.data_key is not None and keyfile.is_file():
        sync_folder.publish_key_file(here, keyfile.read_bytes())
    try:
        _write_mine(journal, now, journal_id, mine, device, report)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise
        raise JournalWriteFailed(
            f"The sync folder {folder} cannot be written to ({exc.strerror or 'refused'}); "
            "nothing was lost, and this computer's changes go there at the next exchange. "
            "Check that the folder (or the USB stick) can be written to."
        ) from None
    # This computer's own folder too: files it wrote are noted as applied when written, so
    # only ones its journal has not taken in are read (after a restore of an older backup, or
    # from a copy of this data folder that writes under the same computer id).
    for other in sync_folder.devices_in(here):
        files = sync_folder.change_files(here / other)
        if files and other != device:
            report.others += 1
        _read_theirs(journal, ctx, journal_id, other, files, report)
    changed = EVERYTHING if report.merged.changed() or report.joined else frozenset()
    return Done(report, changed)


def _join_if_empty(
    session: Session, folder: Path, device: str, report: ExchangeReport
) -> uuid.UUID:
    """An empty journal whose sync folder holds exactly one journal (of other computers)
    becomes that journal, as importing its file would make it."""
    ours = identity.journal_id(session)
    found = sync_folder.journals_in(folder)
    if ours not in found and len(found) > 1 and identity.is_empty(session):
        report.problems.append(
            f"This journal is empty, but the sync folder holds {len(found)} journals, so it "
            "joined none. Import a JSON file exported from the one to join (File → Import), "
            "then exchange again."
        )
    if ours in found or len(found) != 1 or not identity.is_empty(session):
        return ours
    theirs = found[0]
    if any(d != device for d in sync_folder.devices_in(sync_folder.journal_folder(folder, theirs))):
        identity.adopt(session, theirs)
        sync_state.forget_sent(session)
        report.joined = True
        return theirs
    return ours


def _write_mine(
    journal: Journal,
    now: datetime,
    journal_id: uuid.UUID,
    mine: Path,
    device: str,
    report: ExchangeReport,
) -> None:
    """This computer's changes since its last file, as one new file (none when none).

    Once the journal is encrypted, this computer's plain files are replaced by one sealed file
    holding everything, so that nothing of it stays readable in the folder."""
    written = sync_folder.change_files(mine)
    plain = [path for _, path in written] if _plain_files_left(journal, written) else []
    with journal.read() as session:
        doc = sync_state.unsent(session, now, everything=not written or bool(plain))
    if doc is None:
        return
    first = written[-1][0] + 1 if written else 1

    def encoded(number: int) -> bytes:
        change = change_files.ChangeFile(journal_id, device, number, now, doc)
        return change_files.encode(change, journal.data_key)

    written_as = sync_folder.write_change_file(mine, first, encoded)
    report.written += 1
    for path in plain:  # the sealed file just written holds all they held
        path.unlink(missing_ok=True)
    with journal.write() as session:
        sync_state.note_held(session, doc)
        sync_state.note_file(session, device, written_as.name, sync_state.APPLIED, now)


def _plain_files_left(journal: Journal, written: list[tuple[int, Path]]) -> bool:
    """Whether this computer's oldest file is plain while the journal is encrypted (files are
    replaced all at once, so the oldest tells for all)."""
    if journal.data_key is None or not written:
        return False
    data = sync_folder.read_change_file(written[0][1])
    return data is not None and not change_files.is_sealed(data)


def _read_theirs(
    journal: Journal,
    ctx: Context,
    journal_id: uuid.UUID,
    device: str,
    files: list[tuple[int, Path]],
    report: ExchangeReport,
) -> None:
    with journal.read() as session:
        seen = sync_state.outcomes(session, device)
    # Their clock may be ahead of ours: their records are checked as of a later "now".
    ahead = allowing_clock_ahead(ctx)
    for _number, path in files:
        name = path.name
        if seen.get(name) == sync_state.APPLIED:
            continue
        problem = _waiting_still(path, journal, ctx.now())
        if problem is None:
            problem = _apply(journal, ahead, journal_id, device, path, report)
            _remember_waiting(path, journal, ctx.now(), problem)
        if problem is None:
            continue
        log.info("a change file was left waiting")  # never its content
        report.waiting.append(problem)
        if name not in seen:
            report.problems.append(problem)
            with journal.write() as session:
                sync_state.note_file(session, device, name, sync_state.WAITING, ctx.now())


# A file left waiting is read again when it changed, when the journal's key changed, or an
# hour after it was last read: a large file the rules refuse is not read at every exchange.
RETRY_WAITING_AFTER = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class _Waited:
    signature: tuple[int, int, int]  # size, modification time, inode
    key: str  # a digest of the journal's key ("" when plain), never the key itself
    reason: str
    read_at: datetime


_WAITED: dict[Path, _Waited] = {}


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ino


def _waiting_still(path: Path, journal: Journal, now: datetime) -> str | None:
    """Why a file waits, from when it was last read, if nothing it depends on has changed."""
    waited = _WAITED.get(path)
    if (
        waited is None
        or waited.signature != _signature(path)
        or waited.key != _key_digest(journal)
        or not timedelta(0) <= now - waited.read_at < RETRY_WAITING_AFTER
    ):
        return None
    return waited.reason


def _remember_waiting(path: Path, journal: Journal, now: datetime, reason: str | None) -> None:
    signature = _signature(path)
    if reason is None or signature is None:
        _WAITED.pop(path, None)
    else:
        _WAITED[path] = _Waited(signature, _key_digest(journal), reason, now)


def _key_digest(journal: Journal) -> str:
    key = journal.data_key
    return "" if key is None else hashlib.sha256(key).hexdigest()


def _apply(
    journal: Journal,
    ctx: Context,
    journal_id: uuid.UUID,
    device: str,
    path: Path,
    report: ExchangeReport,
) -> str | None:
    """Apply one file; None when applied (or not whole yet), else why it waits."""
    data = sync_folder.read_change_file(path)
    if data is None:
        return None
    where = f"{device[:8]}/{path.name}"
    try:
        change = change_files.decode(data, journal.data_key)
    except change_files.WrongKey:
        if journal.data_key is None:
            return (
                f"{where} is encrypted, and this journal is not: turn encryption on here with "
                "the other computer's passphrase to read it."
            )
        return (
            f"{where} is encrypted with another key: turn encryption off here, then on again "
            "with the other computer's passphrase, so that both use one key."
        )
    except change_files.Unreadable:
        return None  # half-written, or damaged on the way: the sync tool may finish it
    except change_files.NewerFormat:
        return f"{where} was written by a newer CareCompanion; update this one to read it."
    except InvalidInput as exc:
        return f"{where} was not applied: {exc}"
    if change.journal_id != journal_id or change.device != device:
        return f"{where} belongs to another journal or computer; it was left alone."
    try:
        with journal.write() as session:
            doc, _verdict = identity.admit(session, change.document, ctx.zone)
            merged = transfer.merge(session, doc, ctx)
            sync_state.note_file(session, device, path.name, sync_state.APPLIED, ctx.now())
            sync_state.note_held(session, change.document)
    except InvalidInput as exc:
        hint = ""
        if change.written_at > ctx.now():
            hint = " That computer's clock is far ahead: check its date and time."
        return f"{where} was not applied: {exc}{hint}"
    report.applied += 1
    for kind, counts in merged.counts.items():
        total = report.merged.of(kind)
        total.added += counts.added
        total.updated += counts.updated
        total.unchanged += counts.unchanged
    return None


def choose_folder(journal: Journal, ctx: Context, folder: str) -> Done[str]:
    """Settings, "Keep computers in step": the sync folder (checked to exist), or none ("")."""
    chosen = str(sync_folder.checked_folder(folder)) if folder.strip() else ""
    with journal.write() as session:
        identity.set_sync_folder(session, chosen)
    return Done(chosen, frozenset())
