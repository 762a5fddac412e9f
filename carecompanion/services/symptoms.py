"""Which symptoms the journal offers: the core four, optional extras switched on, custom ones.

Read through the driver (`checkin_rows.rows`): Today reads them before the SQL layer's mapping is
loaded; changes go through the mapping.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.symptoms import (
    BUILT_IN,
    CORE_SYMPTOMS,
    OPTIONAL_SYMPTOMS,
    Symptom,
    custom_symptom,
)
from carecompanion.services.checkin_rows import Reader, rows

if TYPE_CHECKING:
    from carecompanion.db.models import SymptomSettingRow


class _Setting(NamedTuple):
    key: str
    label: str
    custom: bool
    active: bool


def _stored(source: Reader) -> dict[str, _Setting]:
    """The journal's symptom settings by key, in their order."""
    found = rows(
        source, "SELECT key, label, custom, active FROM symptom_settings ORDER BY position"
    )
    return {key: _Setting(key, label, bool(custom), bool(on)) for key, label, custom, on in found}


def _settings(session: Session) -> dict[str, SymptomSettingRow]:
    """The same, as the mapping's rows, to change them."""
    from carecompanion.db.models import SymptomSettingRow

    found = session.scalars(select(SymptomSettingRow).order_by(SymptomSettingRow.position))
    return {row.key: row for row in found}


def known(source: Reader) -> dict[str, Symptom]:
    """Every symptom a score may be given for: all built-in ones and the custom ones."""
    found = dict(BUILT_IN)
    for row in _stored(source).values():
        if row.custom:
            found[row.key] = Symptom(row.key, row.label, custom=True)
    return found


def active(source: Reader) -> list[Symptom]:
    """Symptoms offered at check-in, in order: core, then optional and custom ones switched on."""
    settings = _stored(source)
    chosen = list(CORE_SYMPTOMS)
    chosen += [s for s in OPTIONAL_SYMPTOMS if s.key in settings and settings[s.key].active]
    chosen += [
        Symptom(row.key, row.label, custom=True)
        for row in settings.values()
        if row.custom and row.active
    ]
    return chosen


def labels(source: Reader) -> dict[str, str]:
    return {key: symptom.label for key, symptom in known(source).items()}


def set_active(session: Session, key: str, on: bool, now: datetime) -> None:
    from carecompanion.db.models import SymptomSettingRow

    symptom = known(session).get(key)
    if symptom is None:
        raise InvalidInput("symptom", key, "choose one from the list of symptoms")
    if symptom.core:
        if not on:
            raise InvalidInput(
                "symptom", key, "pain, nausea, tiredness and anxiety are always offered"
            )
        return
    row = _settings(session).get(key)
    if row is None:
        session.add(
            SymptomSettingRow(
                key=key,
                label=symptom.label,
                active=on,
                position=_next(session),
                created_at=now,
                updated_at=now,
            )
        )
    elif row.active != on:
        row.active = on
        row.updated_at = now


def add_custom(session: Session, name: str, now: datetime) -> Symptom:
    from carecompanion.db.models import SymptomSettingRow

    symptom = custom_symptom(name)
    existing = _settings(session).get(symptom.key)
    if existing is not None:
        if not existing.active:
            existing.active = True
            existing.updated_at = now
        return Symptom(existing.key, existing.label, custom=True)
    session.add(
        SymptomSettingRow(
            key=symptom.key,
            label=symptom.label,
            custom=True,
            active=True,
            position=_next(session),
            created_at=now,
            updated_at=now,
        )
    )
    return symptom


def _next(session: Session) -> int:
    return len(_settings(session))


def shown_with(source: Reader, scored: Iterable[str]) -> list[Symptom]:
    """What History shows: the symptoms switched on, in check-in order, then every other
    symptom with a score in `scored` (saved from the command line or an import while it was
    switched off), in the order of the full list, so a saved score is never hidden."""
    chosen = active(source)
    extra = set(scored) - {s.key for s in chosen}
    if not extra:
        return chosen
    for symptom in known(source).values():
        if symptom.key in extra:
            chosen.append(symptom)
            extra.discard(symptom.key)
    # A key no longer known (should not happen: scores are checked against `known`).
    chosen += [
        Symptom(key, key.replace("_", " ").capitalize(), custom=True) for key in sorted(extra)
    ]
    return chosen
