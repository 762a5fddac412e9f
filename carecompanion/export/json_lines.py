"""The JSON file written from check-in and dose lines, byte for byte what `json_file.dumps`
writes for the same journal (`json.dumps(..., ensure_ascii=False, indent=1)`).

Python's json module encodes an indented document in pure Python, one generator step per
value; for ten years of check-ins that is most of an export. Here the document without its
check-ins and doses is encoded by `json_file.dumps` as before (the header stays in one place),
and the two long lists are written into it from templates: every value is ours (ids, times,
words, numbers) except the note, which goes through json's own string encoder.
"""

from __future__ import annotations

from collections.abc import Sequence
from json.encoder import encode_basestring

from carecompanion.domain.export_lines import CheckInLine, DoseLine, ScoreLayout
from carecompanion.domain.transfer import JournalDocument
from carecompanion.export import json_file

# How the empty lists sit in the encoded header: one space deep, each key once at that depth
# (a string value never holds a raw line break, so neither can appear inside one).
_EMPTY_CHECKINS = '\n "checkins": [],\n'
_EMPTY_DOSES = '\n "doses": []'


def _text(value: str | None) -> str:
    return "null" if value is None else f'"{value}"'


def _number(value: float | None) -> str:
    return "null" if value is None else repr(value)


class _Scores:
    """A check-in's scores as the indented object json writes: one template per set of keys."""

    def __init__(self) -> None:
        self._templates: dict[str, tuple[str, ScoreLayout]] = {}

    def text(self, line: CheckInLine) -> str:
        found = self._templates.get(line.symptoms)
        if found is None:
            keys = sorted(line.symptoms.split(",")) if line.symptoms else []
            inner = ",\n".join(f'    "{key}": %s' for key in keys)
            found = ("{\n" + inner + "\n   }") if keys else "{}", ScoreLayout(keys)
            self._templates[line.symptoms] = found
        template, layout = found
        return template % layout.cells(line)


def _checkin(c: CheckInLine, scores: _Scores) -> str:
    return (
        f'  {{\n   "id": "{c.id}",\n   "recorded_at": "{c.recorded_at}",\n'
        f'   "recorded_by": "{c.recorded_by}",\n   "scores": {scores.text(c)},\n'
        f'   "note": {encode_basestring(c.note)},\n'
        f'   "activity": {"null" if c.activity is None else c.activity},\n'
        f'   "temperature_c": {_number(c.temperature_c)},\n'
        f'   "weight_kg": {_number(c.weight_kg)},\n'
        f'   "created_at": "{c.created_at}",\n   "updated_at": "{c.updated_at}",\n'
        f'   "deleted_at": {_text(c.deleted_at)}\n  }}'
    )


def _dose(d: DoseLine) -> str:
    return (
        f'  {{\n   "id": "{d.id}",\n   "medication_id": "{d.medication_id}",\n'
        f'   "taken_at": "{d.taken_at}",\n   "recorded_by": "{d.recorded_by}",\n'
        f'   "created_at": "{d.created_at}",\n   "updated_at": "{d.updated_at}",\n'
        f'   "deleted_at": {_text(d.deleted_at)}\n  }}'
    )


def _list(items: list[str]) -> str:
    return "[\n" + ",\n".join(items) + "\n ]" if items else "[]"


def dumps(
    header: JournalDocument, checkins: Sequence[CheckInLine], doses: Sequence[DoseLine]
) -> bytes:
    """The whole file: `header` holds everything but the check-ins and doses (left empty)."""
    if header.checkins or header.doses:
        raise ValueError("the header's check-ins and doses come as lines")
    text = json_file.dumps(header).decode("utf-8")
    if text.count(_EMPTY_CHECKINS) != 1 or text.count(_EMPTY_DOSES) != 1:
        raise AssertionError("the header no longer has the shape this writer fills in")
    scores = _Scores()
    checkins_text = _list([_checkin(c, scores) for c in checkins])
    doses_text = _list([_dose(d) for d in doses])
    text = text.replace(_EMPTY_CHECKINS, f'\n "checkins": {checkins_text},\n')
    text = text.replace(_EMPTY_DOSES, f'\n "doses": {doses_text}')
    return text.encode("utf-8")
