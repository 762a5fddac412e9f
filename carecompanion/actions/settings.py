"""The settings action: profile, care-team contacts and which symptoms are offered, at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from carecompanion.actions import Change, Done
from carecompanion.db.journal import Journal
from carecompanion.domain.context import Context
from carecompanion.domain.records import Profile
from carecompanion.services import profile, symptoms

CHANGED = frozenset({Change.PROFILE, Change.SYMPTOMS})


@dataclass(frozen=True, slots=True)
class SettingsChange:
    profile: Profile
    active: Mapping[str, bool] = field(default_factory=dict)
    new_custom: Sequence[str] = ()


def save_settings(journal: Journal, ctx: Context, change: SettingsChange) -> Done[Profile]:
    """Store everything or nothing: one bad field leaves the settings as they were."""
    now = ctx.now()
    with journal.write() as session:
        saved = profile.save(session, change.profile, ctx)
        for key, on in change.active.items():
            symptoms.set_active(session, key, on, now)
        for name in change.new_custom:
            symptoms.add_custom(session, name, now)
    return Done(saved, CHANGED)
