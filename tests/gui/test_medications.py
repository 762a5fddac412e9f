"""The Medications page and its dialog, as a person drives them."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog

from carecompanion.actions.medications import add_medication
from carecompanion.domain.records import Medication
from carecompanion.services import medications
from carecompanion.ui.dialogs.medication import MedicationDialog
from carecompanion.ui.pages import medications as medications_page


def oramorph(**changes) -> Medication:
    made = Medication(
        id=uuid.uuid4(),
        name="Oramorph 10 mg",
        start_date=date(2026, 1, 5),
        dose="5 ml oral solution (10 mg)",
        as_needed=True,
        purpose="pain",
        min_hours=2.0,
        max_per_day=6,
    )
    return replace(made, **changes)


def answer(monkeypatch, *replies):
    """The dialog answers with each medication in turn (None: cancelled)."""
    queue = list(replies)
    asked: list[dict] = []

    def ask(cls, medication, purposes=None, parent=None, ctx=None, **kw):
        asked.append({"medication": medication, **kw})
        return queue.pop(0)

    monkeypatch.setattr(MedicationDialog, "ask", classmethod(ask))
    return asked


def saved(store) -> list[Medication]:
    return store.read(medications.all_medications)


def test_the_empty_page_says_what_will_be_here_and_how_to_start(window):
    page = window.medications
    assert page.table.isHidden() and not page.empty.isHidden()
    assert "Add medicine…" in page.empty.text()
    assert page.add_button.text() == "Add medicine…"


def test_add_edit_stop_delete_each_undone(window, store, monkeypatch):
    page = window.medications
    first = oramorph()
    answer(monkeypatch, first)
    page.add()
    assert [m.name for m in saved(store)] == ["Oramorph 10 mg"]
    cells = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
    assert cells == [
        "Oramorph 10 mg",
        "5 ml oral solution (10 mg)",
        "as needed",
        "Pain",
        "at least 2 h apart · at most 6 in 24 h",
        "since 05 Jan 2026",
    ]
    window.undo_stack.undo()
    assert saved(store) == [] and not page.empty.isHidden()
    window.undo_stack.redo()  # brings back the same medication
    assert [m.id for m in saved(store)] == [first.id]

    page.table.selectRow(0)
    answer(monkeypatch, replace(first, max_per_day=4))
    page.edit_selected()
    assert saved(store)[0].max_per_day == 4
    assert page.table.item(0, 4).text() == "at least 2 h apart · at most 4 in 24 h"
    window.undo_stack.undo()
    assert saved(store)[0].max_per_day == 6

    page.table.selectRow(0)
    assert page.stop_button.isEnabled()
    page.stop_selected()
    today = store.context().today()
    assert saved(store)[0].stop_date == today
    assert page.table.item(0, 5).text().endswith("(stopped)")
    page.table.selectRow(0)
    assert not page.stop_button.isEnabled()  # already stopped
    window.undo_stack.undo()
    assert saved(store)[0].ongoing

    monkeypatch.setattr(medications_page, "confirm_delete", lambda *a: True)
    page.table.selectRow(0)
    page.delete_selected()
    assert saved(store) == [] and not page.empty.isHidden()
    window.undo_stack.undo()
    assert [m.id for m in saved(store)] == [first.id]


def test_delete_asks_first_and_no_keeps_it(window, store, monkeypatch):
    store.run(add_medication, oramorph())
    page = window.medications
    asked = []
    monkeypatch.setattr(
        medications_page, "confirm_delete", lambda _p, med, doses: asked.append(doses) or False
    )
    page.table.selectRow(0)
    page.delete_selected()
    assert asked == [0] and len(saved(store)) == 1


def test_ongoing_medicines_come_first(window, store):
    store.run(add_medication, oramorph(name="Zomorph", as_needed=False, min_hours=None))
    store.run(add_medication, oramorph(name="Codeine", stop_date=date(2026, 2, 1)))
    page = window.medications
    assert [page.table.item(r, 0).text() for r in range(2)] == ["Zomorph", "Codeine"]
    assert page.table.item(0, 2).text() == "regular"


def test_a_name_another_ongoing_medicine_has_is_refused_beside_the_name(window, store, monkeypatch):
    store.run(add_medication, oramorph())
    page = window.medications
    asked = answer(monkeypatch, oramorph(), None)
    page.add()
    assert len(saved(store)) == 1 and window.undo_stack.count() == 0
    refused = asked[1]["refused"]
    assert refused.field == "medication name"
    assert asked[1]["adding"] is True


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("min_hours", "0", "Min-hours: 0.0 is not allowed; more than 0 and at most 72 hours"),
        ("min_hours", "73", "Min-hours: 73.0 is not allowed; more than 0 and at most 72 hours"),
        ("min_hours", "four", "Min-hours: 'four' is not allowed; more than 0 and at most 72"),
        ("max_per_day", "0", "Max-per-day: 0 is not allowed; a whole number of doses from 1 to 24"),
        ("max_per_day", "25", "Max-per-day: 25 is not allowed; a whole number of doses from 1"),
        ("max_per_day", "1_0", "Max-per-day: '1_0' is not allowed; a whole number of doses"),
    ],
)
def test_a_limit_out_of_range_is_refused_beside_its_field(qtbot, field, typed, message):
    dialog = MedicationDialog(None, {"pain": "Pain"})
    qtbot.addWidget(dialog)
    dialog.name.setText("Oramorph")
    getattr(dialog, field).setText(typed)
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    key = "min-hours" if field == "min_hours" else "max-per-day"
    assert not dialog.errors[key].isHidden()
    assert dialog.errors[key].text().startswith(message)
    assert dialog.general_error.isHidden()


def test_dialog_reads_a_symptom_or_words_and_a_stop_date(qtbot):
    dialog = MedicationDialog(None, {"pain": "Pain", "nausea": "Nausea"})
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Add medicine"
    dialog.name.setText("  Ondansetron   4 mg ")
    dialog.as_needed.setChecked(True)
    dialog.purpose.setEditText("nausea")
    dialog.min_hours.setText("8")
    dialog.max_per_day.setText("3")
    dialog.start.setDate(QDate(2026, 1, 2))
    dialog.ongoing.setChecked(False)
    dialog.stop.setDate(QDate(2026, 1, 9))
    med = dialog.medication()
    assert (med.purpose, med.min_hours, med.max_per_day) == ("nausea", 8.0, 3)
    assert (med.start_date, med.stop_date, med.as_needed) == (
        date(2026, 1, 2),
        date(2026, 1, 9),
        True,
    )
    dialog.purpose.setEditText("hiccups at night")
    assert dialog.medication().purpose == "hiccups at night"
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen dialogs
def test_the_dialog_starts_on_the_name_and_fills_from_a_medication(qtbot):
    dialog = MedicationDialog(oramorph(), {"pain": "Pain"})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.name
    assert dialog.windowTitle() == "Edit medicine"
    assert dialog.purpose.currentText() == "Pain"
    assert (dialog.min_hours.text(), dialog.max_per_day.text()) == ("2", "6")
    assert dialog.as_needed.isChecked()
