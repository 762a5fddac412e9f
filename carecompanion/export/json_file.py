"""The journal's JSON file: writing it, and reading it back strictly.

Reading checks every field of every record before anything is imported; the first problem is
reported with where it is (such as `checkins[12].scores.pain`) and what is allowed. The format
is described in docs/data-format.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from enum import Enum
from functools import partial
from typing import Any

from carecompanion.domain.errors import InvalidFile, InvalidInput
from carecompanion.domain.identity import JournalIdentity, Person
from carecompanion.domain.records import (
    Actionable,
    BiomarkerTest,
    CareContact,
    Dose,
    EndReason,
    Medication,
    Question,
    QuestionSource,
    QuestionStatus,
    Recorder,
    Response,
    TemperatureUnit,
    TestKind,
    TreatmentCategory,
    TreatmentLine,
    TreatmentSetting,
    TrialPhase,
    WeightUnit,
)
from carecompanion.domain.symptoms import is_valid_key
from carecompanion.domain.transfer import (
    FORMAT_1_SILENT_ON,
    FORMAT_NAME,
    FORMAT_VERSION,
    READABLE_VERSIONS,
    CheckInRecord,
    ContactRecord,
    DoseRecord,
    JournalDocument,
    LineRecord,
    MedicationRecord,
    ProfileRecord,
    QuestionRecord,
    Stamps,
    SymptomRecord,
    TestRecord,
)
from carecompanion.export import json_values as v

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


def _journal(journal: JournalIdentity | None) -> dict[str, Any] | None:
    if journal is None:
        return None
    person = journal.person
    return {
        "id": str(journal.id),
        "person": {"name": person.name, "date_of_birth": _day(person.date_of_birth)},
    }


def to_json(doc: JournalDocument) -> dict[str, Any]:
    profile = doc.profile
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": _time(doc.exported_at),
        "journal": _journal(doc.journal),
        "profile": None
        if profile is None
        else {
            "name": profile.name,
            "date_of_birth": _day(profile.date_of_birth),
            "diagnosis": profile.diagnosis,
            "time_zone": profile.time_zone,
            "cancer_type": profile.cancer_type,
            "emergency_number": profile.emergency_number,
            "temperature_unit": profile.temperature_unit.value,
            "weight_unit": profile.weight_unit.value,
            "fever_threshold_c": profile.fever_threshold_c,
            "supportive_prompt_dismissed_at": _time(profile.supportive_prompt_dismissed_at),
            "updated_at": _time(profile.updated_at),
        },
        "contacts": [
            {
                "id": str(c.contact.id),
                "name": c.contact.name,
                "role": c.contact.role,
                "phone": c.contact.phone,
                "around_the_clock": c.contact.around_the_clock,
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
                "temperature_c": c.temperature_c,
                "weight_kg": c.weight_kg,
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
        "medications": [
            {
                "id": str(r.medication.id),
                "name": r.medication.name,
                "dose": r.medication.dose,
                "as_needed": r.medication.as_needed,
                "purpose": r.medication.purpose,
                "min_hours": r.medication.min_hours,
                "max_per_day": r.medication.max_per_day,
                "start_date": _day(r.medication.start_date),
                "stop_date": _day(r.medication.stop_date),
                "notes": r.medication.notes,
                **_stamps(r.stamps),
            }
            for r in doc.medications
        ],
        "doses": [
            {
                "id": str(r.dose.id),
                "medication_id": str(r.dose.medication_id),
                "taken_at": _time(r.dose.taken_at),
                "recorded_by": r.dose.recorded_by.value,
                **_stamps(r.stamps),
            }
            for r in doc.doses
        ],
    }


def dumps(doc: JournalDocument) -> bytes:
    return json.dumps(to_json(doc), ensure_ascii=False, indent=1).encode("utf-8")


# ----- reading -----


STAMPS = {"created_at", "updated_at", "deleted_at"}


def _read_stamps(record: v.Record) -> Stamps:
    created = record.get("created_at", v.as_moment)
    updated = record.get("updated_at", v.as_moment)
    return Stamps(created, updated, record.get("deleted_at", v.as_moment, optional=True))


def _list(raw: dict[str, Any], name: str) -> list[Any]:
    value = raw.get(name, [])
    if not isinstance(value, list):
        raise InvalidInput(name, v.shown(value), "a list of records")
    return value


VITAL_FIELDS = {"temperature_c", "weight_kg"}


def _checkin(raw: Any, where: str, version: int = FORMAT_VERSION) -> CheckInRecord:
    fields = {"id", "recorded_at", "recorded_by", "scores", "note", "activity"} | STAMPS
    r = v.Record(raw, where, fields | (VITAL_FIELDS if version >= 2 else set()))
    if version >= 2:  # null when not measured, but never left out (it would blank a reading)
        r.present(*sorted(VITAL_FIELDS))
    return CheckInRecord(
        id=r.get("id", v.as_uuid),
        recorded_at=r.get("recorded_at", v.as_moment),
        recorded_by=r.get("recorded_by", v.as_choice(Recorder)),
        scores=r.get("scores", v.as_scores),
        note=r.get("note", v.as_text, optional=True) or "",
        activity=r.get("activity", v.as_int(0, 4), optional=True),
        stamps=_read_stamps(r),
        temperature_c=r.get("temperature_c", v.as_number, optional=True),
        weight_kg=r.get("weight_kg", v.as_number, optional=True),
    )


def _line(raw: Any, where: str) -> LineRecord:
    r = v.Record(
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
        id=r.get("id", v.as_uuid),
        category=r.get("category", v.as_choice(TreatmentCategory)),
        regimen=r.get("regimen", v.as_text, optional=True) or "",
        start_date=r.get("start_date", v.as_date),
        end_date=r.get("end_date", v.as_date, optional=True),
        setting=r.get("setting", v.as_choice(TreatmentSetting), optional=True),
        best_response=r.get("best_response", v.as_choice(Response), optional=True),
        end_reason=r.get("end_reason", v.as_choice(EndReason), optional=True),
        trial_phase=r.get("trial_phase", v.as_choice(TrialPhase), optional=True),
        nct_number=r.get("nct_number", v.as_nct, optional=True),
        notes=r.get("notes", v.as_text, optional=True) or "",
    )
    return LineRecord(line, _read_stamps(r))


def _test(raw: Any, where: str) -> TestRecord:
    r = v.Record(
        raw, where, {"id", "tested_on", "kind", "marker", "result", "actionable", "notes"} | STAMPS
    )
    test = BiomarkerTest(
        id=r.get("id", v.as_uuid),
        tested_on=r.get("tested_on", v.as_date),
        kind=r.get("kind", v.as_choice(TestKind)),
        marker=r.get("marker", v.as_text),
        result=r.get("result", v.as_text, optional=True) or "",
        actionable=r.get("actionable", v.as_choice(Actionable), optional=True)
        or Actionable.UNKNOWN,
        notes=r.get("notes", v.as_text, optional=True) or "",
    )
    return TestRecord(test, _read_stamps(r))


def _question(raw: Any, where: str) -> QuestionRecord:
    r = v.Record(
        raw, where, {"id", "text", "source", "status", "answer", "pinned", "position"} | STAMPS
    )
    question = Question(
        id=r.get("id", v.as_uuid),
        text=r.get("text", v.as_text),
        source=r.get("source", v.as_choice(QuestionSource), optional=True) or QuestionSource.USER,
        status=r.get("status", v.as_choice(QuestionStatus), optional=True) or QuestionStatus.OPEN,
        answer=r.get("answer", v.as_text, optional=True) or "",
        pinned=r.get("pinned", v.as_bool, optional=True) or False,
        position=r.get("position", v.as_int(0, 1_000_000), optional=True) or 0,
    )
    return QuestionRecord(question, _read_stamps(r))


def _contact(raw: Any, where: str, version: int = FORMAT_VERSION) -> ContactRecord:
    fields = {"id", "name", "role", "phone", "position"} | STAMPS
    r = v.Record(raw, where, fields | ({"around_the_clock"} if version >= 2 else set()))
    contact = CareContact(
        id=r.get("id", v.as_uuid),
        name=r.get("name", v.as_text, optional=True) or "",
        role=r.get("role", v.as_text, optional=True) or "",
        phone=r.get("phone", v.as_text, optional=True) or "",
        around_the_clock=r.get("around_the_clock", v.as_bool) if version >= 2 else False,
    )
    return ContactRecord(
        contact, r.get("position", v.as_int(0, 10_000), optional=True) or 0, _read_stamps(r)
    )


def _symptom(raw: Any, where: str) -> SymptomRecord:
    r = v.Record(raw, where, {"key", "label", "custom", "active", "position", "updated_at"})
    key = r.get("key", v.as_text)
    if not is_valid_key(key):
        raise InvalidInput(f"{where}.key", key, "a symptom key such as sleep")
    return SymptomRecord(
        key=key,
        label=r.get("label", v.as_text),
        custom=r.get("custom", v.as_bool),
        active=r.get("active", v.as_bool),
        position=r.get("position", v.as_int(0, 10_000)),
        updated_at=r.get("updated_at", v.as_moment),
    )


MEDICATION_FIELDS = {
    "id",
    "name",
    "dose",
    "as_needed",
    "purpose",
    "min_hours",
    "max_per_day",
    "start_date",
    "stop_date",
    "notes",
}
DOSE_FIELDS = {"id", "medication_id", "taken_at", "recorded_by"}


def _medication(raw: Any, where: str) -> MedicationRecord:
    # Every field is there (null where allowed): a file that left out the label's limits or
    # the stop date would otherwise blank them in the journal it is imported into.
    r = v.Record(raw, where, MEDICATION_FIELDS | STAMPS)
    r.present(*sorted(MEDICATION_FIELDS | STAMPS))
    medication = Medication(
        id=r.get("id", v.as_uuid),
        name=r.get("name", v.as_text),
        start_date=r.get("start_date", v.as_date),
        dose=r.get("dose", v.as_text),
        as_needed=r.get("as_needed", v.as_bool),
        purpose=r.get("purpose", v.as_text),
        min_hours=r.get("min_hours", v.as_number, optional=True),
        max_per_day=r.get("max_per_day", v.as_whole_number, optional=True),
        stop_date=r.get("stop_date", v.as_date, optional=True),
        notes=r.get("notes", v.as_text),
    )  # the limits' ranges are the domain's rules, checked with the rest of the record
    return MedicationRecord(medication, _read_stamps(r))


def _dose(raw: Any, where: str) -> DoseRecord:
    r = v.Record(raw, where, DOSE_FIELDS | STAMPS)
    r.present(*sorted(DOSE_FIELDS | STAMPS))
    dose = Dose(
        id=r.get("id", v.as_uuid),
        medication_id=r.get("medication_id", v.as_uuid),
        taken_at=r.get("taken_at", v.as_moment),
        recorded_by=r.get("recorded_by", v.as_choice(Recorder)),
    )
    return DoseRecord(dose, _read_stamps(r))


PROFILE_FIELDS = {"name", "date_of_birth", "diagnosis", "time_zone", "updated_at"}
PROFILE_SAFETY_FIELDS = {
    "cancer_type",
    "emergency_number",
    "temperature_unit",
    "weight_unit",
    "fever_threshold_c",
    "supportive_prompt_dismissed_at",
}


def _profile(raw: Any, where: str, version: int = FORMAT_VERSION) -> ProfileRecord:
    newer = version >= 2
    r = v.Record(raw, where, PROFILE_FIELDS | (PROFILE_SAFETY_FIELDS if newer else set()))
    record = ProfileRecord(
        name=r.get("name", v.as_text, optional=True) or "",
        date_of_birth=r.get("date_of_birth", v.as_date, optional=True),
        diagnosis=r.get("diagnosis", v.as_text, optional=True) or "",
        time_zone=r.get("time_zone", v.as_text, optional=True) or "",
        updated_at=r.get("updated_at", v.as_moment),
    )
    if not newer:
        return record
    # Format 2 always carries these: a file that leaves one out or nulls it would otherwise
    # reset a care team's fever threshold or emergency number without a word.
    r.present("supportive_prompt_dismissed_at")
    return replace(
        record,
        cancer_type=r.get("cancer_type", v.as_text),
        emergency_number=r.get("emergency_number", v.as_text),
        temperature_unit=r.get("temperature_unit", v.as_choice(TemperatureUnit)),
        weight_unit=r.get("weight_unit", v.as_choice(WeightUnit)),
        fever_threshold_c=r.get("fever_threshold_c", v.as_number),
        supportive_prompt_dismissed_at=r.get(
            "supportive_prompt_dismissed_at", v.as_moment, optional=True
        ),
    )


MEDICATION_KINDS = {"medications", "doses"}  # from format 3
JOURNAL = "journal"  # from format 4


def _identity(raw: Any, where: str) -> JournalIdentity:
    r = v.Record(raw, where, {"id", "person"})
    r.present("id", "person")
    person = v.Record(raw["person"], f"{where}.person", {"name", "date_of_birth"})
    person.present("name", "date_of_birth")
    return JournalIdentity(
        r.get("id", v.as_uuid),
        Person(
            person.get("name", v.as_text, optional=True) or "",
            person.get("date_of_birth", v.as_date, optional=True),
        ),
    )


def loads(data: bytes) -> JournalDocument:
    """Read a journal file; raises InvalidInput naming the first problem and where it is."""
    try:
        raw = json.loads(data.decode("utf-8-sig"), object_pairs_hook=_no_repeated_names)
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
    except RecursionError:
        raise InvalidFile("file", "it nests values too deeply to be a journal file") from None
    except ValueError as exc:  # a number too long to read, among others
        if isinstance(exc, InvalidInput):
            raise
        raise InvalidFile(
            "file", "it holds a value no journal file has (a number too long?)"
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_NAME:
        raise InvalidInput(
            "format",
            v.shown(raw.get("format") if isinstance(raw, dict) else raw),
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
    if type(version) is not int or version not in READABLE_VERSIONS:  # not true, not 1.0
        allowed = " or ".join(str(n) for n in sorted(READABLE_VERSIONS))
        raise InvalidInput("version", v.shown(version), f"format version {allowed}")
    too_new = sorted(MEDICATION_KINDS & set(raw)) if version < 3 else []
    if version < 4 and JOURNAL in raw:
        raise InvalidInput(
            f"file.{JOURNAL}",
            "present",
            f"this field is not part of the format in version {version} "
            "(the journal's id came with version 4)",
        )
    if too_new:
        raise InvalidInput(
            f"file.{too_new[0]}",
            "present",
            f"this field is not part of the format in version {version} "
            "(medications and doses came with version 3)",
        )
    top = v.Record(
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
        }
        | (MEDICATION_KINDS if version >= 3 else set())
        | ({JOURNAL} if version >= 4 else set()),
    )
    if version >= 4:
        top.present(JOURNAL)  # null only for a document that belongs to no journal
    records: dict[str, list[Any]] = {}
    kinds: tuple[tuple[str, Callable[[Any, str], Any], Callable[[Any], object]], ...] = (
        ("contacts", partial(_contact, version=version), lambda r: r.contact.id),
        ("symptoms", _symptom, lambda r: r.key),
        ("checkins", partial(_checkin, version=version), lambda r: r.id),
        ("treatment_lines", _line, lambda r: r.line.id),
        ("tests", _test, lambda r: r.test.id),
        ("questions", _question, lambda r: r.question.id),
    )
    if version >= 3:  # a list, possibly empty; a file leaving it out has no medications to give
        kinds += (
            ("medications", _medication, lambda r: r.medication.id),
            ("doses", _dose, lambda r: r.dose.id),
        )
    for name, parse, identity in kinds:
        records[name] = [parse(item, f"{name}[{i}]") for i, item in enumerate(_list(raw, name))]
        _unique([identity(r) for r in records[name]], name)
    return JournalDocument(
        exported_at=top.get("exported_at", v.as_moment),
        profile=top.get("profile", partial(_profile, version=version), optional=True),
        contacts=tuple(records["contacts"]),
        symptoms=tuple(records["symptoms"]),
        checkins=tuple(records["checkins"]),
        lines=tuple(records["treatment_lines"]),
        tests=tuple(records["tests"]),
        questions=tuple(records["questions"]),
        medications=tuple(records.get("medications", ())),
        doses=tuple(records.get("doses", ())),
        silent_on=FORMAT_1_SILENT_ON if version < 2 else frozenset(),
        journal=top.get(JOURNAL, _identity, optional=True) if version >= 4 else None,
    )


def _no_repeated_names(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, value in pairs:
        if name in found:
            raise InvalidInput(
                f"field {name!r}", "given twice", "each field appears once in a record"
            )
        found[name] = value
    return found


def _unique(ids: list[object], name: str) -> None:
    seen: set[object] = set()
    for index, item in enumerate(ids):
        if item in seen:
            raise InvalidInput(f"{name}[{index}]", str(item), "each record appears once")
        seen.add(item)
