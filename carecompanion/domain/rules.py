"""The rules every record obeys, written once: the window, the command line and import call them.

Each check returns the value cleaned up (spaces trimmed, NCT numbers upper-cased) or raises
InvalidInput naming the field, the value and what is allowed. Field names are the words a
person sees on screen; an import adds where in the file the record is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime

from carecompanion.domain import vitals
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import (
    MAX_PINNED_QUESTIONS,
    BiomarkerTest,
    CareContact,
    Dose,
    Medication,
    Profile,
    QuestionStatus,
    TreatmentCategory,
    TreatmentLine,
)
from carecompanion.domain.symptoms import BUILT_IN, Symptom, check_score, custom_symptom
from carecompanion.domain.times import check_day, check_moment, check_zone_name

MAX_NOTE_LENGTH = 10_000
MAX_QUESTION_LENGTH = 1_000
MAX_MARKER_LENGTH = 80
MAX_SHORT_TEXT = 200
MAX_CONTACTS = 20
MAX_PHONE_LENGTH = MAX_SHORT_TEXT  # as before: some write "ext. 12, ask for the nurse"
NCT_PATTERN = re.compile(r"NCT[0-9]{8}")


def check_text(text: str, field: str, limit: int) -> str:
    """Text a person wrote: at most `limit` characters, storable as UTF-8, no NUL characters."""
    if len(text) > limit:
        raise InvalidInput(field, f"{len(text)} characters", f"it holds up to {limit}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(
            field, "a broken character", "text must be valid Unicode (no lone surrogates)"
        ) from None
    if "\x00" in text:
        raise InvalidInput(field, "a NUL character", "text cannot hold NUL characters")
    return text


def check_one_line(text: str, field: str, limit: int = MAX_SHORT_TEXT) -> str:
    """A name or number shown on one line (a phone, a name): printable characters only, so no
    line break or terminal code can reach a printout, a PDF or the command line."""
    check_text(text, field, limit)
    if not text.isprintable():
        raise InvalidInput(field, "a control character", "letters, digits and punctuation only")
    return text


# ----- check-ins -----


def check_checkin(
    scores: Mapping[str, int],
    recorded_at: datetime,
    note: str,
    known: Mapping[str, Symptom],
    now: datetime,
    *,
    temperature_c: float | None = None,
    weight_kg: float | None = None,
) -> None:
    """A check-in: known symptoms scored 0-10 and/or a temperature or weight in range, a past
    time, a note of 10,000 characters or less."""
    if not scores and temperature_c is None and weight_kg is None:
        raise InvalidInput(
            "scores",
            "none",
            "give at least one symptom a score from 0 to 10, a temperature or a weight",
        )
    if temperature_c is not None:
        vitals.check_temperature_c(temperature_c)
    if weight_kg is not None:
        vitals.check_weight_kg(weight_kg)
    for key, value in scores.items():
        if key not in known:
            choices = "choose one of: " + ", ".join(sorted(known))
            if key.startswith("custom_"):
                choices = (
                    "a symptom of your own is added in Settings first (a JSON file brings its "
                    "symptoms with it); " + choices
                )
            raise InvalidInput("symptom", key, choices)
        check_score(value, field=known[key].label)
    check_moment(recorded_at, now, field="time")
    check_text(note, "note", MAX_NOTE_LENGTH)


# ----- treatment lines and tests -----


def check_span(start: date, end: date | None, today: date, end_field: str) -> None:
    """A start day not ahead of today, and an end (if any) on or after it, not ahead either."""
    check_day(start, today, "start date")
    if end is None:
        return
    if end < start:
        raise InvalidInput(
            end_field, end.isoformat(), f"it cannot be before the start date, {start.isoformat()}"
        )
    check_day(end, today, end_field)


def check_line(line: TreatmentLine, today: date) -> TreatmentLine:
    """Return the line cleaned up, or raise InvalidInput naming the field at fault."""
    regimen = check_text(" ".join(line.regimen.split()), "regimen", MAX_SHORT_TEXT)
    if not regimen and line.category is not TreatmentCategory.SUPPORTIVE:
        raise InvalidInput("regimen", line.regimen, "name the drugs or the treatment")
    check_span(line.start_date, line.end_date, today, "end date")
    if line.end_date is None and line.end_reason is not None:
        raise InvalidInput("reason it ended", line.end_reason.label, "give an end date too")
    nct = (line.nct_number or "").strip().upper() or None
    if nct is not None and NCT_PATTERN.fullmatch(nct) is None:
        raise InvalidInput("NCT number", line.nct_number, "it is NCT followed by 8 digits")
    check_text(line.notes, "notes", MAX_NOTE_LENGTH)
    is_trial = line.category is TreatmentCategory.CLINICAL_TRIAL
    if not is_trial and (nct or line.trial_phase):
        nct, phase = None, None
    else:
        phase = line.trial_phase
    return replace(line, regimen=regimen, nct_number=nct, trial_phase=phase)


MIN_HOURS_LIMIT = 72  # longer than any "every N hours" label; more is a typing slip
MAX_PER_DAY_LIMIT = 24


def check_medication(medication: Medication, today: date) -> Medication:
    """A medication: a name, the label's limits in range, dates in order and not ahead."""
    name = check_one_line(" ".join(medication.name.split()), "medication name")
    if not name:
        raise InvalidInput("medication name", medication.name, "give the medicine's name")
    dose = check_one_line(" ".join(medication.dose.split()), "dose")
    purpose = check_one_line(" ".join(medication.purpose.split()), "for")
    hours = medication.min_hours
    if hours is not None and (
        isinstance(hours, bool)
        or not isinstance(hours, int | float)
        or hours != hours
        or not 0 < hours <= MIN_HOURS_LIMIT
    ):
        raise InvalidInput(
            "min-hours", hours, f"more than 0 and at most {MIN_HOURS_LIMIT} hours between doses"
        )
    most = medication.max_per_day
    if most is not None and (
        isinstance(most, bool) or not isinstance(most, int) or not 1 <= most <= MAX_PER_DAY_LIMIT
    ):
        raise InvalidInput(
            "max-per-day", most, f"a whole number of doses from 1 to {MAX_PER_DAY_LIMIT}"
        )
    check_span(medication.start_date, medication.stop_date, today, "stop date")
    check_text(medication.notes, "notes", MAX_NOTE_LENGTH)
    return replace(
        medication,
        name=name,
        dose=dose,
        purpose=purpose,
        min_hours=float(hours) if hours is not None else None,
    )


def check_dose(dose: Dose, now: datetime) -> Dose:
    """A dose: taken at a real time, not in the future."""
    check_moment(dose.taken_at, now, field="time")
    return dose


def check_test(test: BiomarkerTest, today: date) -> BiomarkerTest:
    marker = " ".join(test.marker.split())
    if not marker:
        raise InvalidInput("marker", test.marker, "name what was tested, such as EGFR or PD-L1")
    if len(marker) > MAX_MARKER_LENGTH:
        raise InvalidInput(
            "marker", marker[:20] + "…", f"a marker name is up to {MAX_MARKER_LENGTH} characters"
        )
    check_text(marker, "marker", MAX_MARKER_LENGTH)
    check_day(test.tested_on, today, "test date")
    result = check_text(" ".join(test.result.split()), "result", MAX_SHORT_TEXT)
    check_text(test.notes, "notes", MAX_NOTE_LENGTH)
    return replace(test, marker=marker, result=result)


# ----- questions -----


def check_question_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput("question", text, "write the question you want to ask")
    return check_text(cleaned, "question", MAX_QUESTION_LENGTH)


def check_answer(answer: str) -> str:
    return check_text(answer.strip(), "answer", MAX_NOTE_LENGTH)


def check_pinned_count(count: int) -> None:
    if count > MAX_PINNED_QUESTIONS:
        raise InvalidInput(
            "pinned questions",
            count,
            f"up to {MAX_PINNED_QUESTIONS} can be pinned for the next visit; unpin one first",
        )


def check_pin(pinned: bool, status: QuestionStatus) -> None:
    """Only an open question is pinned for the next visit."""
    if pinned and status is not QuestionStatus.OPEN:
        raise InvalidInput("pinned", status.value, "only open questions can be pinned")


# ----- profile and symptom settings -----


def check_contact(contact: CareContact) -> CareContact:
    name = check_one_line(contact.name.strip(), "care-team contact")
    phone = check_one_line(contact.phone.strip(), "phone", MAX_PHONE_LENGTH)
    role = check_one_line(contact.role.strip(), "role")
    if not name and not phone:
        raise InvalidInput("care-team contact", contact.name, "give a name or a phone number")
    return replace(contact, name=name, role=role, phone=phone)


def check_contact_count(count: int) -> None:
    if count > MAX_CONTACTS:
        raise InvalidInput("care-team contacts", count, f"up to {MAX_CONTACTS} contacts")


def check_profile(profile: Profile, today: date) -> Profile:
    name = check_one_line(profile.name.strip(), "name")
    diagnosis = check_text(profile.diagnosis.strip(), "diagnosis", MAX_QUESTION_LENGTH)
    if profile.date_of_birth is not None:
        check_day(profile.date_of_birth, today, "date of birth")
    zone = check_zone_name(profile.time_zone.strip())
    check_contact_count(len(profile.contacts))
    contacts = tuple(check_contact(c) for c in profile.contacts)
    return replace(
        profile,
        name=name,
        diagnosis=diagnosis,
        time_zone=zone,
        contacts=contacts,
        cancer_type=check_one_line(profile.cancer_type.strip(), "cancer type"),
        emergency_number=check_one_line(
            profile.emergency_number.strip(), "emergency number", MAX_PHONE_LENGTH
        ),
        fever_threshold_c=vitals.check_fever_threshold_c(profile.fever_threshold_c),
    )


def check_symptom_setting(key: str, label: str, custom: bool, active: bool) -> None:
    """A built-in symptom keeps its own name; a custom one is named as the user typed it."""
    built_in = BUILT_IN.get(key)
    if built_in is not None:
        if custom or label != built_in.label:
            raise InvalidInput(
                f"symptom {key}", label, f"a built-in symptom keeps its name, {built_in.label!r}"
            )
        if built_in.core and not active:
            raise InvalidInput(
                f"symptom {key}", "off", "pain, nausea, tiredness and anxiety are always offered"
            )
        return
    if not custom:
        raise InvalidInput("symptom", key, "choose one of: " + ", ".join(sorted(BUILT_IN)))
    named = custom_symptom(label)
    if named.key != key:
        raise InvalidInput(f"symptom {key}", label, "a custom symptom's key follows its name")
    if named.label != label:
        raise InvalidInput(
            f"symptom {key}", label, f"a custom symptom is named as typed, {named.label!r}"
        )


def check_stamps(
    created_at: datetime, updated_at: datetime, deleted_at: datetime | None, now: datetime
) -> None:
    """A record's own times: none in the future, so no record wins every merge."""
    check_moment(created_at, now, "created_at")
    check_moment(updated_at, now, "updated_at")
    if deleted_at is not None:
        check_moment(deleted_at, now, "deleted_at")
