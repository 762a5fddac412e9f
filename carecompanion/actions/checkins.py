"""Check-in actions: check in (with flags and prompts), edit, delete and bring back, and
putting the supportive-care suggestion aside."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from carecompanion.actions import Change, Done
from carecompanion.db.journal import Journal
from carecompanion.domain.context import Context
from carecompanion.domain.flags import Flag, Tier, supportive_care_prompt
from carecompanion.domain.records import (
    ActivityLevel,
    CareContact,
    CheckIn,
    Profile,
    Recorder,
)
from carecompanion.services import checkins, profile, save_memory

CHANGED = frozenset({Change.CHECKINS})


@dataclass(frozen=True, slots=True)
class CheckInEntry:
    """What a person gives for a check-in; the time defaults to now, who to the context's."""

    scores: Mapping[str, int]
    note: str = ""
    activity: ActivityLevel | None = None
    recorded_at: datetime | None = None
    recorded_by: Recorder | None = None
    temperature_c: float | None = None
    weight_kg: float | None = None


@dataclass(frozen=True, slots=True)
class CheckInSaved:
    """A saved check-in with what the person should see next.

    `flags` are those raised (shown to the person), most urgent tier first; `qualifying` also
    holds the ones the no-nagging rule kept quiet. `call_now_contacts` are the 24-hour
    contacts, to be offered before `emergency_number` when a flag says "call now".
    """

    checkin: CheckIn
    flags: list[Flag]
    contacts: tuple[CareContact, ...]
    prompt: str | None
    labels: dict[str, str] = field(default_factory=dict)
    qualifying: list[Flag] = field(default_factory=list)
    profile: Profile = field(default_factory=Profile)

    @property
    def by_tier(self) -> dict[Tier, list[Flag]]:
        """Raised flags grouped by tier, most urgent first; only tiers with a flag."""
        grouped: dict[Tier, list[Flag]] = {}
        for tier in Tier:
            found = [f for f in self.flags if f.tier is tier]
            if found:
                grouped[tier] = found
        return grouped

    @property
    def still_call_now(self) -> list[Flag]:
        """Call-now readings the no-nagging rule did not raise again (the same sign within 7
        days, no higher): the advice given then still stands, and the person is told so."""
        return [f for f in self.qualifying if f.tier is Tier.CALL_NOW and not f.raised]

    @property
    def call_now_contacts(self) -> tuple[CareContact, ...]:
        return tuple(c for c in self.contacts if c.around_the_clock)

    @property
    def emergency_number(self) -> str:
        return self.profile.emergency_number


def check_in(journal: Journal, ctx: Context, entry: CheckInEntry) -> Done[CheckInSaved]:
    """Save a check-in and work out what the person is shown next: its flags (no nagging
    applied), the call-now contacts and the supportive-care suggestion, in one transaction."""
    now = ctx.now()
    with journal.write() as session:
        memory = save_memory.recall(journal, session)
        saved = checkins.record(
            session,
            entry.scores,
            recorded_by=entry.recorded_by or ctx.recorder,
            recorded_at=entry.recorded_at or now,
            note=entry.note,
            activity=entry.activity,
            now=now,
            temperature_c=entry.temperature_c,
            weight_kg=entry.weight_kg,
        )
        judged, memory = save_memory.judge(session, memory, saved, now)
    if memory is not None:
        save_memory.keep(journal, memory)
    person = judged.person
    prompt = supportive_care_prompt(
        judged.lines,
        judged.recent,
        now,
        dismissed_at=person.supportive_prompt_dismissed_at,
        today=ctx.today(),
    )
    raised = [f for f in judged.flags if f.raised]
    return Done(
        CheckInSaved(saved, raised, person.contacts, prompt, judged.labels, judged.flags, person),
        CHANGED,
    )


def dismiss_supportive_prompt(journal: Journal, ctx: Context) -> Done[Profile]:
    """ "Not now" on the supportive-care suggestion: it stays away for 14 days."""
    with journal.write() as session:
        current = profile.get(session)
        saved = profile.save(
            session, replace(current, supportive_prompt_dismissed_at=ctx.now()), ctx
        )
    return Done(saved, frozenset({Change.PROFILE}))


def edit_checkin(
    journal: Journal, ctx: Context, checkin_id: uuid.UUID, entry: CheckInEntry
) -> Done[CheckIn]:
    """Replace every field of a check-in; its updated time moves, so the edit travels."""
    with journal.write() as session:
        current = checkins.get(session, checkin_id)
        saved = checkins.update(
            session,
            checkin_id,
            entry.scores,
            recorded_by=entry.recorded_by or current.recorded_by,
            recorded_at=entry.recorded_at or current.recorded_at,
            note=entry.note,
            activity=entry.activity,
            now=ctx.now(),
            temperature_c=entry.temperature_c,
            weight_kg=entry.weight_kg,
        )
    return Done(saved, CHANGED)


def entry_of(checkin: CheckIn) -> CheckInEntry:
    """The entry that puts a check-in back as it is now (what undoing an edit writes)."""
    return CheckInEntry(
        dict(checkin.scores),
        checkin.note,
        checkin.activity,
        checkin.recorded_at,
        checkin.recorded_by,
        checkin.temperature_c,
        checkin.weight_kg,
    )


def delete_checkin(journal: Journal, ctx: Context, checkin_id: uuid.UUID) -> Done[None]:
    with journal.write() as session:
        checkins.delete(session, checkin_id, ctx.now())
    return Done(None, CHANGED)


def undelete_checkin(journal: Journal, ctx: Context, checkin_id: uuid.UUID) -> Done[CheckIn]:
    with journal.write() as session:
        restored = checkins.undelete(session, checkin_id, ctx.now())
    return Done(restored, CHANGED)
