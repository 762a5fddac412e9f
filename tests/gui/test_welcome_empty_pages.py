"""What a new journal's pages show: one sentence and the button that fills them, at the top,
never a blank table or a row of buttons that need a row."""

import pytest
from PySide6.QtCore import QDate

from carecompanion.domain.records import TreatmentCategory
from carecompanion.ui.dialogs.treatment import TreatmentDialog


@pytest.mark.parametrize(
    ("view", "button"),
    [
        ("treatments", "Add treatment…"),
        ("tests", "Add test result…"),
        ("medications", "Add medicine…"),
    ],
)
def test_an_empty_records_page_shows_its_sentence_and_its_button_and_nothing_else(
    window, view, button
):
    window.show_view(view)
    page = getattr(window, view)
    assert page.table.isHidden()
    assert page.empty.isVisible() and page.empty.text().startswith("No ")
    assert page.empty_add.isVisible() and page.empty_add.text() == button
    buttons = [page.add_button, page.edit_button, page.delete_button]
    buttons += [page.stop_button] if view == "medications" else []
    assert not any(b.isVisible() for b in buttons)
    # The sentence and its button sit at the top, one under the other.
    top = page.empty.mapTo(page, page.empty.rect().bottomLeft()).y()
    assert 0 < page.empty_add.mapTo(page, page.empty_add.rect().topLeft()).y() - top < 40


def test_the_empty_pages_button_adds_the_first_and_the_table_comes_back(window, monkeypatch):
    dialog = TreatmentDialog(None)
    dialog.regimen.setText("FOLFOX")
    dialog.category.setCurrentIndex(dialog.category.findData(TreatmentCategory.CHEMOTHERAPY))
    dialog.start.setDate(QDate(2025, 6, 1))
    line = dialog.line()
    monkeypatch.setattr(TreatmentDialog, "ask", classmethod(lambda cls, *a: line))
    window.show_view("treatments")
    page = window.treatments
    page.empty_add.click()
    assert page.table.isVisible() and page.table.rowCount() == 1
    assert not page.empty.isVisible() and not page.empty_add.isVisible()
    assert page.add_button.isVisible() and page.edit_button.isVisible()
    page.table.selectRow(0)
    page.delete_selected()
    assert page.empty_add.isVisible() and not page.edit_button.isVisible()


def test_empty_questions_say_how_to_add_one_and_hide_the_list_and_its_buttons(window, qtbot):
    window.show_view("questions")
    page = window.questions
    assert page.list.isHidden() and page.empty.isVisible()
    assert "Type one in the box above and press Add" in page.empty.text()
    assert not any(b.isVisible() for b in page.buttons.values())
    qtbot.keyClicks(page.new_text, "Is there a trial for me?")
    page.add_typed()
    assert page.list.isVisible() and page.list.count() == 1 and not page.empty.isVisible()
    assert all(b.isVisible() for b in page.buttons.values())
