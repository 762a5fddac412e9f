"""The CSV and JSON files written from lines read straight from the journal are byte for byte
the files the record-based writers (`csv_file.dumps`, `json_file.dumps`) write."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from carecompanion import paths
from carecompanion.db.journal import open_journal
from carecompanion.domain.records import Recorder
from carecompanion.domain.times import day_bounds
from carecompanion.export import csv_file, json_file, json_lines
from carecompanion.services import checkins, demo, export_rows, medications, symptoms, transfer

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
# Notes a writer could get wrong: quotes, commas, line breaks, formulas, other scripts, escapes.
NOTES = [
    'said "fine", then slept',
    "line one\nline two\r\nthree",
    "=1+1",
    "'-a quote then a minus",
    "\uff1dfull-width",
    "Ελληνικά και кириллица, 日本語 ✓",
    "tab\there and a backslash \\ and a control \x01 char",
    "",
]


@pytest.fixture(scope="module")
def journal(tmp_path_factory):
    opened = open_journal(paths.resolve(tmp_path_factory.mktemp("lines")), now=NOW)
    with opened.write() as session:
        demo.generate(session, days=60, seed=5, end=NOW, zone=LONDON)
        for n, note in enumerate(NOTES):
            # Odd microseconds, both recorders, vitals alone, a check-in later changed.
            when = NOW - timedelta(days=n, hours=3, microseconds=n * 123457)
            saved = checkins.record(
                session,
                {"pain": n % 11, "custom_tingling_hands": 3} if n % 3 else {},
                recorded_by=Recorder.CAREGIVER if n % 2 else Recorder.PATIENT,
                recorded_at=when,
                note=note,
                now=NOW - timedelta(microseconds=n),
                temperature_c=37.5 + n / 10 if n % 3 == 0 else None,
                weight_kg=61.25 if n % 4 == 0 else None,
            )
            if n == 2:
                checkins.delete(session, saved.id, now=NOW)
    yield opened
    opened.close()


def _periods():
    start, end = day_bounds(NOW.date() - timedelta(days=10), NOW.date(), LONDON)
    return [(None, None), (start, end)]


@pytest.mark.parametrize("period", _periods())
def test_json_from_lines_is_the_json_of_records(journal, period):
    since, until = period
    with journal.read() as session:
        expected = json_file.dumps(transfer.dump(session, NOW, since, until))
        written = json_lines.dumps(*export_rows.document(session, NOW, since, until))
    assert written == expected


@pytest.mark.parametrize("period", _periods())
@pytest.mark.parametrize("zone", [LONDON, ZoneInfo("Asia/Kolkata"), UTC])
def test_csv_from_lines_is_the_csv_of_records(journal, period, zone):
    since, until = period
    with journal.read() as session:
        records = transfer.checkin_records(session, since, until, include_deleted=False)
        lines = export_rows.checkin_lines(session, since, until, include_deleted=False)
        keys = list(symptoms.labels(session))
        doses = medications.doses_between(session, since, until)
        dose_lines = export_rows.dose_lines(session, since, until, live_only=True)
        known = medications.all_medications(session)
    assert csv_file.dumps_lines(lines, keys, zone) == csv_file.dumps(records, keys, zone)
    assert doses, "the demo journal has doses to compare"
    assert csv_file.dumps_dose_lines(
        dose_lines, {str(m.id): m for m in known}, zone
    ) == csv_file.dumps_doses(doses, {m.id: m for m in known}, zone)
