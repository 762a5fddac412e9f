"""The window opens a journal without waiting for SQLite's quick check, which runs in the
background before the full check: every write waits for the verdict, a journal it refuses is
never written to, and its refusal reads as it did when the check ran before opening."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from carecompanion.db import journal as journal_module
from carecompanion.db.errors import JournalDamaged
from carecompanion.db.health import check_file
from carecompanion.db.journal import open_journal
from carecompanion.services import checkins
from tests.page_damage import daily_checkins, damage_leaves

WAIT = 30  # seconds: a bound on waiting for the worker, never a delay


class HeldCheck:
    """check_file as the journal's worker calls it, held until `release()`; the quick check
    can be made to refuse the journal."""

    def __init__(self, monkeypatch, refuse_quick: str | None = None) -> None:
        self.gate = threading.Event()
        self.real = journal_module.check_file
        self.refuse_quick = refuse_quick
        monkeypatch.setattr(journal_module, "check_file", self)

    def __call__(self, path: Path, *, full: bool = False, label: object = None) -> None:
        assert self.gate.wait(WAIT)
        if not full and self.refuse_quick is not None:
            raise JournalDamaged(self.refuse_quick)
        self.real(path, full=full, label=label)

    def release(self) -> None:
        self.gate.set()


def test_opening_for_the_window_does_not_wait_for_the_quick_check(data, now, monkeypatch):
    daily_checkins(data, now, 1)
    held = HeldCheck(monkeypatch)
    journal = open_journal(data, verify_later=True, automatic_backup=False)
    try:
        assert journal.first_verdict is not None and not journal.first_verdict.done()
        with journal.read() as session:
            assert checkins.count(session) == 1  # Today can be read and painted meanwhile
    finally:
        held.release()
        journal.close()
    assert journal.first_verdict.exception(WAIT) is None
    assert journal.problem() is None


def test_a_write_waits_for_the_quick_check_and_is_refused_with_its_verdict(data, now, monkeypatch):
    daily_checkins(data, now, 1)
    before = data.journal.read_bytes()
    held = HeldCheck(monkeypatch, refuse_quick="The journal is damaged (page 7).")
    journal = open_journal(data, verify_later=True, automatic_backup=False)
    outcome: list[BaseException | None] = []

    def save() -> None:
        try:
            with journal.write() as session:
                checkins.record(session, {"pain": 9}, now=now)
        except BaseException as exc:
            outcome.append(exc)
        else:
            outcome.append(None)

    writer = threading.Thread(target=save)
    writer.start()
    held.release()
    writer.join(WAIT)
    journal.close()
    assert not writer.is_alive()
    assert isinstance(outcome[0], JournalDamaged)
    assert str(outcome[0]) == "The journal is damaged (page 7)."
    assert data.journal.read_bytes() == before


def test_a_write_after_a_healthy_verdict_is_saved(data, now, monkeypatch):
    daily_checkins(data, now, 1)
    held = HeldCheck(monkeypatch)
    journal = open_journal(data, verify_later=True, automatic_backup=False)
    saved: list[bool] = []

    def save() -> None:
        with journal.write() as session:
            checkins.record(session, {"pain": 9}, now=now)
        saved.append(True)

    writer = threading.Thread(target=save)
    writer.start()
    held.release()
    writer.join(WAIT)
    with journal.read() as session:
        assert checkins.count(session) == 2
    journal.close()
    assert saved == [True]


def test_damage_the_quick_check_finds_in_the_background_reads_as_before(data, now):
    daily_checkins(data, now, 300)
    damage_leaves(data.journal, "scores", first_only=True)
    with pytest.raises(JournalDamaged) as before:
        check_file(data.journal)  # as when the window waited for it before opening
    content = data.journal.read_bytes()
    journal = open_journal(data, verify_later=True, automatic_backup=False)
    try:
        found = journal.problem()
        assert isinstance(found, JournalDamaged)
        assert str(found) == str(before.value)
        with pytest.raises(JournalDamaged), journal.write() as session:
            checkins.record(session, {"pain": 9}, now=now)
    finally:
        journal.close()
    assert data.journal.read_bytes() == content


def test_the_daily_backup_is_not_taken_of_damage(data, now):
    daily_checkins(data, now, 300)
    damage_leaves(data.journal, "scores", first_only=True)
    with pytest.raises(JournalDamaged) as before:
        check_file(data.journal)
    later = datetime.now(UTC)
    journal = open_journal(data, verify_later=True, now=later)  # a daily backup is due
    try:
        found = journal.problem()
        assert isinstance(found, JournalDamaged)
        assert str(found) == str(before.value)
        with pytest.raises(JournalDamaged):
            journal._wait_for_verdict()
    finally:
        journal.close()
    assert list(data.backups.glob("journal-*-daily.db")) == []


def test_the_daily_backup_follows_the_full_check_after_the_window_has_painted(
    data, now, monkeypatch
):
    """Opening for the window takes no backup (seconds on a large journal, the first start of
    each day); once the window has painted, the full check runs, then the backup."""
    daily_checkins(data, now, 30)
    taken = threading.Event()
    real_take = journal_module.backup.take

    def take(*args, **kwargs):
        found = real_take(*args, **kwargs)
        taken.set()
        return found

    monkeypatch.setattr(journal_module.backup, "take", take)
    journal = open_journal(data, verify_later=True, now=datetime.now(UTC))
    try:
        assert list(data.backups.glob("journal-*-daily.db")) == []
        journal.check_fully_now()  # what the window does once it has painted
        journal._wait_for_verdict()
        assert taken.wait(WAIT)
        assert len(list(data.backups.glob("journal-*-daily.db"))) == 1
    finally:
        journal.close()


def test_a_stored_version_that_cannot_be_read_is_told_as_the_check_tells_it(data, now):
    daily_checkins(data, now, 1)
    damage_leaves(data.journal, "alembic_version")
    with pytest.raises(JournalDamaged) as before:
        check_file(data.journal)
    with pytest.raises(JournalDamaged) as found:
        open_journal(data, verify_later=True, automatic_backup=False)
    assert str(found.value) == str(before.value)
