"""Learn: plain-language guides to next-step treatments, the glossary, search and trial search."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from carecompanion.actions.questions import add_question
from carecompanion.domain.records import QuestionSource
from carecompanion.reference.library import Guide, glossary, guides
from carecompanion.reference.search import search
from carecompanion.services import questions
from carecompanion.ui.pages.trials import TrialHelper
from carecompanion.ui.store import QUESTIONS, Store
from carecompanion.ui.widgets.common import heading

NOT_ADVICE = (
    "General information to help you talk with your care team. It is not advice for "
    "you in particular: your own team knows your situation."
)
ROLE = Qt.ItemDataRole.UserRole
LINE_LENGTH = 80  # characters: DESIGN.md, body text at most ~80 characters a line


class Reader(QTextBrowser):
    """A text view whose lines stop at about LINE_LENGTH characters, however wide the window."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        margin = 2 * self.document().documentMargin()
        limit = round(self.fontMetrics().averageCharWidth() * LINE_LENGTH + margin)
        if self.viewport().width() > limit:
            if self.lineWrapColumnOrWidth() != limit:
                self.setLineWrapMode(QTextBrowser.LineWrapMode.FixedPixelWidth)
                self.setLineWrapColumnOrWidth(limit)
        elif self.lineWrapMode() != QTextBrowser.LineWrapMode.WidgetWidth:
            self.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)


def guide_markdown(guide: Guide, asked: set[str]) -> str:
    """A guide as Markdown: summary first, detail, then questions each with an add link."""
    lines = [
        f"# {guide.title}",
        "",
        f"**{guide.summary}**",
        "",
        guide.body,
        "",
        "## Questions to ask your care team",
        "",
    ]
    for index, question in enumerate(guide.questions):
        if question.casefold() in asked:
            lines.append(f"- {question} *(in your questions)*")
        else:
            lines.append(f"- {question} [Add to my questions](action:add/{index})")
    lines += ["", f"**Track this:** [{guide.track_label}](action:track)"]
    return "\n".join(lines)


class LearnPage(QWidget):
    title = "Learn"
    track_requested = Signal(str)

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.current: Guide | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 14)
        top = QHBoxLayout()
        top.addWidget(heading("Learn about next steps"), 1)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search guides and glossary")
        self.search.setAccessibleName("Search guides and glossary")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        top.addWidget(self.search)
        outer.addLayout(top)
        note = QLabel(NOT_ADVICE)
        note.setWordWrap(True)
        note.setFrameShape(QFrame.Shape.StyledPanel)
        note.setStyleSheet("padding: 6px;")
        note.setAccessibleName("About this information")
        outer.addWidget(note)
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        # One line a result, elided; the whole text is in its tooltip and accessible description.
        self.results.setWordWrap(False)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setUniformItemSizes(True)
        self.results.hide()
        outer.addWidget(self.results)

        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        guides_tab = QSplitter(Qt.Orientation.Horizontal)
        self.guide_list = QListWidget()
        self.guide_list.setAccessibleName("Guides")
        for guide in guides():
            item = QListWidgetItem(guide.title)
            item.setData(ROLE, guide.id)
            self.guide_list.addItem(item)
        self.guide_list.setMaximumWidth(300)
        self.guide_list.setSpacing(3)
        reader = QWidget()
        reader_column = QVBoxLayout(reader)
        reader_column.setContentsMargins(0, 0, 0, 0)
        self.browser = Reader()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Guide")
        self.browser.anchorClicked.connect(self._link)
        self.browser.document().setDocumentMargin(14)
        self.definition = QLabel()
        self.definition.setWordWrap(True)
        self.definition.setFrameShape(QFrame.Shape.StyledPanel)
        self.definition.setAccessibleName("Glossary definition")
        self.definition.setStyleSheet("padding: 6px;")
        self.definition.hide()
        reader_column.addWidget(self.browser, 1)
        reader_column.addWidget(self.definition)
        guides_tab.addWidget(self.guide_list)
        guides_tab.addWidget(reader)
        guides_tab.setSizes([260, 700])
        self.tabs.addTab(guides_tab, "Guides")

        self.glossary_view = Reader()
        self.glossary_view.setAccessibleName("Glossary")
        self.glossary_view.document().setDocumentMargin(14)
        self.glossary_view.setMarkdown(
            "\n\n".join(
                f"**{t.term}**  \n{t.definition}"
                for t in sorted(glossary().values(), key=lambda t: t.term.casefold())
            )
        )
        self.tabs.addTab(self.glossary_view, "Glossary")
        self.trials = TrialHelper(store)
        self.tabs.addTab(self.trials, "Find a trial")

        self.guide_list.currentRowChanged.connect(lambda row: self.show_guide(guides()[row].id))
        self.search.textChanged.connect(self._search)
        self.results.itemActivated.connect(self._open_result)
        self.results.itemClicked.connect(self._open_result)
        store.changed.connect(lambda what: self._render() if QUESTIONS in what else None)
        self.guide_list.setCurrentRow(0)

    def _asked(self) -> set[str]:
        return {q.text.casefold() for q in self.store.read(questions.all_questions)}

    def show_guide(self, guide_id: str) -> None:
        self.current = next(g for g in guides() if g.id == guide_id)
        row = next(i for i, g in enumerate(guides()) if g.id == guide_id)
        if self.guide_list.currentRow() != row:
            self.guide_list.setCurrentRow(row)
        self.tabs.setCurrentIndex(0)
        self.definition.hide()
        self._render()

    def _render(self) -> None:
        if self.current is not None:
            scroll = self.browser.verticalScrollBar().value()
            self.browser.setMarkdown(guide_markdown(self.current, self._asked()))
            self.browser.verticalScrollBar().setValue(scroll)

    def show_term(self, term_id: str) -> None:
        term = glossary().get(term_id)
        if term is not None:
            self.definition.setText(f"<b>{term.term}</b>: {term.definition}")
            self.definition.show()

    def add_question(self, index: int) -> None:
        if self.current is None or not 0 <= index < len(self.current.questions):
            return
        text = self.current.questions[index]
        self.store.run(add_question, text, QuestionSource.LEARN)

    def _link(self, url: QUrl) -> None:
        scheme, target = url.scheme(), url.path()
        if scheme == "glossary":
            self.show_term(target)
        elif scheme == "action" and target.startswith("add/"):
            self.add_question(int(target.split("/", 1)[1]))
        elif scheme == "action" and target == "track" and self.current is not None:
            if self.current.track == "trials":
                self.tabs.setCurrentWidget(self.trials)
            else:
                self.track_requested.emit(self.current.track)

    def _search(self, text: str) -> None:
        self.results.clear()
        hits = search(text)
        for hit in hits:
            label = "Glossary" if hit.kind == "term" else "Guide"
            item = QListWidgetItem(f"{label}: {hit.title} — {hit.snippet}")
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, item.text())
            item.setData(ROLE, (hit.kind, hit.id))
            self.results.addItem(item)
        if text.strip() and not hits:
            self.results.addItem("Nothing found. Try fewer words, or the start of a word.")
        self.results.setVisible(bool(text.strip()))
        # As tall as the results, up to eight of them; the list scrolls beyond that.
        shown = max(1, min(self.results.count(), 8))
        row = max(self.results.sizeHintForRow(0), self.fontMetrics().lineSpacing())
        self.results.setFixedHeight(shown * row + 2 * self.results.frameWidth())

    def _open_result(self, item: QListWidgetItem) -> None:
        found = item.data(ROLE)
        if not found:
            return
        kind, target = found
        if kind == "guide":
            self.show_guide(target)
        else:
            self.tabs.setCurrentIndex(0)
            self.show_term(target)
