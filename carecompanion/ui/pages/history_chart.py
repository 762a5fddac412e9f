"""History's chart data: what the chart of a period shows (built on a worker, `history_load`,
and drawn there with its first picture)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from carecompanion.domain.records import TreatmentLine
from carecompanion.services.trends import Point
from carecompanion.ui.widgets.trend_chart import ChartData, SeriesStyle


def chart_data(
    since: datetime,
    until: datetime,
    found: dict[str, list[Point]],
    lines: list[TreatmentLine],
    keys: list[str],
    labels: dict[str, str],
    styles: dict[str, SeriesStyle],
    bucket: str,
    zone: tzinfo,
) -> ChartData:
    return ChartData(
        since=since,
        until=until,
        series={key: found[key] for key in keys if key in found},
        labels=labels,
        colours={k: styles[k].colour for k in keys},
        styles={k: styles[k] for k in keys},
        lines=lines,
        bucket=bucket,
        zone=zone,
    )
