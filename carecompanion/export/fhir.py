"""Scores as a FHIR R4 Bundle (type collection) for clinics whose systems read FHIR.

Each score is an Observation: status final, category survey, the 0-10 pain score coded with
LOINC 72514-3 and other symptoms with CareCompanion's own code system, an effectiveDateTime
with its offset, a valueInteger, and the patient or a related person (the caregiver) as
performer. A temperature or weight is a `vital-signs` Observation (LOINC 8310-5 body
temperature in Cel, 29463-7 body weight in kg, UCUM units), as the FHIR vital-signs profile
asks.

Each medication not deleted is a MedicationStatement (status active, or completed once stopped;
the name as text, for the app holds no drug codes; the label's dose, "as needed" and limits as
the dosage) and each dose a MedicationAdministration (status completed, when it was taken, the
patient or caregiver who recorded it as performer) pointing at its statement through
`supportingInformation`: R4's `partOf` may only name another administration or a procedure.
Treatment lines and tests are not included: see docs/data-format.md.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any

from carecompanion.domain.records import Dose, Medication, Recorder
from carecompanion.domain.transfer import CheckInRecord, ProfileRecord

LOINC = "http://loinc.org"
PAIN_LOINC = "72514-3"
PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
SYMPTOM_SYSTEM = "urn:carecompanion:symptom-score"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
NAMESPACE = uuid.UUID("5f1d2c7a-8b34-4e0f-9c6d-2a7e4b1f9d30")
UCUM = "http://unitsofmeasure.org"
# (LOINC code, display, UCUM unit) of each vital sign, from the FHIR R4 vital-signs profiles.
VITAL_SIGNS = {
    "temperature": ("8310-5", "Body temperature", "Cel", "°C"),
    "weight": ("29463-7", "Body weight", "kg", "kg"),
}


def _ref(resource_id: uuid.UUID) -> str:
    return f"urn:uuid:{resource_id}"


def bundle(
    checkins: Sequence[CheckInRecord],
    labels: Mapping[str, str],
    profile: ProfileRecord | None,
    patient_id: uuid.UUID,
    now: datetime,
    zone: tzinfo,
    *,
    medications: Sequence[Medication] = (),
    doses: Sequence[Dose] = (),
) -> dict[str, Any]:
    caregiver_id = uuid.uuid5(patient_id, "caregiver")
    patient: dict[str, Any] = {"resourceType": "Patient", "id": str(patient_id)}
    if profile is not None and profile.name:
        patient["name"] = [{"text": profile.name}]
    if profile is not None and profile.date_of_birth:
        patient["birthDate"] = profile.date_of_birth.isoformat()
    entries = [{"fullUrl": _ref(patient_id), "resource": patient}]
    by_caregiver = [c.recorded_by for c in checkins] + [d.recorded_by for d in doses]
    if Recorder.CAREGIVER in by_caregiver:
        entries.append(
            {
                "fullUrl": _ref(caregiver_id),
                "resource": {
                    "resourceType": "RelatedPerson",
                    "id": str(caregiver_id),
                    "patient": {"reference": _ref(patient_id)},
                    "relationship": [{"text": "Caregiver"}],
                },
            }
        )
    for record in checkins:
        performer = caregiver_id if record.recorded_by is Recorder.CAREGIVER else patient_id
        for key, value in sorted(record.scores.items()):
            observation_id = uuid.uuid5(NAMESPACE, f"{record.id}/{key}")
            entries.append(
                {
                    "fullUrl": _ref(observation_id),
                    "resource": _observation(
                        observation_id,
                        key,
                        labels.get(key, key),
                        value,
                        record,
                        patient_id,
                        performer,
                        zone,
                    ),
                }
            )
        vitals = {"temperature": record.temperature_c, "weight": record.weight_kg}
        for name, measured in vitals.items():
            if measured is None:
                continue
            observation_id = uuid.uuid5(NAMESPACE, f"{record.id}/vital/{name}")
            entries.append(
                {
                    "fullUrl": _ref(observation_id),
                    "resource": _vital_sign(
                        observation_id, name, measured, record, patient_id, performer, zone
                    ),
                }
            )
    by_id = {m.id: m for m in medications}
    for medication in medications:
        statement_id = _statement_id(medication.id)
        entries.append(
            {
                "fullUrl": _ref(statement_id),
                "resource": _statement(statement_id, medication, labels, patient_id),
            }
        )
    for dose in doses:
        performer = caregiver_id if dose.recorded_by is Recorder.CAREGIVER else patient_id
        given_id = uuid.uuid5(NAMESPACE, f"{dose.id}/administration")
        entries.append(
            {
                "fullUrl": _ref(given_id),
                "resource": _administration(
                    given_id, dose, by_id[dose.medication_id], patient_id, performer, zone
                ),
            }
        )
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(NAMESPACE, f"{patient_id}/{now.isoformat()}")),
        "type": "collection",
        "timestamp": now.astimezone(zone).isoformat(timespec="seconds"),
        "entry": entries,
    }


def _observation(
    observation_id: uuid.UUID,
    key: str,
    label: str,
    value: int,
    record: CheckInRecord,
    patient_id: uuid.UUID,
    performer: uuid.UUID,
    zone: tzinfo,
) -> dict[str, Any]:
    if key == "pain":
        coding = {"system": LOINC, "code": PAIN_LOINC, "display": PAIN_DISPLAY}
    else:
        coding = {"system": SYMPTOM_SYSTEM, "code": key, "display": f"{label} (0-10)"}
    return {
        "resourceType": "Observation",
        "id": str(observation_id),
        "status": "final",
        "category": [
            {"coding": [{"system": CATEGORY_SYSTEM, "code": "survey", "display": "Survey"}]}
        ],
        "code": {"coding": [coding], "text": f"{label}, 0 (none) to 10 (worst possible)"},
        "subject": {"reference": _ref(patient_id)},
        "effectiveDateTime": record.recorded_at.astimezone(zone).isoformat(timespec="seconds"),
        "performer": [{"reference": _ref(performer)}],
        "valueInteger": value,
    }


def _vital_sign(
    observation_id: uuid.UUID,
    name: str,
    measured: float,
    record: CheckInRecord,
    patient_id: uuid.UUID,
    performer: uuid.UUID,
    zone: tzinfo,
) -> dict[str, Any]:
    code, display, unit, shown_unit = VITAL_SIGNS[name]
    return {
        "resourceType": "Observation",
        "id": str(observation_id),
        "status": "final",
        "category": [
            {
                "coding": [
                    {"system": CATEGORY_SYSTEM, "code": "vital-signs", "display": "Vital Signs"}
                ]
            }
        ],
        "code": {"coding": [{"system": LOINC, "code": code, "display": display}], "text": display},
        "subject": {"reference": _ref(patient_id)},
        "effectiveDateTime": record.recorded_at.astimezone(zone).isoformat(timespec="seconds"),
        "performer": [{"reference": _ref(performer)}],
        "valueQuantity": {
            "value": round(measured, 2),
            "unit": shown_unit,
            "system": UCUM,
            "code": unit,
        },
    }


def _statement_id(medication_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{medication_id}/statement")


def dosage_text(medication: Medication) -> str:
    """The label in words: "5 mg tablet, as needed; at least 4 hours between doses; at most 6
    in 24 hours" (empty when the label gave nothing)."""
    first = ", ".join(
        part for part in (medication.dose, "as needed" if medication.as_needed else "") if part
    )
    limits = []
    if medication.min_hours is not None:
        limits.append(f"at least {medication.min_hours:g} hours between doses")
    if medication.max_per_day is not None:
        limits.append(f"at most {medication.max_per_day} in 24 hours")
    return "; ".join(part for part in (first, *limits) if part)


def _statement(
    statement_id: uuid.UUID,
    medication: Medication,
    labels: Mapping[str, str],
    patient_id: uuid.UUID,
) -> dict[str, Any]:
    period = {"start": medication.start_date.isoformat()}
    if medication.stop_date is not None:
        period["end"] = medication.stop_date.isoformat()
    dosage: dict[str, Any] = {"asNeededBoolean": medication.as_needed}
    text = dosage_text(medication)
    if text:
        dosage["text"] = text
    if medication.max_per_day is not None:
        dosage["maxDosePerPeriod"] = {
            "numerator": {"value": medication.max_per_day},
            "denominator": {"value": 1, "unit": "day", "system": UCUM, "code": "d"},
        }
    statement: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "id": str(statement_id),
        "status": "active" if medication.ongoing else "completed",
        "medicationCodeableConcept": {"text": medication.name},
        "subject": {"reference": _ref(patient_id)},
        "effectivePeriod": period,
        "dosage": [dosage],
    }
    if medication.purpose:
        statement["reasonCode"] = [{"text": labels.get(medication.purpose, medication.purpose)}]
    return statement


def _administration(
    given_id: uuid.UUID,
    dose: Dose,
    medication: Medication,
    patient_id: uuid.UUID,
    performer: uuid.UUID,
    zone: tzinfo,
) -> dict[str, Any]:
    given: dict[str, Any] = {
        "resourceType": "MedicationAdministration",
        "id": str(given_id),
        "status": "completed",
        "medicationCodeableConcept": {"text": medication.name},
        "subject": {"reference": _ref(patient_id)},
        "effectiveDateTime": dose.taken_at.astimezone(zone).isoformat(timespec="seconds"),
        "performer": [{"actor": {"reference": _ref(performer)}}],
        "supportingInformation": [{"reference": _ref(_statement_id(medication.id))}],
    }
    if medication.dose:
        given["dosage"] = {"text": medication.dose}
    return given


def dumps(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
