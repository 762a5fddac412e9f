"""Which symptoms the journal offers: the core four, optional extras switched on, custom ones."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecompanion.db.models import SymptomSettingRow
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.symptoms import (
    BUILT_IN,
    CORE_SYMPTOMS,
    OPTIONAL_SYMPTOMS,
    Symptom,
    custom_symptom,
)


def _settings(session: Session) -> dict[str, SymptomSettingRow]:
    rows = session.scalars(select(SymptomSettingRow).order_by(SymptomSettingRow.position))
    return {row.key: row for row in rows}


def known(session: Session) -> dict[str, Symptom]:
    """Every symptom a score may be given for: all built-in ones and the custom ones."""
    found = dict(BUILT_IN)
    for row in _settings(session).values():
        if row.custom:
            found[row.key] = Symptom(row.key, row.label, custom=True)
    return found


def active(session: Session) -> list[Symptom]:
    """Symptoms offered at check-in, in order: core, then optional and custom ones switched on."""
    settings = _settings(session)
    chosen = list(CORE_SYMPTOMS)
    chosen += [s for s in OPTIONAL_SYMPTOMS if s.key in settings and settings[s.key].active]
    chosen += [
        Symptom(row.key, row.label, custom=True)
        for row in settings.values()
        if row.custom and row.active
    ]
    return chosen


def labels(session: Session) -> dict[str, str]:
    return {key: symptom.label for key, symptom in known(session).items()}


def set_active(session: Session, key: str, on: bool, now: datetime) -> None:
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


def shown_with(session: Session, scored: Iterable[str]) -> list[Symptom]:
    """What History shows: the symptoms switched on, in check-in order, then every other
    symptom with a score in `scored` (saved from the command line or an import while it was
    switched off), in the order of the full list, so a saved score is never hidden."""
    chosen = active(session)
    extra = set(scored) - {s.key for s in chosen}
    if not extra:
        return chosen
    for symptom in known(session).values():
        if symptom.key in extra:
            chosen.append(symptom)
            extra.discard(symptom.key)
    # A key no longer known (should not happen: scores are checked against `known`).
    chosen += [
        Symptom(key, key.replace("_", " ").capitalize(), custom=True) for key in sorted(extra)
    ]
    return chosen
