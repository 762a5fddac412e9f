"""The journal's JSON file: writing it, and reading it back strictly.

Reading checks every field of every record before anything is imported; the first problem is
reported with where it is (such as `checkins[12].scores.pain`) and what is allowed. The format
is described in docs/data-format.md.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from carecompanion.domain.errors import InvalidFile, InvalidInput
from carecompanion.domain.records import (
    Actionable,
    BiomarkerTest,
    CareContact,
    EndReason,
    Question,
    QuestionSource,
    QuestionStatus,
    Recorder,
    Response,
    TestKind,
    TreatmentCategory,
    TreatmentLine,
    TreatmentSetting,
    TrialPhase,
)
from carecompanion.domain.symptoms import is_valid_key
from carecompanion.domain.transfer import (
    FORMAT_NAME,
    FORMAT_VERSION,
    CheckInRecord,
    ContactRecord,
    JournalDocument,
    LineRecord,
    ProfileRecord,
    QuestionRecord,
    Stamps,
    SymptomRecord,
    TestRecord,
)

E = TypeVar("E", bound=Enum)
T = TypeVar("T")
MAX_TEXT = 100_000
_NCT = re.compile(r"NCT[0-9]{8}")


# ----- writing -----


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _enum(value: Enum | None) -> Any:
    return value.value if value is not None else None


def _stamps(stamps: Stamps) -> dict[str, Any]:
    return {
        "created_at": _time(stamps.created_at),
        "updated_at": _time(stamps.updated_at),
        "deleted_at": _time(stamps.deleted_at),
    }


def to_json(doc: JournalDocument) -> dict[str, Any]:
    profile = doc.profile
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": _time(doc.exported_at),
        "profile": None
        if profile is None
        else {
            "name": profile.name,
            "date_of_birth": _day(profile.date_of_birth),
            "diagnosis": profile.diagnosis,
            "time_zone": profile.time_zone,
            "updated_at": _time(profile.updated_at),
        },
        "contacts": [
            {
                "id": str(c.contact.id),
                "name": c.contact.name,
                "role": c.contact.role,
                "phone": c.contact.phone,
                "position": c.position,
                **_stamps(c.stamps),
            }
            for c in doc.contacts
        ],
        "symptoms": [
            {
                "key": s.key,
                "label": s.label,
                "custom": s.custom,
                "active": s.active,
                "position": s.position,
                "updated_at": _time(s.updated_at),
            }
            for s in doc.symptoms
        ],
        "checkins": [
            {
                "id": str(c.id),
                "recorded_at": _time(c.recorded_at),
                "recorded_by": c.recorded_by.value,
                "scores": dict(sorted(c.scores.items())),
                "note": c.note,
                "activity": c.activity,
                **_stamps(c.stamps),
            }
            for c in doc.checkins
        ],
        "treatment_lines": [
            {
                "id": str(r.line.id),
                "category": r.line.category.value,
                "regimen": r.line.regimen,
                "setting": _enum(r.line.setting),
                "start_date": _day(r.line.start_date),
                "end_date": _day(r.line.end_date),
                "best_response": _enum(r.line.best_response),
                "end_reason": _enum(r.line.end_reason),
                "trial_phase": _enum(r.line.trial_phase),
                "nct_number": r.line.nct_number,
                "notes": r.line.notes,
                **_stamps(r.stamps),
            }
            for r in doc.lines
        ],
        "tests": [
            {
                "id": str(r.test.id),
                "tested_on": _day(r.test.tested_on),
                "kind": r.test.kind.value,
                "marker": r.test.marker,
                "result": r.test.result,
                "actionable": r.test.actionable.value,
                "notes": r.test.notes,
                **_stamps(r.stamps),
            }
            for r in doc.tests
        ],
        "questions": [
            {
                "id": str(r.question.id),
                "text": r.question.text,
                "source": r.question.source.value,
                "status": r.question.status.value,
                "answer": r.question.answer,
                "pinned": r.question.pinned,
                "position": r.question.position,
                **_stamps(r.stamps),
            }
            for r in doc.questions
        ],
    }


def dumps(doc: JournalDocument) -> bytes:
    return json.dumps(to_json(doc), ensure_ascii=False, indent=1).encode("utf-8")


# ----- reading -----


class _Record:
    """One JSON object being read, remembering where it is for error messages."""

    def __init__(self, raw: Any, where: str, fields: set[str]) -> None:
        if not isinstance(raw, dict):
            raise InvalidInput(where, _shown(raw), "each record is a JSON object")
        unknown = sorted(set(raw) - fields)
        if unknown:
            raise InvalidInput(
                f"{where}.{unknown[0]}", "present", "this field is not part of the format"
            )
        self.raw = raw
        self.where = where

    def get(self, name: str, parse: Callable[[Any, str], T], *, optional: bool = False) -> T:
        where = f"{self.where}.{name}"
        if name not in self.raw or self.raw[name] is None:
            if optional:
                return None  # type: ignore[return-value]
            raise InvalidInput(where, "missing", "this field is required")
        return parse(self.raw[name], where)


def _shown(value: Any) -> Any:
    """The value as a message shows it: numbers as they are, anything else as short text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "..."


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(where, _shown(value), "it must be text")
    if len(value) > MAX_TEXT:
        raise InvalidInput(where, f"{len(value)} characters", f"at most {MAX_TEXT}")
    return value


def _int(low: int, high: int) -> Callable[[Any, str], int]:
    def parse(value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidInput(where, _shown(value), f"a whole number from {low} to {high}")
        return value

    return parse


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(where, _shown(value), "true or false")
    return value


def _uuid(value: Any, where: str) -> uuid.UUID:
    try:
        return uuid.UUID(_text(value, where))
    except ValueError as exc:
        raise InvalidInput(
            where, _shown(value), "a UUID such as 123e4567-e89b-12d3-a456-426614174000"
        ) from exc


def _moment(value: Any, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(_text(value, where))
    except ValueError as exc:
        raise InvalidInput(where, _shown(value), "an ISO 8601 time with its offset") from exc
    if moment.utcoffset() is None:
        raise InvalidInput(where, _shown(value), "the time needs its offset, such as +01:00")
    return moment


def _date(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(_text(value, where))
    except ValueError as exc:
        raise InvalidInput(where, _shown(value), "a date such as 2026-03-14") from exc


def _choice(kind: type[E]) -> Callable[[Any, str], E]:
    def parse(value: Any, where: str) -> E:
        try:
            return kind(value)
        except ValueError as exc:
            allowed = ", ".join(str(m.value) for m in kind)
            raise InvalidInput(where, _shown(value), f"one of {allowed}") from exc

    return parse


def _scores(value: Any, where: str) -> dict[str, int]:
    if not isinstance(value, dict) or not value:
        raise InvalidInput(where, _shown(value), "an object of at least one symptom: score")
    score = _int(0, 10)
    for key, item in value.items():
        if not is_valid_key(key):
            raise InvalidInput(f"{where}.{key}", key, "a symptom key such as pain")
        score(item, f"{where}.{key}")
    return dict(value)


def _nct(value: Any, where: str) -> str:
    text = _text(value, where)
    if _NCT.fullmatch(text) is None:
        raise InvalidInput(where, text, "NCT followed by 8 digits")
    return text


STAMPS = {"created_at", "updated_at", "deleted_at"}


def _read_stamps(record: _Record) -> Stamps:
    created = record.get("created_at", _moment)
    updated = record.get("updated_at", _moment)
    return Stamps(created, updated, record.get("deleted_at", _moment, optional=True))


def _list(raw: dict[str, Any], name: str) -> list[Any]:
    value = raw.get(name, [])
    if not isinstance(value, list):
        raise InvalidInput(name, _shown(value), "a list of records")
    return value


def _checkin(raw: Any, where: str) -> CheckInRecord:
    r = _Record(
        raw, where, {"id", "recorded_at", "recorded_by", "scores", "note", "activity"} | STAMPS
    )
    return CheckInRecord(
        id=r.get("id", _uuid),
        recorded_at=r.get("recorded_at", _moment),
        recorded_by=r.get("recorded_by", _choice(Recorder)),
        scores=r.get("scores", _scores),
        note=r.get("note", _text, optional=True) or "",
        activity=r.get("activity", _int(0, 4), optional=True),
        stamps=_read_stamps(r),
    )


def _line(raw: Any, where: str) -> LineRecord:
    r = _Record(
        raw,
        where,
        {
            "id",
            "category",
            "regimen",
            "setting",
            "start_date",
            "end_date",
            "best_response",
            "end_reason",
            "trial_phase",
            "nct_number",
            "notes",
        }
        | STAMPS,
    )
    line = TreatmentLine(
        id=r.get("id", _uuid),
        category=r.get("category", _choice(TreatmentCategory)),
        regimen=r.get("regimen", _text, optional=True) or "",
        start_date=r.get("start_date", _date),
        end_date=r.get("end_date", _date, optional=True),
        setting=r.get("setting", _choice(TreatmentSetting), optional=True),
        best_response=r.get("best_response", _choice(Response), optional=True),
        end_reason=r.get("end_reason", _choice(EndReason), optional=True),
        trial_phase=r.get("trial_phase", _choice(TrialPhase), optional=True),
        nct_number=r.get("nct_number", _nct, optional=True),
        notes=r.get("notes", _text, optional=True) or "",
    )
    if line.end_date is not None and line.end_date < line.start_date:
        raise InvalidInput(
            f"{where}.end_date", line.end_date.isoformat(), "it cannot be before the start date"
        )
    return LineRecord(line, _read_stamps(r))


def _test(raw: Any, where: str) -> TestRecord:
    r = _Record(
        raw, where, {"id", "tested_on", "kind", "marker", "result", "actionable", "notes"} | STAMPS
    )
    test = BiomarkerTest(
        id=r.get("id", _uuid),
        tested_on=r.get("tested_on", _date),
        kind=r.get("kind", _choice(TestKind)),
        marker=r.get("marker", _text),
        result=r.get("result", _text, optional=True) or "",
        actionable=r.get("actionable", _choice(Actionable), optional=True) or Actionable.UNKNOWN,
        notes=r.get("notes", _text, optional=True) or "",
    )
    return TestRecord(test, _read_stamps(r))


def _question(raw: Any, where: str) -> QuestionRecord:
    r = _Record(
        raw, where, {"id", "text", "source", "status", "answer", "pinned", "position"} | STAMPS
    )
    question = Question(
        id=r.get("id", _uuid),
        text=r.get("text", _text),
        source=r.get("source", _choice(QuestionSource), optional=True) or QuestionSource.USER,
        status=r.get("status", _choice(QuestionStatus), optional=True) or QuestionStatus.OPEN,
        answer=r.get("answer", _text, optional=True) or "",
        pinned=r.get("pinned", _bool, optional=True) or False,
        position=r.get("position", _int(0, 1_000_000), optional=True) or 0,
    )
    return QuestionRecord(question, _read_stamps(r))


def _contact(raw: Any, where: str) -> ContactRecord:
    r = _Record(raw, where, {"id", "name", "role", "phone", "position"} | STAMPS)
    contact = CareContact(
        id=r.get("id", _uuid),
        name=r.get("name", _text, optional=True) or "",
        role=r.get("role", _text, optional=True) or "",
        phone=r.get("phone", _text, optional=True) or "",
    )
    return ContactRecord(
        contact, r.get("position", _int(0, 10_000), optional=True) or 0, _read_stamps(r)
    )


def _symptom(raw: Any, where: str) -> SymptomRecord:
    r = _Record(raw, where, {"key", "label", "custom", "active", "position", "updated_at"})
    key = r.get("key", _text)
    if not is_valid_key(key):
        raise InvalidInput(f"{where}.key", key, "a symptom key such as sleep")
    return SymptomRecord(
        key=key,
        label=r.get("label", _text),
        custom=r.get("custom", _bool),
        active=r.get("active", _bool),
        position=r.get("position", _int(0, 10_000)),
        updated_at=r.get("updated_at", _moment),
    )


def _profile(raw: Any, where: str) -> ProfileRecord:
    r = _Record(raw, where, {"name", "date_of_birth", "diagnosis", "time_zone", "updated_at"})
    return ProfileRecord(
        name=r.get("name", _text, optional=True) or "",
        date_of_birth=r.get("date_of_birth", _date, optional=True),
        diagnosis=r.get("diagnosis", _text, optional=True) or "",
        time_zone=r.get("time_zone", _text, optional=True) or "",
        updated_at=r.get("updated_at", _moment),
    )


def loads(data: bytes) -> JournalDocument:
    """Read a journal file; raises InvalidInput naming the first problem and where it is."""
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidFile(
            "file", "it is not UTF-8 text; choose a JSON file exported by CareCompanion"
        ) from exc
    except json.JSONDecodeError as exc:
        raise InvalidFile(
            f"line {exc.lineno}",
            f"the JSON breaks off or goes wrong here ({exc.msg.lower()}, column {exc.colno}); "
            "is the file complete?",
        ) from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_NAME:
        raise InvalidInput(
            "format",
            _shown(raw.get("format") if isinstance(raw, dict) else raw),
            f"a CareCompanion journal file (format {FORMAT_NAME!r})",
        )
    version = raw.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise InvalidInput(
            "version",
            version,
            f"this version of CareCompanion reads format "
            f"{FORMAT_VERSION}; install a newer one to import this file",
        )
    if version != FORMAT_VERSION:
        raise InvalidInput("version", _shown(version), f"format version {FORMAT_VERSION}")
    top = _Record(
        raw,
        "file",
        {
            "format",
            "version",
            "exported_at",
            "profile",
            "contacts",
            "symptoms",
            "checkins",
            "treatment_lines",
            "tests",
            "questions",
        },
    )
    records: dict[str, list[Any]] = {}
    kinds: tuple[tuple[str, Callable[[Any, str], Any], Callable[[Any], object]], ...] = (
        ("contacts", _contact, lambda r: r.contact.id),
        ("symptoms", _symptom, lambda r: r.key),
        ("checkins", _checkin, lambda r: r.id),
        ("treatment_lines", _line, lambda r: r.line.id),
        ("tests", _test, lambda r: r.test.id),
        ("questions", _question, lambda r: r.question.id),
    )
    for name, parse, identity in kinds:
        records[name] = [parse(item, f"{name}[{i}]") for i, item in enumerate(_list(raw, name))]
        _unique([identity(r) for r in records[name]], name)
    return JournalDocument(
        exported_at=top.get("exported_at", _moment),
        profile=top.get("profile", _profile, optional=True),
        contacts=tuple(records["contacts"]),
        symptoms=tuple(records["symptoms"]),
        checkins=tuple(records["checkins"]),
        lines=tuple(records["treatment_lines"]),
        tests=tuple(records["tests"]),
        questions=tuple(records["questions"]),
    )


def _unique(ids: list[object], name: str) -> None:
    seen: set[object] = set()
    for index, item in enumerate(ids):
        if item in seen:
            raise InvalidInput(f"{name}[{index}]", str(item), "each record appears once")
        seen.add(item)
