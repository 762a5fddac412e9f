"""The Learn page as a reader uses it: guides, glossary links, questions, search, trials."""

import uuid
from datetime import date

from PySide6.QtCore import QUrl

from carecompanion.actions.records import add_test
from carecompanion.actions.settings import SettingsChange, save_settings
from carecompanion.domain.records import Actionable, BiomarkerTest, Profile, TestKind
from carecompanion.reference.library import guide
from carecompanion.services import questions


def test_add_question_adds_exactly_once_and_is_marked(window, store):
    page = window.learn
    page.show_guide("targeted")
    first = guide("targeted").questions[0]
    assert f"{first} Add to my questions" in page.browser.toPlainText()
    page._link(QUrl("action:add/0"))
    page._link(QUrl("action:add/0"))
    texts = [q.text for q in store.read(questions.all_questions)]
    assert texts == [first]
    assert store.read(questions.all_questions)[0].source.value == "learn"
    assert f"{first} (in your questions)" in page.browser.toPlainText()
    assert window.questions.list.count() == 1


def test_glossary_links_show_the_definition(window):
    page = window.learn
    page.show_guide("immunotherapy")
    page._link(QUrl("glossary:pd-l1"))
    assert not page.definition.isHidden()
    assert page.definition.text().startswith("<b>PD-L1</b>: The partner of PD-1.")


def test_track_links_lead_into_the_app(window):
    page = window.learn
    page.show_guide("targeted")
    page._link(QUrl("action:track"))
    assert window.current_view() == "tests"
    window.show_view("learn")
    page.show_guide("trials")
    page._link(QUrl("action:track"))
    assert page.tabs.currentWidget() is page.trials


def test_search_shows_results_as_you_type(window, qtbot):
    page = window.learn
    qtbot.keyClicks(page.search, "EGF")
    assert page.results.isVisibleTo(page)
    assert page.results.item(0).text().startswith("Glossary: EGFR")
    page._open_result(page.results.item(0))
    assert "EGFR" in page.definition.text()
    page.search.clear()
    assert not page.results.isVisibleTo(page)


def test_search_by_two_words_opens_the_glossary_term(window, qtbot):
    page = window.learn
    qtbot.keyClicks(page.search, "stable disease")
    first = page.results.item(0)
    assert first.text().startswith("Glossary: Stable disease — ")
    assert first.toolTip() == first.text()
    page._open_result(first)
    assert page.definition.text().startswith("<b>Stable disease</b>: A scan result")
    page.search.setText("zebra crossing")
    assert page.results.count() == 1
    assert page.results.item(0).text().startswith("Nothing found.")


def test_the_reader_keeps_lines_to_about_eighty_characters(window, qtbot):
    from PySide6.QtWidgets import QTextEdit

    from carecompanion.ui.pages.learn import LINE_LENGTH

    page = window.learn
    window.show_view("learn")
    page.show_guide("car-t")
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: page.browser.viewport().width() > 1000)
    characters = page.browser.fontMetrics().averageCharWidth()
    assert page.browser.lineWrapMode() == QTextEdit.LineWrapMode.FixedPixelWidth
    margins = 2 * page.browser.document().documentMargin()
    assert page.browser.lineWrapColumnOrWidth() <= characters * LINE_LENGTH + margins + 1
    window.resize(700, 600)
    qtbot.waitUntil(lambda: page.browser.viewport().width() < characters * LINE_LENGTH)
    assert page.browser.lineWrapMode() == QTextEdit.LineWrapMode.WidgetWidth


def test_the_not_advice_note_is_always_visible(window):
    window.show_view("learn")
    notes = [
        w
        for w in window.learn.findChildren(type(window.learn.definition))
        if w.accessibleName() == "About this information"
    ]
    assert notes and notes[0].isVisibleTo(window.learn)
    assert "not advice for you in particular" in notes[0].text()


def test_trial_helper_fills_from_the_journal_and_encodes_the_place(window, store):
    person = Profile(diagnosis="Lung cancer spread to the bones and the liver", cancer_type="")
    assert store.run(save_settings, SettingsChange(person)) is not None
    helper = window.learn.trials
    # No cancer type: the condition stays empty, with a hint, and the sentence is not pasted.
    assert helper.condition.text() == ""
    assert not helper.condition_hint.isHidden()
    assert "Settings" in helper.condition_hint.text()
    assert "cond=" not in helper.address.text()
    person = Profile(diagnosis=person.diagnosis, cancer_type="Lung cancer")
    assert store.run(save_settings, SettingsChange(person)) is not None
    assert helper.condition.text() == "Lung cancer"
    assert helper.condition_hint.isHidden()
    egfr = BiomarkerTest(
        uuid.uuid4(),
        date(2026, 1, 5),
        TestKind.NGS_PANEL,
        "EGFR",
        "Exon 19 deletion",
        Actionable.YES,
    )
    assert store.run(add_test, egfr) is not None
    assert helper.terms.text() == "EGFR"
    helper.location.setText("Zürich")
    assert helper.address.text() == (
        "https://clinicaltrials.gov/search?cond=Lung%20cancer&term=EGFR&locStr=Z%C3%BCrich"
        "&aggFilters=status:rec"
    )
    assert "EGFR: Exon 19 deletion (Jan 2026)" in helper.checklist.text()
    assert "Lung cancer spread to the bones" in helper.checklist.text()
    helper.copy()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == helper.address.text()


def test_trial_condition_follows_the_cancer_type_until_the_person_types_their_own(window, store):
    helper = window.learn.trials
    assert store.run(save_settings, SettingsChange(Profile(cancer_type="lymphoma"))) is not None
    assert helper.condition.text() == "lymphoma"
    assert store.run(save_settings, SettingsChange(Profile(cancer_type="myeloma"))) is not None
    assert helper.condition.text() == "myeloma"
    helper.condition.setText("multiple myeloma")
    assert store.run(save_settings, SettingsChange(Profile(cancer_type="leukaemia"))) is not None
    assert helper.condition.text() == "multiple myeloma"
