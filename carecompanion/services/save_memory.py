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
from carecompanion.domain.flags import SEVERE_REPEAT_WINDOW, Flag, FlagRun
from carecompanion.domain.records import CheckIn, Profile, TreatmentLine
from carecompanion.services import changes, checkins, flag_runs, profile, symptoms, treatments


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
    """Give a memory back after the save's commit (`memory.changes` set by `judge` to the
    count the save's own writes left)."""
    with _GUARD:
        _KEPT[journal] = memory


def judge(
    session: Session, memory: SaveMemory | None, saved: CheckIn, now: datetime
) -> tuple[Judged, SaveMemory | None]:
    """The flags of a check-in just written (the last write of the save's transaction), and
    the memory to keep for the next save: None when the check-in is not the newest of the
    journal (a backdated entry), and the next save reads the journal afresh."""
    if memory is None or not memory.run.follows(saved):
        person = profile.get(session)
        labels = symptoms.labels(session)
        lines = treatments.all_lines(session)
        run, before, newest = flag_runs.run_before(session, saved, person, labels)
        found = flag_runs.judge(session, run, saved)
        if not newest:
            recent = checkins.between(session, now - SEVERE_REPEAT_WINDOW, now)
            return Judged(found, person, labels, lines, recent), None
        since = saved.recorded_at - SEVERE_REPEAT_WINDOW
        recent = [c for c in before if c.recorded_at >= since]
        memory = SaveMemory(0, person, labels, lines, run, recent)
    else:
        found = flag_runs.judge(session, memory.run, saved)
    count = changes.count(session)
    judged = _judged(memory, saved, now, found)
    if count is None:
        return judged, None
    memory.changes = count
    return judged, memory


def _judged(memory: SaveMemory, saved: CheckIn, now: datetime, found: list[Flag]) -> Judged:
    memory.recent.append(saved)
    since = saved.recorded_at - SEVERE_REPEAT_WINDOW
    if memory.recent[0].recorded_at < since:
        memory.recent = [c for c in memory.recent if c.recorded_at >= since]
    recent = [c for c in memory.recent if now - SEVERE_REPEAT_WINDOW <= c.recorded_at <= now]
    return Judged(found, memory.person, dict(memory.labels), memory.lines, recent)
