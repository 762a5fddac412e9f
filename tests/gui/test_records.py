"""Treatments, tests and questions pages as a user drives them."""

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog

from carecompanion.domain.records import Actionable, TreatmentCategory
from carecompanion.services import biomarkers, questions, treatments
from carecompanion.ui.dialogs.biomarker import BiomarkerDialog
from carecompanion.ui.dialogs.treatment import TreatmentDialog
from carecompanion.ui.pages import questions as questions_page


def test_end_before_start_is_refused_beside_the_field_and_nothing_saved(store, qtbot):
    dialog = TreatmentDialog(None)
    qtbot.addWidget(dialog)
    dialog.regimen.setText("FOLFOX")
    dialog.start.setDate(QDate(2025, 6, 1))
    dialog.ongoing.setChecked(False)
    dialog.end.setDate(QDate(2025, 5, 1))
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.visible_errors() == [
        "End date: '2025-05-01' is not allowed; it cannot be before the start date, 2025-06-01."
    ]
    assert not dialog.errors["end date"].isHidden()
    assert store.read(treatments.all_lines) == []


def test_nct_number_of_the_wrong_shape_is_named(qtbot):
    dialog = TreatmentDialog(None)
    qtbot.addWidget(dialog)
    dialog.category.setCurrentIndex(dialog.category.findData(TreatmentCategory.CLINICAL_TRIAL))
    assert dialog.nct.isVisibleTo(dialog)
    dialog.regimen.setText("New drug")
    dialog.nct.setText("NCT12")
    dialog.try_accept()
    assert "NCT followed by 8 digits" in dialog.errors["NCT number"].text()


def test_add_edit_delete_and_undo_a_treatment(window, monkeypatch):
    page = window.treatments
    dialog = TreatmentDialog(None)
    dialog.regimen.setText("Pembrolizumab")
    dialog.category.setCurrentIndex(dialog.category.findData(TreatmentCategory.IMMUNOTHERAPY))
    dialog.start.setDate(QDate(2026, 1, 10))
    line = dialog.line()
    monkeypatch.setattr(TreatmentDialog, "ask", classmethod(lambda cls, *a: line))
    page.add()
    assert page.table.rowCount() == 1
    assert page.table.item(0, 0).text() == "Line 1"
    assert page.table.item(0, 3).text() == "10 Jan 2026 – ongoing"
    page.table.selectRow(0)
    page.delete_selected()
    assert page.empty.isVisibleTo(page) and page.table.rowCount() == 0
    window.undo_stack.undo()
    assert page.table.rowCount() == 1


def test_actionable_results_stand_out(window, monkeypatch):
    dialog = BiomarkerDialog(None)
    dialog.marker.setCurrentText("EGFR")
    dialog.result_text.setText("Exon 19 deletion")
    dialog.actionable.setCurrentIndex(dialog.actionable.findData(Actionable.YES))
    dialog.tested_on.setDate(QDate(2026, 2, 1))
    test = dialog.test()
    monkeypatch.setattr(BiomarkerDialog, "ask", classmethod(lambda cls, *a: test))
    window.tests.add()
    item = window.tests.table.item(0, 2)
    assert item.text() == "EGFR" and item.font().bold()
    assert window.tests.table.item(0, 4).text().startswith("Yes")
    assert window.store.read(biomarkers.actionable)[0].tested_on == date(2026, 2, 1)


def test_a_blank_marker_is_refused(qtbot):
    dialog = BiomarkerDialog(None)
    qtbot.addWidget(dialog)
    dialog.try_accept()
    assert dialog.errors["marker"].text().startswith("Marker: '' is not allowed")


def test_pinning_a_fourth_question_is_refused_kindly(window, store):
    page = window.questions
    for n in range(4):
        page.new_text.setText(f"Question {n}?")
        page.add_typed()
    for row in range(3):
        page.list.setCurrentRow(row)
        page.toggle_pin()
    page.list.setCurrentRow(3)
    page.toggle_pin()
    assert page.message.text() == "Up to 3 can be pinned for the next visit; unpin one first."
    assert len(store.read(questions.pinned)) == 3


def test_reorder_answer_and_undo_delete(window, store, monkeypatch):
    page = window.questions
    for text in ("First?", "Second?"):
        page.new_text.setText(text)
        page.add_typed()
    page.list.setCurrentRow(1)
    page.move_selected(-1)
    assert [q.text for q in store.read(questions.all_questions)] == ["Second?", "First?"]
    monkeypatch.setattr(questions_page, "ask_text", lambda *a: "Yes, next week.")
    page.list.setCurrentRow(0)
    page.record_answer()
    assert "Answer: Yes, next week." in page.list.item(0).text()
    page.list.setCurrentRow(1)
    page.delete_selected()
    assert page.list.count() == 1
    window.undo_stack.undo()
    assert page.list.count() == 2
