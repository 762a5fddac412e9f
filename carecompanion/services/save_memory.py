"""What saving a check-in remembers of the journal from one save to the next.

The Save button's flags need the check-in's usual levels (28 days back), the weights of six
months, the run of earlier flags for the no-nagging rule, the profile, the symptoms' names and
the treatment lines. Read afresh, that is ten times the save itself. A `SaveMemory` keeps them,
with the flags engine stopped at the end of the journal (`domain.flags.FlagRun`), for as long
as the journal's change count says that nothing but these saves changed it: any other write,
by this program or another, raises the count and the next save reads everything again.

A memory is taken out for one save and given back after its commit, so two saves never share
one, and a save that fails leaves nothing behind.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from weakref import WeakKeyDictionary

from sqlalchemy.orm import Session

from carecompanion.db.journal import Journal
from carecompanion.domain.flags import (
    REPEAT_WINDOW,
    SEVERE_REPEAT_WINDOW,
    USUAL_LONG_WINDOW,
    WEIGHT_WINDOW,
    Flag,
    FlagRun,
    comes_before,
    run_through,
)
from carecompanion.domain.records import CheckIn, Profile, TreatmentLine
from carecompanion.services import (
    changes,
    checkin_rows,
    checkins,
    profile,
    symptoms,
    treatments,
)


@dataclass(slots=True)
class SaveMemory:
    """The journal as the last save left it, for as long as its change count is `changes`."""

    changes: int
    person: Profile
    labels: dict[str, str]
    lines: list[TreatmentLine]
    run: FlagRun
    # Every check-in of the last two weeks (from the newest one judged): the supportive-care
    # prompt counts severe scores over them.
    recent: list[CheckIn]


@dataclass(frozen=True, slots=True)
class Judged:
    """A saved check-in's flags, with what the save read to give them."""

    flags: list[Flag]
    person: Profile
    labels: dict[str, str]
    lines: list[TreatmentLine]
    recent: Sequence[CheckIn]


_KEPT: WeakKeyDictionary[Journal, SaveMemory] = WeakKeyDictionary()
_GUARD = threading.Lock()


def recall(journal: Journal, session: Session) -> SaveMemory | None:
    """The memory kept for `journal` when nothing has changed it since; taken out, so it must
    be given back with `keep` once the save is committed. Call before the save writes."""
    with _GUARD:
        memory = _KEPT.pop(journal, None)
    if memory is None or memory.changes != changes.count(session):
        return None
    return memory


def keep(journal: Journal, memory: SaveMemory) -> None:
    """Give a memory back after the save's commit (which raised the change count by one)."""
    memory.changes += 1
    with _GUARD:
        _KEPT[journal] = memory


def judge(
    session: Session, memory: SaveMemory | None, saved: CheckIn, now: datetime
) -> tuple[Judged, SaveMemory | None]:
    """The flags of a check-in just written, and the memory to keep for the next save (None
    when the check-in is not the newest of the journal: a backdated entry is judged from the
    journal itself, and the next save reads it afresh)."""
    if memory is not None and memory.run.follows(saved):
        return _from_memory(memory, saved, now), memory
    person = profile.get(session)
    labels = symptoms.labels(session)
    lines = treatments.all_lines(session)
    memory = _start(session, saved, person, labels, lines)
    if memory is None:
        found = checkins.flags(session, saved, person=person, labels=labels)
        recent = checkins.between(session, now - SEVERE_REPEAT_WINDOW, now)
        return Judged(found, person, labels, lines, recent), None
    return _from_memory(memory, saved, now), memory


def _from_memory(memory: SaveMemory, saved: CheckIn, now: datetime) -> Judged:
    found = memory.run.judge(saved)
    memory.recent.append(saved)
    since = saved.recorded_at - SEVERE_REPEAT_WINDOW
    if memory.recent[0].recorded_at < since:
        memory.recent = [c for c in memory.recent if c.recorded_at >= since]
    recent = [c for c in memory.recent if now - SEVERE_REPEAT_WINDOW <= c.recorded_at <= now]
    return Judged(found, memory.person, dict(memory.labels), memory.lines, recent)


def _start(
    session: Session,
    saved: CheckIn,
    person: Profile,
    labels: dict[str, str],
    lines: list[TreatmentLine],
) -> SaveMemory | None:
    """A memory whose flags engine has judged every check-in before `saved`, or None when a
    check-in after it is already in the journal (it is not the newest)."""
    earliest = checkin_rows.rows(
        session, "SELECT min(recorded_at) FROM checkins WHERE deleted_at IS NULL"
    )[0][0]
    at = saved.recorded_at
    whole_span = USUAL_LONG_WINDOW + 4 * REPEAT_WINDOW
    weight_span = 2 * WEIGHT_WINDOW
    while True:
        whole_from: datetime | None = at - whole_span
        weights_from: datetime | None = at - weight_span
        if earliest is None or earliest >= checkin_rows.stored(at - whole_span):
            whole_from = None  # the window holds the whole journal
        if earliest is None or earliest >= checkin_rows.stored(at - weight_span):
            weights_from = None
        where, params = checkin_rows.live_between(whole_from, None)
        window = [
            c
            for c in checkin_rows.load(session, where, params, "c.recorded_at")
            if c.id != saved.id
        ]
        if any(not comes_before(c, saved) for c in window):
            return None
        history = window
        if whole_from is not None:
            history = checkins.weights_between(session, weights_from, whole_from) + window
        run = run_through(
            history,
            whole_from,
            weights_from=weights_from,
            fever_threshold_c=person.fever_threshold_c,
            labels=labels,
            temperature_unit=person.temperature_unit,
            weight_unit=person.weight_unit,
        )
        if run is not None:
            recent = [c for c in window if c.recorded_at >= at - SEVERE_REPEAT_WINDOW]
            # The count as it stands inside this transaction, before its commit raises it.
            return SaveMemory(changes.count(session), person, labels, lines, run, recent)
        whole_span *= 2
        weight_span *= 2
