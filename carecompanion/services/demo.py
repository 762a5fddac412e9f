"""A believable sample journal, the same for the same seed and end time.

It follows someone with bowel cancer that has spread to the liver through several lines of
treatment: two chemotherapy regimens that stop working or cause too many side effects, a
radioembolization, a targeted drug after a genomic test, and a clinical trial, with supportive
care alongside. Symptoms respond to the treatments: nausea peaks after each chemotherapy cycle,
pain creeps up as a line stops working, tiredness follows treatment.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.orm import Session

from carecompanion.db.models import CheckInRow, ScoreRow
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.domain.records import (
    Actionable,
    BiomarkerTest,
    CareContact,
    EndReason,
    Profile,
    QuestionSource,
    QuestionStatus,
    Response,
    TestKind,
    TreatmentCategory,
    TreatmentLine,
    TreatmentSetting,
    TrialPhase,
)
from carecompanion.domain.symptoms import OPTIONAL_SYMPTOMS
from carecompanion.services import biomarkers, checkins, profile, questions, symptoms, treatments
from carecompanion.services.demo_medications import add_medications

PATIENT_NOTES = (
    "Slept badly, up twice in the night.",
    "Walked to the shop and back. Felt good to be out.",
    "Mouth sore again today.",
    "Cold hands, tingling when I touch the fridge.",
    "Lunch with my sister. Ate more than usual.",
    "Scan results next week, can't stop thinking about it.",
    "Nap after lunch helped.",
    "Took the anti-sickness tablets before breakfast this time.",
)
CAREGIVER_NOTES = (
    "Logged for them: very tired after the clinic visit.",
    "Didn't want to get up this morning; ate half of lunch.",
    "Complained of pain in the right side, took the extra dose.",
    "Brighter today, watched a film together.",
)


@dataclass(frozen=True, slots=True)
class _Phase:
    category: TreatmentCategory
    regimen: str
    start: float  # fraction of the timeline
    end: float | None
    response: Response | None
    reason: EndReason | None
    chemo_cycle_days: int | None = None
    phase: TrialPhase | None = None


PHASES = (
    _Phase(
        TreatmentCategory.CHEMOTHERAPY,
        "FOLFOX (oxaliplatin, fluorouracil, folinic acid)",
        0.00,
        0.28,
        Response.PARTIAL,
        EndReason.REFRACTORY,
        chemo_cycle_days=14,
    ),
    _Phase(
        TreatmentCategory.CHEMOTHERAPY,
        "FOLFIRI with bevacizumab",
        0.30,
        0.50,
        Response.STABLE,
        EndReason.TOXICITY,
        chemo_cycle_days=14,
    ),
    _Phase(
        TreatmentCategory.SIRT,
        "Yttrium-90 radioembolization of the liver",
        0.53,
        0.535,
        Response.PARTIAL,
        EndReason.COMPLETED,
    ),
    _Phase(
        TreatmentCategory.TARGETED,
        "Sotorasib (KRAS G12C inhibitor) with panitumumab",
        0.58,
        0.84,
        Response.STABLE,
        EndReason.REFRACTORY,
    ),
    _Phase(
        TreatmentCategory.CLINICAL_TRIAL,
        "Investigational KRAS vaccine with pembrolizumab",
        0.87,
        None,
        None,
        None,
        phase=TrialPhase.I,
    ),
)
SUPPORTIVE_FROM = 0.45


@dataclass(frozen=True, slots=True)
class DemoSummary:
    checkins: int
    lines: int
    tests: int
    questions: int
    medications: int = 0
    doses: int = 0


class _Ids:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def __call__(self) -> uuid.UUID:
        return uuid.UUID(int=self._rng.getrandbits(128), version=4)


def generate(
    session: Session,
    *,
    days: int,
    seed: int,
    end: datetime,
    zone: ZoneInfo,
    per_day: int = 0,
    all_symptoms: bool = False,
) -> DemoSummary:
    """Fill an empty journal with `days` days of sample data ending at `end`.

    By default there are one or two check-ins a day on the core symptoms and two extras;
    `per_day` and `all_symptoms` make the heavier journals the benchmarks use.
    """
    rng = random.Random(seed)
    new_id = _Ids(rng)
    ctx = Context(zone=zone, clock=fixed_clock(end))
    end_local = end.astimezone(zone)
    first_day = end_local.date() - timedelta(days=days - 1)
    # The story spans at least half a year, starting before the journal when it is short.
    span = max(days, 240)
    story_start = end_local.date() - timedelta(days=span - 1)

    def on(fraction: float) -> date:
        return story_start + timedelta(days=round(fraction * (span - 1)))

    lines = _add_treatments(session, new_id, rng, on, ctx)
    symptoms.set_active(session, "sleep", True, end)
    tingling = symptoms.add_custom(session, "Tingling hands", end)
    _add_profile(session, new_id, ctx)
    tests = _add_tests(session, new_id, on, ctx)
    asked = _add_questions(session, new_id, ctx)
    if all_symptoms:
        for extra in OPTIONAL_SYMPTOMS:
            symptoms.set_active(session, extra.key, True, end)
    daily: dict[date, dict[str, int]] = {}
    count = _add_checkins(
        session,
        new_id,
        rng,
        lines,
        first_day,
        end,
        zone,
        tingling.key,
        per_day,
        all_symptoms,
        daily,
    )
    medicines, doses = add_medications(session, new_id, rng, daily, story_start, end, zone)
    return DemoSummary(count, len(lines) + 1, tests, asked, medicines, doses)  # + supportive care


def _add_treatments(
    session: Session, new_id: _Ids, rng: random.Random, on: Any, ctx: Context
) -> list[tuple[_Phase, date, date | None]]:
    placed: list[tuple[_Phase, date, date | None]] = []
    for phase in PHASES:
        start, stop = on(phase.start), on(phase.end) if phase.end is not None else None
        nct = f"NCT0{rng.randrange(10**7):07d}" if phase.phase else None
        treatments.add(
            session,
            TreatmentLine(
                id=new_id(),
                category=phase.category,
                regimen=phase.regimen,
                start_date=start,
                end_date=stop,
                setting=TreatmentSetting.ADVANCED,
                best_response=phase.response,
                end_reason=phase.reason,
                trial_phase=phase.phase,
                nct_number=nct,
                notes="Every two weeks at the day unit." if phase.chemo_cycle_days else "",
            ),
            ctx,
        )
        placed.append((phase, start, stop))
    treatments.add(
        session,
        TreatmentLine(
            id=new_id(),
            category=TreatmentCategory.SUPPORTIVE,
            regimen="Supportive care team: pain and nausea plan",
            start_date=on(SUPPORTIVE_FROM),
            notes="Nurse visits every other week.",
        ),
        ctx,
    )
    return placed


def _add_profile(session: Session, new_id: _Ids, ctx: Context) -> None:
    profile.save(
        session,
        Profile(
            name="Alex Morgan",
            diagnosis="Bowel (colorectal) cancer that has spread to the liver",
            cancer_type="colorectal cancer",
            contacts=(
                _contact(
                    new_id, "Oncology nurse line", "24-hour advice", "020 7946 0123", night=True
                ),
                _contact(new_id, "Dr Priya Shah", "Oncologist", "020 7946 0456"),
                _contact(new_id, "Sam Morgan", "Partner and carer", "07700 900123"),
            ),
            emergency_number="999",
        ),
        ctx,
    )


def _contact(new_id: _Ids, name: str, role: str, phone: str, *, night: bool = False) -> CareContact:
    return CareContact(id=new_id(), name=name, role=role, phone=phone, around_the_clock=night)


def _add_tests(session: Session, new_id: _Ids, on: Any, ctx: Context) -> int:
    found = (
        (on(0.02), TestKind.NGS_PANEL, "KRAS", "G12C mutation found", Actionable.YES),
        (on(0.02), TestKind.NGS_PANEL, "MSI", "Microsatellite stable (MSS)", Actionable.NO),
        (on(0.02), TestKind.SINGLE_GENE, "BRAF", "No mutation found", Actionable.NO),
        (on(0.55), TestKind.LIQUID_BIOPSY, "KRAS", "G12C still present in ctDNA", Actionable.YES),
        (
            on(0.86),
            TestKind.LIQUID_BIOPSY,
            "TMB",
            "Low (4 mutations per megabase)",
            Actionable.UNKNOWN,
        ),
    )
    for tested_on, kind, marker, result, actionable in found:
        biomarkers.add(
            session,
            BiomarkerTest(new_id(), tested_on, kind, marker, result, actionable),
            ctx,
        )
    return len(found)


def _add_questions(session: Session, new_id: _Ids, ctx: Context) -> int:
    texts = (
        ("Which trials could I join with a KRAS G12C change?", QuestionSource.LEARN, True),
        (
            "Can the supportive care team help with the tingling in my hands?",
            QuestionSource.USER,
            True,
        ),
        ("How will we know if the trial treatment is working?", QuestionSource.USER, False),
        ("Is the tiredness from the treatment or from the cancer?", QuestionSource.FLAG, False),
        (
            "Should I have a new liquid biopsy before the next treatment?",
            QuestionSource.LEARN,
            False,
        ),
    )
    for text, source, pin in texts:
        question = questions.add(session, text, ctx, source, question_id=new_id())
        if pin:
            questions.set_pinned(session, question.id, True, ctx)
    last = questions.all_questions(session)[3]
    questions.set_status(
        session,
        last.id,
        QuestionStatus.ANSWERED,
        ctx,
        "Probably both; a short walk each day may help.",
    )
    return len(texts)


def _level(day: date, placed: list[tuple[_Phase, date, date | None]]) -> dict[str, float]:
    """Underlying symptom levels on a day, from where it falls in the treatment story."""
    pain, nausea, fatigue, anxiety, tingling = 2.0, 0.5, 2.6, 2.2, 0.0
    for phase, start, stop in placed:
        if day < start:
            continue
        ongoing = stop is None or day <= stop
        length = ((stop or day) - start).days + 1
        progress = (day - start).days / max(length, 1)
        if ongoing and phase.chemo_cycle_days:
            cycle_day = (day - start).days % phase.chemo_cycle_days
            nausea += max(0.0, 5.5 - 1.6 * cycle_day)
            fatigue += 2.0 if cycle_day < 5 else 0.5
        if ongoing and phase.reason is EndReason.REFRACTORY and progress > 0.6:
            pain += 4.5 * (progress - 0.6) / 0.4
            anxiety += 2.0 * (progress - 0.6) / 0.4
        if stop is not None and day > stop and phase.reason is EndReason.REFRACTORY:
            # The pain of a growing cancer eases over weeks once the next treatment works.
            pain += 4.5 * math.exp(-(day - stop).days / 21)
        if ongoing and phase.reason is EndReason.TOXICITY:
            fatigue += 2.0 * progress
        if phase.category is TreatmentCategory.CHEMOTHERAPY and "oxaliplatin" in phase.regimen:
            tingling += 3.0 * min(1.0, (day - start).days / 90) if ongoing else 2.0
        if stop is not None and 0 <= (day - stop).days < 10:
            anxiety += 2.5
    return {
        "pain": pain,
        "nausea": nausea,
        "fatigue": fatigue,
        "anxiety": anxiety,
        "sleep": 1.0 + 0.5 * anxiety,
        "tingling": tingling,
    }


@dataclass(frozen=True, slots=True)
class _Fever:
    """A fever episode: the evening reading, the notes around it, and how long it kept them in."""

    at: float  # fraction of the timeline
    evening_c: float
    next_c: float
    note: str
    back_note: str
    away_days: int


# Two fevers in the year, as happen: one at the low point of a chemotherapy cycle (admitted for
# antibiotics) and one the evening after an immunotherapy infusion on the trial.
FEVERS = (
    _Fever(
        0.155,
        38.4,
        37.3,
        "Logged for them: temperature 38.4 and shivery. Rang the 24-hour line; going in.",
        "Home from hospital. Antibiotics for a week; temperature normal since yesterday.",
        2,
    ),
    _Fever(
        0.905,
        38.2,
        37.6,
        "Hot and shivery this evening after the infusion. Rang the nurse line as told.",
        "Temperature settled. The trial nurse will see me on Monday.",
        0,
    ),
)
# Scores drift from day to day rather than jumping: a slowly wandering offset per symptom
# (what a person feels carries over from yesterday) plus a little noise per check-in.
DRIFT_KEEP = 0.8
DRIFT_STEP = 0.3
CHECKIN_NOISE = 0.4
SAME_AS_LAST_TIME = 0.45
START_WEIGHT_KG = 71.0


def _weight(day: date, start: date, placed: list[tuple[_Phase, date, date | None]]) -> float:
    """Weight drifts down slowly, faster while a line is failing (cachexia)."""
    weeks = (day - start).days / 7
    loss = 0.06 * weeks
    for phase, begin, stop in placed:
        if phase.reason is not EndReason.REFRACTORY or day < begin:
            continue
        end = stop or day
        failing_from = begin + (end - begin) * 6 // 10
        until = min(day, end)
        if until > failing_from:
            loss += 0.2 * (until - failing_from).days / 7
    # A long journal (the ten-year benchmark) would otherwise lose more than a body has.
    return START_WEIGHT_KG - min(loss, 0.2 * START_WEIGHT_KG)


def _add_checkins(
    session: Session,
    new_id: _Ids,
    rng: random.Random,
    placed: list[tuple[_Phase, date, date | None]],
    first_day: date,
    end: datetime,
    zone: tzinfo,
    tingling_key: str,
    per_day: int = 0,
    all_symptoms: bool = False,
    daily: dict[date, dict[str, int]] | None = None,
) -> int:
    """Insert the check-ins; `daily` collects each day's highest pain and nausea."""
    checkin_rows: list[dict[str, Any]] = []
    score_rows: list[dict[str, Any]] = []
    story_start = min(start for _, start, _ in placed)
    story_end = end.astimezone(zone).date()
    span = max((story_end - story_start).days, 1)
    fevers: dict[date, _Fever] = {}
    for episode in FEVERS:
        when = story_start + timedelta(days=round(episode.at * span))
        for _ in range(14):  # during chemotherapy, at the low point of the cycle
            if _chemo_cycle_day(when, placed) in (None, 9):
                break
            when += timedelta(days=1)
        fevers[when] = episode
    away: set[date] = set()
    back: dict[date, _Fever] = {}
    for when, episode in fevers.items():
        away.update(when + timedelta(days=n + 1) for n in range(episode.away_days))
        back[when + timedelta(days=episode.away_days + 1)] = episode
    drift: dict[str, float] = {}
    last: dict[str, int] = {}
    day = first_day
    while day <= story_end:
        level = _level(day, placed)
        if all_symptoms:
            level.update(_extras(level))
        for key in level:
            drift[key] = DRIFT_KEEP * drift.get(key, 0.0) + rng.gauss(0, DRIFT_STEP)
        if per_day:
            step = 14 * 60 // per_day  # spread over the waking day, 7:00 to 21:00
            moments = [time(7 + (i * step) // 60, (i * step) % 60) for i in range(per_day)]
        else:
            moments = [time(rng.randrange(7, 11), rng.randrange(60))]
            if rng.random() < 0.3:
                moments.append(time(rng.randrange(18, 22), rng.randrange(60)))
        fever = fevers.get(day)
        if fever is not None and len(moments) == 1:
            moments.append(time(20, rng.randrange(60)))
        if day in away:
            moments = []
        cycle_low = _chemo_low_point(day, placed)
        for index, moment in enumerate(moments):
            recorded_at = datetime.combine(day, moment, tzinfo=zone)
            if recorded_at > end:
                continue
            by_caregiver = rng.random() < 0.15
            notes = CAREGIVER_NOTES if by_caregiver else PATIENT_NOTES
            note = rng.choice(notes) if rng.random() < 0.08 else ""
            temperature: float | None = None
            if rng.random() < (0.6 if cycle_low else 0.2):
                temperature = round(min(37.4, max(35.9, rng.gauss(36.7, 0.25))), 1)
            evening = index == len(moments) - 1 and index > 0
            if fever is not None and evening:
                temperature, note, by_caregiver = fever.evening_c, fever.note, True
            elif day in back and index == 0:
                temperature, note = back[day].next_c, back[day].back_note
            checkin_id = new_id()
            weekly = day.weekday() == 6 and index == 0
            checkin_rows.append(
                {
                    "id": checkin_id,
                    "recorded_at": recorded_at,
                    "created_at": recorded_at,
                    "updated_at": recorded_at,
                    "recorded_by": "caregiver" if by_caregiver else "patient",
                    "note": note,
                    "activity": _activity(level) if weekly else None,
                    "temperature_c": temperature,
                    "weight_kg": (
                        round(_weight(day, story_start, placed) + rng.gauss(0, 0.3), 1)
                        if weekly
                        else None
                    ),
                }
            )
            for key, base in level.items():
                symptom = tingling_key if key == "tingling" else key
                bump = 1.5 if fever is not None and evening and key == "fatigue" else 0.0
                value = min(
                    10, max(0, round(base + drift[key] + bump + rng.gauss(0, CHECKIN_NOISE)))
                )
                if key in last and abs(value - last[key]) <= 1 and rng.random() < SAME_AS_LAST_TIME:
                    value = last[key]  # "about the same as last time"
                last[key] = value
                if daily is not None and key in ("pain", "nausea"):
                    highest = daily.setdefault(day, {})
                    highest[key] = max(highest.get(key, 0), value)
                score_rows.append(
                    {
                        "id": new_id(),
                        "created_at": recorded_at,
                        "updated_at": recorded_at,
                        "checkin_id": checkin_id,
                        "symptom": symptom,
                        "value": value,
                    }
                )
        day += timedelta(days=1)
    if checkin_rows:
        session.execute(insert(CheckInRow), checkin_rows)
        session.execute(insert(ScoreRow), score_rows)
    return len(checkin_rows)


def _chemo_cycle_day(day: date, placed: list[tuple[_Phase, date, date | None]]) -> int | None:
    for phase, start, stop in placed:
        if phase.chemo_cycle_days and start <= day and (stop is None or day <= stop):
            return (day - start).days % phase.chemo_cycle_days
    return None


def _chemo_low_point(day: date, placed: list[tuple[_Phase, date, date | None]]) -> bool:
    """Days 7-12 of a chemotherapy cycle, when blood counts are lowest and the care team asks
    people to check their temperature."""
    cycle_day = _chemo_cycle_day(day, placed)
    return cycle_day is not None and 7 <= cycle_day <= 12


def _extras(level: dict[str, float]) -> dict[str, float]:
    """Underlying levels of the optional symptoms, following the core ones."""
    return {
        "drowsiness": level["fatigue"] - 1,
        "appetite": level["nausea"] + 1,
        "breathless": 1.0 + level["pain"] / 4,
        "depression": level["anxiety"] - 0.5,
        "wellbeing": (level["pain"] + level["fatigue"]) / 2,
        "constipation": 1.5,
        "diarrhoea": level["nausea"] / 2,
    }


def _activity(level: dict[str, float]) -> int:
    burden = (level["pain"] + level["fatigue"]) / 2
    return 0 if burden < 2.5 else 1 if burden < 4.5 else 2 if burden < 6 else 3


def journal_is_empty(session: Session) -> bool:
    return checkins.count(session) == 0 and not treatments.all_lines(session)
