"""Saving reads whole check-ins for a few weeks and weights alone for months before; its flags
must be exactly those worked out from the whole journal, whatever the journal holds."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from carecompanion.db.models import CheckInRow, ScoreRow
from carecompanion.domain.flags import evaluate
from carecompanion.services import checkins, flag_runs, profile, symptoms

START = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)


def fill(journal, seed, days):
    """Check-ins every day or so for `days` days: runs of severe pain lasting weeks, fevers,
    a weekly weight drifting down and up."""
    rng = random.Random(seed)
    rows, scores = [], []
    weight, severe_until = 70.0, START
    for day in range(days):
        moment = START + timedelta(days=day, minutes=rng.randrange(600))
        if rng.random() < 0.3:
            continue
        if rng.random() < 0.02:
            severe_until = moment + timedelta(days=rng.randrange(20, 120))
        pain = rng.choice([7, 8, 9]) if moment < severe_until else rng.randrange(0, 6)
        weekly = day % 7 == 0
        weight += rng.uniform(-0.9, 0.6) if weekly else 0.0
        checkin_id = checkins.uuid.uuid4()
        rows.append(
            {
                "id": checkin_id,
                "recorded_at": moment,
                "created_at": moment,
                "updated_at": moment,
                "recorded_by": "patient",
                "note": "",
                "activity": None,
                "temperature_c": rng.choice([None] * 8 + [38.2, 37.1]),
                "weight_kg": round(max(35.0, weight), 1) if weekly else None,
            }
        )
        for key, value in (("pain", pain), ("nausea", rng.randrange(0, 8))):
            scores.append(
                {
                    "id": checkins.uuid.uuid4(),
                    "checkin_id": checkin_id,
                    "symptom": key,
                    "value": value,
                    "created_at": moment,
                    "updated_at": moment,
                }
            )
    with journal.write() as session:
        session.execute(insert(CheckInRow), rows)
        session.execute(insert(ScoreRow), scores)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_flags_of_a_save_are_those_of_the_whole_journal(journal, seed):
    fill(journal, seed, days=500)
    with journal.read() as session:
        everything = checkins.between(session)
        labels = symptoms.labels(session)
        person = profile.get(session)
        for checkin in everything[-60:] + everything[100:400:37]:
            assert flag_runs.flags_of(session, checkin, person, labels) == evaluate(
                checkin, everything, labels=labels
            ), checkin.recorded_at
