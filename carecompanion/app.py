"""The one place that wires the desktop app together: paths, journal, window."""

from __future__ import annotations

from carecompanion.paths import DataPaths


def run(
    data: DataPaths, *, demo: bool = False, screenshot: str | None = None, view: str = "today"
) -> int:
    from carecompanion.ui.launch import launch

    return launch(data, demo=demo, screenshot=screenshot, view=view)
