"""A form dialog whose validation messages appear right beside the field at fault."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from carecompanion.domain.errors import InvalidInput
from carecompanion.ui.theme import is_dark, problem_style

# Of the screen's available geometry a dialog takes at most this much, leaving room for the
# window's title bar and frame, which the available geometry does not count.
SCREEN_SHARE = 0.92


def scroll_body(content: QWidget) -> QScrollArea:
    """`content` in a frameless scroll area that resizes it to fit (its word-wrapped labels
    wrap to the width) and scrolls when it is taller than the room."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls; the area follows
    return area


def screen_room(dialog: QWidget) -> QSize:
    """The largest size `dialog` should take on its screen (or the parent's)."""
    parent = dialog.parentWidget()
    screen = (parent.screen() if parent is not None else None) or dialog.screen()
    screen = screen or QGuiApplication.primaryScreen()
    room = screen.availableGeometry().size()
    return QSize(int(room.width() * SCREEN_SHARE), int(room.height() * SCREEN_SHARE))


def fit_to_screen(dialog: QDialog, area: QScrollArea, least_width: int = 0) -> None:
    """Size `dialog` so `area` shows its whole content without scrolling where the screen has
    room, and otherwise as large as the screen's available geometry allows (the rest scrolls;
    what lies outside the area, such as the buttons, stays in view)."""
    content = area.widget()
    layout = dialog.layout()
    if content is None or layout is None:
        return
    room = screen_room(dialog)
    bar = area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, area)
    frame = 2 * area.frameWidth()
    margins = layout.contentsMargins()
    sides = margins.left() + margins.right()
    wanted = max(
        least_width,
        dialog.minimumSizeHint().width(),
        content.sizeHint().width() + bar + frame + sides,
    )
    width = min(wanted, room.width())
    inner = width - sides - frame - bar
    if content.hasHeightForWidth():
        tall = content.heightForWidth(inner)
    else:
        tall = content.sizeHint().height()
    tall = max(tall, content.minimumSizeHint().height())
    around = layout.sizeHint().height() - area.sizeHint().height()
    height = min(around + tall + frame, room.height())
    dialog.resize(width, max(height, dialog.minimumSizeHint().height()))


class FormDialog(QDialog):
    """A form: the fields in `form`, Save and Cancel below.

    With `scrolling`, the fields sit in a scroll area and the dialog opens no larger than the
    screen's available geometry, with Save and Cancel always in view (for a long form, such
    as Settings, at large text sizes or on a small screen)."""

    def __init__(
        self, title: str, parent: QWidget | None = None, *, scrolling: bool = False
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.scroll_area: QScrollArea | None = None
        if scrolling:
            body = QWidget()
            column = QVBoxLayout(body)
            column.setContentsMargins(0, 0, 0, 0)
            column.addLayout(self.form)
            column.addStretch()
            self.scroll_area = scroll_body(body)
            outer.addWidget(self.scroll_area, 1)
        else:
            outer.addLayout(self.form)
        self.errors: dict[str, QLabel] = {}
        self.general_error = self._error_label()
        outer.addWidget(self.general_error)
        if not scrolling:
            outer.addStretch()  # extra height goes below the fields, not between them
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._arranged = False

    def showEvent(self, event: QShowEvent) -> None:
        """The first time: Save and Cancel last in the Tab order (they are made before the
        fields), and the first field has focus, not Save."""
        if not self._arranged:
            self._arranged = True
            if self.scroll_area is not None:
                fit_to_screen(self, self.scroll_area)
            fields = [w for w in self.focus_chain() if not self.buttons.isAncestorOf(w)]
            previous = fields[-1] if fields else None
            for button in self.buttons.buttons():
                if previous is not None:
                    QWidget.setTabOrder(previous, button)
                previous = button
            first = self.first_field()
            if first is not None:
                first.setFocus(Qt.FocusReason.TabFocusReason)
        super().showEvent(event)

    def focus_chain(self) -> list[QWidget]:
        """The controls Tab can reach in this dialog, in the order it reaches them."""
        found: list[QWidget] = []
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self and widget not in found:
            parent = widget.parentWidget()
            inner = isinstance(parent, (QAbstractSpinBox, QComboBox))  # a part of a control
            tabbable = widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            if tabbable and not inner and self.isAncestorOf(widget):
                found.append(widget)
            widget = widget.nextInFocusChain()
        return found

    def first_field(self) -> QWidget | None:
        """The field that has focus when the dialog opens: the first one that can take it."""
        for widget in self.focus_chain():
            visible = widget.isVisibleTo(self)
            if visible and widget.isEnabled() and not self.buttons.isAncestorOf(widget):
                return widget
        return None

    @staticmethod
    def _error_label() -> QLabel:
        label = QLabel()
        label.setStyleSheet(problem_style(is_dark(label)))
        label.setWordWrap(True)
        label.hide()
        return label

    def add_field(self, label: str, widget: QWidget, field: str) -> None:
        """Add a row; `field` is the name InvalidInput uses for it."""
        widget.setAccessibleName(label.rstrip(":"))
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        error = self._error_label()
        error.setAccessibleName(f"{label.rstrip(':')} problem")
        column.addWidget(error)
        self.errors[field] = error
        self.form.addRow(label, holder)

    def clear_errors(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.hide()

    def show_error(self, error: InvalidInput) -> None:
        self.clear_errors()
        label = self.errors.get(error.field, self.general_error)
        message = str(error)
        label.setText(message[:1].upper() + message[1:])
        label.show()

    def visible_errors(self) -> list[str]:
        labels = (*self.errors.values(), self.general_error)
        return [label.text() for label in labels if not label.isHidden()]

    def validate(self) -> None:
        """Raise InvalidInput when a field is wrong; subclasses check their own fields."""

    def try_accept(self) -> None:
        try:
            self.validate()
        except InvalidInput as error:
            self.show_error(error)
            return
        self.accept()
