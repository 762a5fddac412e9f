"""The sample journal's medicines: a background opioid, a breakthrough dose of it and an
anti-sickness tablet, with as-needed doses that follow each day's pain and nausea."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from carecompanion.db.models import DoseRow, MedicationRow

# The regimen of someone in pain from liver metastases, as palliative-care guidance sets it: a
# background opioid twice a day, a breakthrough dose of the same drug when pain flares (label:
# at least 2 hours apart, at most 6 in 24 hours), and an anti-sickness tablet when needed.
_REGULAR = ("Morphine sulfate MR 20 mg", "20 mg modified-release tablet, morning and evening")
_BREAKTHROUGH = ("Oramorph 10 mg", "5 ml oral solution (10 mg)", 2.0, 6)
_ANTI_SICKNESS = ("Ondansetron 4 mg", "4 mg tablet", 8.0, 3)


def add_medications(
    session: Session,
    new_id: Callable[[], uuid.UUID],
    rng: random.Random,
    daily: dict[date, dict[str, int]],
    story_start: date,
    end: datetime,
    zone: tzinfo,
) -> tuple[int, int]:
    """Three medicines, and as-needed doses that follow the day's pain and nausea: more
    breakthrough doses on worse days, as a clinician reading the PDF would expect."""
    start = story_start + timedelta(days=20)
    meds = [
        {"name": _REGULAR[0], "dose": _REGULAR[1], "as_needed": False, "purpose": "pain"},
        {
            "name": _BREAKTHROUGH[0],
            "dose": _BREAKTHROUGH[1],
            "as_needed": True,
            "purpose": "pain",
            "min_hours": _BREAKTHROUGH[2],
            "max_per_day": _BREAKTHROUGH[3],
        },
        {
            "name": _ANTI_SICKNESS[0],
            "dose": _ANTI_SICKNESS[1],
            "as_needed": True,
            "purpose": "nausea",
            "min_hours": _ANTI_SICKNESS[2],
            "max_per_day": _ANTI_SICKNESS[3],
        },
    ]
    stamp = datetime.combine(start, time(9), tzinfo=zone)
    rows = []
    for med in meds:
        rows.append(
            {
                "id": new_id(),
                "start_date": start,
                "notes": "",
                "min_hours": None,
                "max_per_day": None,
                "created_at": stamp,
                "updated_at": stamp,
            }
            | med
        )
    session.execute(insert(MedicationRow), rows)
    breakthrough, anti_sickness = rows[1]["id"], rows[2]["id"]
    doses: list[dict[str, Any]] = []
    for day in sorted(daily):
        if day < start:
            continue
        pain, nausea = daily[day].get("pain", 0), daily[day].get("nausea", 0)
        wanted = {breakthrough: _doses_for(pain, rng), anti_sickness: _doses_for(nausea, rng) // 2}
        if nausea >= 3 and not wanted[anti_sickness] and rng.random() < 0.4:
            wanted[anti_sickness] = 1
        for medication_id, count in wanted.items():
            gap = 2 if medication_id == breakthrough else 8
            hours = sorted(rng.sample(range(8, 23, gap), k=min(count, len(range(8, 23, gap)))))
            for hour in hours:
                taken = datetime.combine(day, time(hour, rng.randrange(60)), tzinfo=zone)
                if taken > end:
                    continue
                doses.append(
                    {
                        "id": new_id(),
                        "medication_id": medication_id,
                        "taken_at": taken,
                        "recorded_by": "caregiver" if rng.random() < 0.2 else "patient",
                        "created_at": taken,
                        "updated_at": taken,
                    }
                )
    if doses:
        session.execute(insert(DoseRow), doses)
    return len(rows), len(doses)


def _doses_for(level: int, rng: random.Random) -> int:
    """As-needed doses on a day whose worst score was `level`: none when it is mild."""
    if level <= 2:
        return 1 if rng.random() < 0.1 else 0
    if level <= 4:
        return rng.choice((0, 1, 1, 2))
    if level <= 6:
        return rng.choice((1, 2, 2, 3))
    return rng.choice((3, 3, 4))
