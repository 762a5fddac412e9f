"""The flags of a check-in, judged exactly from the journal, reading as little as that needs.

A `FlagRun` is started from the weeks before the check-in (whole check-ins for the 28 days a
usual level looks back and the 28 after, weights alone for the six months a weight loss looks
back and the six before). A symptom whose run of flags reaches back beyond those weeks (a pain
severe every few days for months, which the patient is told of again every nine days or so) is
then taught from its whole series in the journal, that one value alone, so the no-nagging rule
knows which flag last raised it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from carecompanion.domain.flags import (
    REPEAT_WINDOW,
    USUAL_LONG_WINDOW,
    WEIGHT_WINDOW,
    Flag,
    FlagRun,
    comes_before,
    run_through,
)
from carecompanion.domain.records import CheckIn, Profile
from carecompanion.services import checkin_rows

WHOLE_SPAN = USUAL_LONG_WINDOW + 4 * REPEAT_WINDOW
WEIGHT_SPAN = 2 * WEIGHT_WINDOW


def run_before(
    session: Session, checkin: CheckIn, person: Profile, labels: dict[str, str]
) -> tuple[FlagRun, list[CheckIn], bool]:
    """A run that has judged the journal's check-ins before `checkin` (from the weeks a save
    reads), those whole check-ins, and whether `checkin` is the newest in the journal."""
    at = checkin.recorded_at
    whole_from, weights_from = at - WHOLE_SPAN, at - WEIGHT_SPAN
    where, params = checkin_rows.live_between(whole_from, at)
    window = [
        c for c in checkin_rows.load(session, where, params, "c.recorded_at") if c.id != checkin.id
    ]
    before = [c for c in window if comes_before(c, checkin)]
    later = checkin_rows.rows(
        session,
        "SELECT 1 FROM checkins c WHERE c.deleted_at IS NULL AND c.recorded_at > ? LIMIT 1",
        [checkin_rows.stored(at)],
    )
    newest = len(before) == len(window) and not later
    run = run_through(
        checkin_rows.weights_between(session, weights_from, whole_from) + before,
        whole_from,
        weights_from=weights_from,
        fever_threshold_c=person.fever_threshold_c,
        labels=labels,
        temperature_unit=person.temperature_unit,
        weight_unit=person.weight_unit,
    )
    return run, before, newest


def judge(session: Session, run: FlagRun, checkin: CheckIn) -> list[Flag]:
    """The check-in's flags (no nagging applied) from a run that has judged everything before
    it; what the run does not know of a symptom's past is read first."""
    for key in run.unsure_of(checkin):
        history = checkin_rows.series(session, key, checkin.recorded_at)
        run.learn(key, [c for c in history if c.id != checkin.id and comes_before(c, checkin)])
    return run.judge(checkin)


def flags_of(
    session: Session, checkin: CheckIn, person: Profile, labels: dict[str, str]
) -> list[Flag]:
    """Every flag a stored or new check-in qualifies for, most urgent first; `raised` marks
    those the person is shown, as if the journal's check-ins had been judged in time order."""
    run, _before, _newest = run_before(session, checkin, person, labels)
    return judge(session, run, checkin)
