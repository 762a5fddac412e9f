"""Check-in actions: check in (with flags and prompts), edit, delete and bring back."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from carecompanion.actions import Change, Done
from carecompanion.db.journal import Journal
from carecompanion.domain.context import Context
from carecompanion.domain.flags import SEVERE_REPEAT_WINDOW, Flag, supportive_care_prompt
from carecompanion.domain.records import ActivityLevel, CareContact, CheckIn, Recorder
from carecompanion.services import checkins, profile, symptoms, treatments

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
    """A saved check-in with what the person should see next."""

    checkin: CheckIn
    flags: list[Flag]
    contacts: tuple[CareContact, ...]
    prompt: str | None
    labels: dict[str, str] = field(default_factory=dict)


def check_in(journal: Journal, ctx: Context, entry: CheckInEntry) -> Done[CheckInSaved]:
    now = ctx.now()
    with journal.write() as session:
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
        raised = checkins.flags(session, saved)
        contacts = profile.get(session).contacts
        prompt = supportive_care_prompt(
            treatments.all_lines(session),
            checkins.between(session, now - SEVERE_REPEAT_WINDOW, now),
            now,
        )
        labels = symptoms.labels(session)
    return Done(CheckInSaved(saved, raised, contacts, prompt, labels), CHANGED)


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
