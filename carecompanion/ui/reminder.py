"""The daily reminder: a notification at the chosen time while the app runs, once a day."""

from __future__ import annotations

from datetime import date, datetime, time


def reminder_due(
    now_local: datetime,
    at: time | None,
    last_reminded: date | None,
    checked_in_today: bool,
) -> bool:
    """Remind once a day, after the chosen time, unless there is already a check-in today."""
    if at is None or checked_in_today or last_reminded == now_local.date():
        return False
    return now_local.time() >= at
