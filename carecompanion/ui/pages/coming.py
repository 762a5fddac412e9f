"""Pages whose content arrives in a later version: they say so plainly."""

from __future__ import annotations

from carecompanion.ui.widgets.common import Page, heading, muted


class ComingPage(Page):
    def __init__(self, title: str, promise: str) -> None:
        self.title = title
        super().__init__()
        self.body.addWidget(heading(title))
        self.body.addWidget(muted(promise))
        self.body.addStretch()


def learn_page() -> ComingPage:
    return ComingPage(
        "Learn",
        "Plain-language guides to the next steps after chemotherapy — immunotherapy, CAR T, "
        "targeted therapy, clinical trials, treatments aimed at one place, and supportive care — "
        "are coming to this page, with questions you can add to your list in one click.",
    )
