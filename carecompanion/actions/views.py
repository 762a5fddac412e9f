"""What a page shows, read in one session per refresh (the read side of the actions)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from carecompanion.domain.context import Context
from carecompanion.domain.records import CheckIn
from carecompanion.domain.symptoms import Symptom
from carecompanion.domain.times import day_bounds
from carecompanion.services import checkins, symptoms


@dataclass(frozen=True, slots=True)
class TodayView:
    """The symptoms offered, their names, and today's check-ins (or the last one before)."""

    active: list[Symptom]
    labels: dict[str, str]
    today: list[CheckIn]
    last: CheckIn | None


def today_view(session: Session, ctx: Context) -> TodayView:
    active = symptoms.active(session)
    labels = {s.key: s.label for s in active}
    labels.update({k: v for k, v in symptoms.labels(session).items() if k not in labels})
    start, _end = day_bounds(ctx.today(), ctx.today(), ctx.zone)
    today = checkins.between(session, start, ctx.now())
    last = None if today else next(iter(checkins.latest(session, 1)), None)
    return TodayView(active, labels, today, last)
