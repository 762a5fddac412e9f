"""What the window reads before the SQL layer is loaded: the profile, the symptoms offered, the
medicines and the sync folder, read through a plain connection (`Journal.rows`), hold exactly
what was saved; a plain read is one moment's journal and fails in the journal's own words."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from carecompanion import paths
from carecompanion.actions.context import journal_context
from carecompanion.actions.views import ongoing_with_windows
from carecompanion.db.driver import sqlite
from carecompanion.db.errors import UnreadableText
from carecompanion.db.journal import open_journal
from carecompanion.domain.context import fixed_clock
from carecompanion.domain.records import (
    CareContact,
    Dose,
    Medication,
    Profile,
    Recorder,
    TemperatureUnit,
    WeightUnit,
)
from carecompanion.services import (
    checkin_rows,
    checkins,
    identity,
    medication_rows,
    medications,
    profile,
    symptoms,
    sync_choice,
)
from tests.conftest import NOW

PROFILE = Profile(
    name="Ada Byron",
    date_of_birth=date(1961, 2, 28),
    diagnosis="Colorectal cancer, liver metastases",
    time_zone="Europe/London",
    contacts=(
        CareContact(uuid.uuid4(), "Oncology ward", "Nurse line", "+44 20 7946 0000", True),
        CareContact(uuid.uuid4(), "Dr Patel", "Oncologist", "+44 20 7946 0001"),
    ),
    cancer_type="colorectal",
    emergency_number="999",
    temperature_unit=TemperatureUnit.FAHRENHEIT,
    weight_unit=WeightUnit.LB,
    fever_threshold_c=37.8,
    supportive_prompt_dismissed_at=datetime(2026, 3, 18, 9, 30, 15, 123456, tzinfo=UTC),
)


def test_the_profile_reads_back_as_saved_field_for_field(journal, ctx):
    with journal.write() as session:
        profile.save(session, PROFILE, ctx)
    with journal.rows() as connection:
        found = profile.get(connection)
        assert found == PROFILE
        assert profile.time_zone(connection) == "Europe/London"
    assert [type(c.around_the_clock) for c in found.contacts] == [bool, bool]
    with journal.read() as session:
        assert profile.get(session) == PROFILE


def test_a_removed_contact_is_gone_and_an_empty_journal_has_the_default_profile(journal, ctx):
    with journal.rows() as connection:
        assert profile.get(connection) == Profile()
        assert profile.time_zone(connection) == ""
    with journal.write() as session:
        profile.save(session, PROFILE, ctx)
        profile.save(session, replace(PROFILE, contacts=PROFILE.contacts[1:]), ctx)
    with journal.rows() as connection:
        assert profile.get(connection).contacts == PROFILE.contacts[1:]


def test_symptoms_switched_on_and_custom_ones_read_in_their_order(journal, now):
    with journal.write() as session:
        symptoms.set_active(session, "breathless", True, now)
        symptoms.add_custom(session, "Hiccups", now)
        symptoms.set_active(session, "constipation", True, now)
        symptoms.set_active(session, "constipation", False, now)
        # Within the same session, before any commit: what was just added is read too.
        assert [s.key for s in symptoms.active(session)][-2:] == ["breathless", "custom_hiccups"]
    with journal.rows() as connection:
        offered = [s.key for s in symptoms.active(connection)]
        labels = symptoms.labels(connection)
    assert offered == ["pain", "nausea", "fatigue", "anxiety", "breathless", "custom_hiccups"]
    assert labels["custom_hiccups"] == "Hiccups" and "constipation" in labels
    with journal.rows() as connection:
        assert [type(s.custom) for s in symptoms.active(connection)] == [bool] * 6


def test_medicines_and_doses_read_back_with_their_dates_and_limits(journal, ctx):
    as_needed = Medication(
        uuid.uuid4(),
        "Oxycodone",
        date(2026, 3, 1),
        dose="5 mg",
        as_needed=True,
        purpose="pain",
        min_hours=4.0,
        max_per_day=6,
        notes="with food",
    )
    stopped = Medication(
        uuid.uuid4(), "Dexamethasone", date(2026, 2, 1), stop_date=date(2026, 3, 5)
    )
    deleted = Medication(uuid.uuid4(), "Senna", date(2026, 3, 2))
    taken = ctx.now() - timedelta(hours=3)
    with journal.write() as session:
        for medicine in (as_needed, stopped, deleted):
            medications.add(session, medicine, ctx)
        medications.add_dose(
            session, Dose(uuid.uuid4(), as_needed.id, taken, Recorder.CAREGIVER), ctx
        )
        medications.delete(session, deleted.id, ctx)
    with journal.rows() as connection:
        listed = medication_rows.all_medications(connection)
        assert listed == [as_needed, stopped]
        assert [type(m.as_needed) for m in listed] == [bool, bool]
        (dose,) = medication_rows.doses_between(connection, taken, ctx.now())
    assert (dose.medication_id, dose.taken_at, dose.recorded_by) == (
        as_needed.id,
        taken,
        Recorder.CAREGIVER,
    )
    (window,) = ongoing_with_windows(journal, ctx)
    assert window.medication == as_needed and window.taken == 1


def test_the_sync_folder_chosen_is_read_and_none_reads_empty(journal, tmp_path):
    with journal.rows() as connection:
        assert sync_choice.chosen_folder(connection) == ""
    with journal.write() as session:
        identity.set_sync_folder(session, str(tmp_path))
    with journal.rows() as connection:
        assert sync_choice.chosen_folder(connection) == str(tmp_path)


def test_a_plain_read_is_one_moment_of_the_journal(journal, now):
    with journal.rows() as connection:
        before = checkin_rows.count_between(connection, None, None)
        with journal.write() as session:  # another writer, meanwhile
            checkins.record(session, {"pain": 4}, now=now)
        assert checkin_rows.count_between(connection, None, None) == before == 0
    with journal.rows() as connection:
        assert checkin_rows.count_between(connection, None, None) == 1


def test_plain_reads_fail_in_the_journal_s_own_words(journal, now):
    with journal.write() as session:
        checkins.record(session, {"pain": 4}, note="fine", now=now)
    with pytest.raises(OperationalError), journal.rows() as connection:
        checkin_rows.rows(connection, "SELECT * FROM no_such_table")
    other = sqlite.connect(journal.paths.journal, isolation_level=None)
    other.execute("UPDATE checkins SET note = CAST(x'ff' AS TEXT)")
    other.close()
    with pytest.raises(UnreadableText, match="is not UTF-8"), journal.rows() as connection:
        checkin_rows.between(connection)


PROBE = """
import runpy, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from carecompanion.ui import launch

HEAVY = ("carecompanion.db.models", "sqlalchemy.dialects.sqlite", "alembic", "reportlab")
loaded_at_first_paint = []

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
            if not loaded_at_first_paint:
                loaded_at_first_paint.append(sorted(n for n in HEAVY if n in sys.modules))
                QTimer.singleShot(0, QApplication.instance().quit)  # a window's start: done
        return False

spy = FirstPaint()
make_application = launch.application

def application(*args, **kwargs):
    app = make_application(*args, **kwargs)
    app.installEventFilter(spy)
    return app

launch.application = application
sys.argv = ["carecompanion", *sys.argv[1:]]
try:
    runpy.run_module("carecompanion", run_name="__main__")
except SystemExit as done:
    assert not done.code, done.code
print(loaded_at_first_paint)
"""


def loaded_at_first_paint(tmp_path: Path, *arguments: str) -> str:
    """What of the SQL layer, Alembic and reportlab a start of the app has loaded when its
    window is first painted (the app started in its own process, its own config folders)."""
    home = tmp_path / "home"
    environment = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
    )
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments],
        capture_output=True,
        text=True,
        env=environment,
        cwd=Path(__file__).parents[2],
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_the_first_painted_window_loads_neither_the_mapping_nor_the_sql_dialect(tmp_path):
    """Start-up: painting Today for a journal with a profile, symptoms, medicines, check-ins
    and a sync folder loads none of the SQL layer's SQLite dialect, the mapping, Alembic or the
    PDF library (their loading was most of what a start cost beyond Qt's own); the exchange
    with the sync folder, which needs them, starts after the first paint."""
    data = paths.resolve(tmp_path / "data")
    with open_journal(data, now=NOW) as journal:
        context = journal_context(journal, clock=fixed_clock(NOW))
        with journal.write() as session:
            profile.save(session, PROFILE, context)
            symptoms.set_active(session, "constipation", True, NOW)
            ondansetron = Medication(uuid.uuid4(), "Ondansetron", date(2026, 1, 1))
            medications.add(session, ondansetron, context)
            checkins.record(session, {"pain": 8, "nausea": 2}, now=NOW)
            identity.set_sync_folder(session, str(tmp_path / "nowhere"))
    shot = tmp_path / "today.png"
    found = loaded_at_first_paint(tmp_path, "--screenshot", str(shot), "--data-dir", str(data.root))
    assert found == "[[]]"
    assert shot.stat().st_size > 10_000
    # The window as a person starts it, with what it starts besides (the welcome's check).
    assert loaded_at_first_paint(tmp_path, "--data-dir", str(data.root)) == "[[]]"


def test_the_welcome_of_an_empty_journal_loads_after_the_first_paint(tmp_path):
    data = paths.resolve(tmp_path / "empty")
    open_journal(data, now=NOW).close()  # made (its migrations run) before: an empty journal
    assert loaded_at_first_paint(tmp_path, "--data-dir", str(data.root)) == "[[]]"


def test_a_read_running_while_the_journal_closes_leaves_no_connection_open(journal):
    with journal.rows() as connection:
        journal.close()
        assert checkin_rows.count_between(connection, None, None) == 0
    with pytest.raises(sqlite.ProgrammingError, match="closed"):
        connection.execute("SELECT 1")


def test_a_failure_of_the_plain_connection_itself_is_the_sql_layer_s_error(journal):
    other = sqlite.connect(journal.paths.journal, isolation_level=None)
    other.execute("DROP TABLE scores")
    other.execute("DROP TABLE checkins")
    other.close()
    with pytest.raises(OperationalError, match="no such table"):
        journal.has_entries()
