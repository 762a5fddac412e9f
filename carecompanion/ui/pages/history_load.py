"""Everything History shows for a period, read and drawn on one worker: the symptoms offered,
the chart's data and picture, the table's count and first page, the doses and their marks.

The page copies what the pictures depend on (`Request`, on the UI thread), and shows the
finished `PeriodView` in one step; the window never reads the journal for a period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from PySide6.QtGui import QImage
from sqlalchemy.orm import Session

from carecompanion.domain.symptoms import Symptom
from carecompanion.services import checkins, symptoms, treatments, trends
from carecompanion.ui.models.checkin_table import FirstPage, read_first_page
from carecompanion.ui.pages.history_chart import chart_data
from carecompanion.ui.pages.history_doses import PeriodDoses, read_doses
from carecompanion.ui.widgets import chart_picture
from carecompanion.ui.widgets.cached_picture import Canvas
from carecompanion.ui.widgets.chart_style import ChartData, series_style

EVERYTHING_WITHOUT_CHECKINS = timedelta(days=30)


@dataclass(frozen=True)
class Request:
    """A period and the page as its pictures depend on it, copied on the UI thread."""

    since: datetime | None  # None: from the first check-in ("Everything")
    until: datetime
    zone: tzinfo
    checked: dict[str, bool]  # the symptom toggles; a symptom not listed is shown
    chart: Canvas
    chart_version: int
    chart_least: int  # the chart's least height
    column: int  # the height the chart shares with the dose strip under it
    strip: Canvas


@dataclass(frozen=True)
class PeriodView:
    since: datetime
    until: datetime
    shown: list[Symptom]  # the toggles, in order
    offered: frozenset[str]  # the symptoms switched on in Settings
    chart: ChartData
    picture: tuple[Canvas, QImage, chart_picture.Layout]
    table: FirstPage
    doses: PeriodDoses
    journal_empty: bool  # no check-ins at all, and no doses in the period


def read_period(session: Session, request: Request) -> PeriodView:
    """Read and draw what History shows for `request` (on a worker: no widget is touched)."""
    zone = request.zone
    first = checkins.first_recorded(session) if request.since is None else None
    since = request.since or first or request.until - EVERYTHING_WITHOUT_CHECKINS
    until = request.until
    # Every symptom scored in the period, switched on or not: which ones there are comes
    # from the same read.
    found = trends.series(session, since, until, None, zone=zone)
    switched_on = symptoms.active(session)
    offered = frozenset(s.key for s in switched_on)
    shown = switched_on if offered.issuperset(found) else symptoms.shown_with(session, found)
    keys = [s.key for s in shown if request.checked.get(s.key, True)]
    labels = {s.key: s.label for s in shown}
    styles = {s.key: series_style(index) for index, s in enumerate(shown)}
    bucket = trends.bucket_for(since, until)
    lines = treatments.all_lines(session)
    data = chart_data(since, until, found, lines, keys, labels, styles, bucket, zone)
    table = read_first_page(session, since, until, [(k, labels[k]) for k in keys], zone)
    doses = read_doses(session, since, until, zone, request.strip)
    canvas = _chart_canvas(request, doses.picture[0].height if doses.data.lanes else 0)
    image, placed = chart_picture.prepare(canvas, data, request.chart_version)
    empty = table.total == 0 and not doses.doses
    if empty and request.since is not None:
        empty = checkins.first_recorded(session) is None
    elif empty:
        empty = first is None
    return PeriodView(
        since,
        until,
        shown,
        offered,
        data,
        (canvas, image, placed),
        table,
        doses,
        empty,
    )


def _chart_canvas(request: Request, strip: int) -> Canvas:
    """The chart as it will be once the dose strip under it is `strip` high: the two share
    their column's height."""
    chart = request.chart
    height = max(request.chart_least, request.column - strip)
    return Canvas(chart.width, height, chart.ratio, chart.palette, chart.font)
