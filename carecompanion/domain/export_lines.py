"""Check-ins and doses as exports write them: plain text and numbers, no objects per value.

The services read these straight from the journal (`services/export_rows.py`) and the CSV and
JSON writers turn them into lines of a file. Ids are canonical UUID text and times are ISO 8601
in UTC (`2026-03-14T09:30:00+00:00`, with microseconds when there are any): exactly what
`str(uuid)` and `datetime.isoformat()` give for the same record, so a writer fed lines writes
the same bytes as one fed `CheckInRecord`s.

A check-in's scores come as two texts, its symptom keys and their scores, comma-separated in the
same order (`"fatigue,pain"`, `"5,4"`). Most check-ins of a journal share the same keys, so
`ScoreLayout` works out once per set of keys where each score goes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import NamedTuple


class CheckInLine(NamedTuple):
    id: str
    recorded_at: str
    recorded_by: str
    symptoms: str  # keys of its scores, comma-separated; "" when it has none
    scores: str  # the scores of those keys as whole numbers, in the same order
    note: str
    activity: int | None
    temperature_c: float | None
    weight_kg: float | None
    created_at: str
    updated_at: str
    deleted_at: str | None


class DoseLine(NamedTuple):
    id: str
    medication_id: str
    taken_at: str
    recorded_by: str
    created_at: str
    updated_at: str
    deleted_at: str | None


Pick = Callable[[list[str]], tuple[str, ...]]


def _picker(indexes: Sequence[int]) -> Pick:
    if not indexes:
        return lambda values: ()
    if len(indexes) == 1:
        only = itemgetter(indexes[0])
        return lambda values: (only(values),)
    return itemgetter(*indexes)


class ScoreLayout:
    """Scores in the order of a list of symptom keys, "" for a key the check-in lacks."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = tuple(keys)
        self._picks: dict[str, Pick] = {}

    def cells(self, line: CheckInLine) -> tuple[str, ...]:
        pick = self._picks.get(line.symptoms)
        if pick is None:
            present = line.symptoms.split(",") if line.symptoms else []
            where = {key: n for n, key in enumerate(present)}
            missing = len(present)  # the "" appended below
            pick = _picker([where.get(key, missing) for key in self.keys])
            self._picks[line.symptoms] = pick
        values = line.scores.split(",") if line.scores else []
        values.append("")
        return pick(values)
