"""Every change to medicines and doses from the window goes through Store.run (so it gets the
same context, refusal handling and refresh), and every new dialog names its controls."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from carecompanion.domain.records import Dose, Medication, Recorder
from carecompanion.services import medications
from carecompanion.ui.dialogs.dose_edit import DoseDialog
from carecompanion.ui.dialogs.medication import MedicationDialog
from carecompanion.ui.pages import medications as medications_page
from carecompanion.ui.pages import today_doses
from tests.gui.test_accessibility import unnamed_controls


@pytest.fixture
def at_noon(store):
    zone = store.context().zone
    noon = datetime.combine(datetime.now(zone).date(), time(12), tzinfo=zone)
    store.clock = lambda: noon.astimezone(UTC)
    store._context = None
    return noon


@pytest.fixture
def writes(store, monkeypatch):
    """For each journal write: whether it happened inside Store.run."""
    depth = [0]
    seen: list[bool] = []
    real_run, real_write = store.run, store.journal.write

    def run(*args, **kwargs):
        depth[0] += 1
        try:
            return real_run(*args, **kwargs)
        finally:
            depth[0] -= 1

    def write(*args, **kwargs):
        seen.append(depth[0] > 0)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(store, "run", run)
    monkeypatch.setattr(store.journal, "write", write)
    return seen


def test_the_window_writes_medicines_and_doses_only_through_store_run(
    at_noon, window, store, writes, monkeypatch, qtbot
):
    med = Medication(uuid.uuid4(), "Oramorph 10 mg", date(2025, 1, 1), "5 ml", True, "pain", 2.0, 6)
    replies = [med, replace(med, max_per_day=4)]
    monkeypatch.setattr(MedicationDialog, "ask", classmethod(lambda cls, *a, **k: replies.pop(0)))
    monkeypatch.setattr(medications_page, "confirm_delete", lambda *a: True)
    monkeypatch.setattr(today_doses, "confirm_early", lambda *a: True)
    page = window.medications
    page.add()
    page.table.selectRow(0)
    page.edit_selected()
    page.table.selectRow(0)
    page.stop_selected()
    window.undo_stack.undo()  # ongoing again
    window.today.doses.took(0)
    window.today.doses.took(0)  # sooner than the label: asked, and recorded
    window.undo_stack.undo()
    window.undo_stack.redo()
    history = window.history
    window.show_view("history")
    qtbot.waitUntil(history.chart_is_current)
    history.show_doses()
    history.doses.table.selectRow(0)
    earlier = at_noon - timedelta(hours=1)
    monkeypatch.setattr(
        DoseDialog, "ask", classmethod(lambda cls, dose, *a: replace(dose, taken_at=earlier))
    )
    history.doses.edit_selected()
    qtbot.waitUntil(history.chart_is_current)  # the edited dose shown again
    history.doses.table.selectRow(0)
    history.doses.delete_selected()
    window.undo_stack.undo()
    page.table.selectRow(0)
    page.delete_selected()
    window.undo_stack.undo()
    assert len(writes) == 13 and all(writes)  # one per step above
    assert len(store.read(medications.doses_between)) == 2


def test_new_dialogs_name_every_control(store, qtbot):
    ctx = store.context()
    med = Medication(uuid.uuid4(), "Oramorph", date(2025, 1, 1))
    dose = Dose(uuid.uuid4(), med.id, ctx.now(), Recorder.PATIENT)
    for dialog in (MedicationDialog(None, {"pain": "Pain"}), DoseDialog(dose, med.name)):
        qtbot.addWidget(dialog)
        assert unnamed_controls(dialog) == [], type(dialog).__name__
