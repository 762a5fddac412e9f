"""Flags: when a check-in suggests telling the care team, in three tiers, each with its reason.

Sources (PRODUCT.md, "Flags: telling the patient when to call"):
- Acting on severe or worsening symptoms is what helped in trials of weekly symptom reporting
  (Basch et al., JAMA 2017; PRO-TECT); alerts shown to the patient worked as well as alerts sent
  to clinicians (SYMPRO-Lung). Too many alerts become noise, hence tiers and "no nagging".
- Bands: 4-6 moderate, 7-10 severe (the Edmonton Symptom Assessment System cut-points).
- Fever: 38.0 °C by default; the care team may set 37.5-38.5 °C (UK acute-oncology triage uses
  37.5 °C). Weight: 5 % or more lost within six months (cachexia consensus, Fearon et al. 2011).

Two kinds of flag come out of the engine:
- *qualifying*: every check-in at or over a threshold (what the care-team PDF counts);
- *raised*: what the patient is shown after the no-nagging rule (`Flag.raised`).

Both are computed from the stored check-ins alone, so an edit, an import or a backdated entry
gives the same answer as if it had been typed on the day.

Public API: `Tier`, `FlagKind`, `Usual`, `Flag`, `usual_level`, `evaluate`, `evaluate_all`,
`FlagRun` / `run_through`, `supportive_care_prompt`, `call_now_signs` / `CALL_NOW_SIGNS`.
"""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import Enum

from carecompanion.domain.records import (
    DEFAULT_FEVER_THRESHOLD_C,
    CheckIn,
    EndReason,
    TemperatureUnit,
    TreatmentCategory,
    TreatmentLine,
    WeightUnit,
)
from carecompanion.domain.symptoms import BUILT_IN
from carecompanion.domain.vitals import in_unit_temperature, show_temperature, show_weight

# ESAS cut-points: 7+ severe, 4-6 moderate (PRODUCT.md "Symptoms").
SEVERE_AT = 7
MODERATE_AT = 4
# "Worse": 2 or more points above the usual level, and at least 4, so 0 -> 2 is not news
# (PRODUCT.md "Flags"; a 2-point change is the minimal important difference used with ESAS).
WORSE_BY = 2
WORSE_AT_LEAST = 4
# Usual level: median of the 7 days before; with fewer than 2 check-ins there, of the 28 days
# before, so a weekly logger has one (PRODUCT.md "Flags").
USUAL_WINDOW = timedelta(days=7)
USUAL_MIN_COUNT = 2
USUAL_LONG_WINDOW = timedelta(days=28)
BASELINE_WINDOW = USUAL_WINDOW  # the old name, still imported by the report service
# No nagging: same tier, same symptom, not again within 7 days unless the score rises above the
# one that raised it (PRODUCT.md "Flags"; a third of surveys alerting became noise in trials).
REPEAT_WINDOW = timedelta(days=7)
# Weight: 5 % or more lost within six months (Fearon et al., Lancet Oncol 2011, cachexia
# consensus: weight loss > 5 % over the past 6 months). Six months taken as 183 days.
WEIGHT_LOSS_PERCENT = 5.0
WEIGHT_WINDOW = timedelta(days=183)
# Fever threshold as the profile's default (38.0 °C; UK acute-oncology triage uses 37.5 °C).
DEFAULT_FEVER_C = DEFAULT_FEVER_THRESHOLD_C
# Shortness of breath 7 or more is "call now" (PRODUCT.md "Flags", tier 1).
BREATHLESS_KEY = "breathless"
TEMPERATURE_KEY = "temperature"
WEIGHT_KEY = "weight"
# Supportive-care prompt (PRODUCT.md): two lines ended by progression, or one symptom severe on
# three check-ins within 14 days; international consensus on referral to palliative care lists
# progression despite second-line therapy and severe symptoms among the reasons to refer.
SEVERE_REPEAT_COUNT = 3
SEVERE_REPEAT_WINDOW = timedelta(days=14)
REFRACTORY_LINES_FOR_PROMPT = 2
# Once put aside, the prompt stays away for 14 days (PRODUCT.md).
PROMPT_QUIET_FOR = timedelta(days=14)


class Tier(Enum):
    """How soon to act, most urgent first; only the first two suggest a phone call."""

    CALL_NOW = 1
    TODAY = 2
    NEXT_CONTACT = 3

    @property
    def words(self) -> str:
        return _TIER_WORDS[self]

    @property
    def suggests_call(self) -> bool:
        return self is not Tier.NEXT_CONTACT


_TIER_WORDS = {
    Tier.CALL_NOW: "Call now",
    Tier.TODAY: "Call your care team today",
    Tier.NEXT_CONTACT: "Tell your team at your next contact",
}


class FlagKind(Enum):
    FEVER = "fever"
    BREATHLESS = "severe shortness of breath"
    SEVERE = "severe"
    NEWLY_MODERATE = "newly moderate"
    WORSE = "worse"
    WEIGHT_LOSS = "weight loss"

    @property
    def tier(self) -> Tier:
        return _KIND_TIERS[self]


_KIND_TIERS = {
    FlagKind.FEVER: Tier.CALL_NOW,
    FlagKind.BREATHLESS: Tier.CALL_NOW,
    FlagKind.SEVERE: Tier.TODAY,
    FlagKind.NEWLY_MODERATE: Tier.NEXT_CONTACT,
    FlagKind.WORSE: Tier.NEXT_CONTACT,
    FlagKind.WEIGHT_LOSS: Tier.NEXT_CONTACT,
}


def _fmt(value: float) -> str:
    return f"{round(value, 1):g}"


@dataclass(frozen=True, slots=True)
class Usual:
    """A person's usual level of one symptom before a moment, with what it rests on."""

    value: float
    count: int  # check-ins it is the median of
    days: int  # 7 or 28

    @property
    def basis(self) -> str:
        if self.count == 1:
            return f"from 1 check-in over {self.days} days"
        return f"median of {self.count} check-ins over {self.days} days"

    def __str__(self) -> str:
        return f"usual {_fmt(self.value)}, {self.basis}"


@dataclass(frozen=True, slots=True)
class Flag:
    """One symptom (or the temperature or weight) at or over a threshold on one check-in.

    `value` is the score 0-10, the temperature in °C, or the percent of weight lost. `raised`
    is False when the no-nagging rule kept it from the patient (the PDF still counts it).
    """

    symptom: str  # a symptom key, or "temperature" / "weight"
    kind: FlagKind
    value: float
    usual: Usual | None
    reason: str
    at: datetime | None = None
    checkin_id: uuid.UUID | None = None
    raised: bool = True

    @property
    def tier(self) -> Tier:
        return self.kind.tier

    @property
    def score(self) -> int:
        return round(self.value)


_NEVER = datetime.min.replace(tzinfo=UTC)


def _sort_key(c: CheckIn) -> tuple[datetime, datetime, int]:
    """Time order; check-ins of the same moment in the order they were saved, so the second
    of two identical entries is the repeat the no-nagging rule holds back."""
    return (c.recorded_at, c.updated_at or _NEVER, c.id.int)


def comes_before(first: CheckIn, second: CheckIn) -> bool:
    """Whether `first` is judged before `second` (time order, then the order of saving)."""
    return _sort_key(first) < _sort_key(second)


def usual_level(symptom: str, at: datetime, history: Iterable[CheckIn]) -> Usual | None:
    """The usual level of a symptom before `at`: the median of the 7 days before, or with fewer
    than 2 check-ins there, of the 28 days before; None with no check-in in 28 days."""
    recent: list[float] = []
    month: list[float] = []
    for c in history:
        if symptom not in c.scores or not at - USUAL_LONG_WINDOW <= c.recorded_at < at:
            continue
        month.append(c.scores[symptom])
        if c.recorded_at >= at - USUAL_WINDOW:
            recent.append(c.scores[symptom])
    return _usual_of(recent, month)


def median(values: Sequence[float]) -> float:
    """The middle value, or the mean of the two middle ones: `statistics.median`, without the
    statistics module (with fractions and decimal, a few milliseconds of every start-up)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _usual_of(recent: Sequence[float], month: Sequence[float]) -> Usual | None:
    if len(recent) >= USUAL_MIN_COUNT:
        return Usual(float(median(recent)), len(recent), USUAL_WINDOW.days)
    if month:
        return Usual(float(median(month)), len(month), USUAL_LONG_WINDOW.days)
    return None


def _name(symptom: str, labels: Mapping[str, str]) -> str:
    name = labels.get(symptom, symptom.replace("_", " ").capitalize())
    built_in = BUILT_IN.get(symptom)
    if built_in is not None and built_in.best_anchor != "none":
        # Wellbeing is scored 0 best to 10 worst: say so, or "wellbeing 9, severe" reads
        # as if feeling well were the problem.
        return f"{name} (0 {built_in.best_anchor}, 10 {built_in.worst_anchor})"
    return name


# No score under this raises a flag of any kind, so its usual level need not be worked out.
_LOWEST_FLAGGED = min(MODERATE_AT, WORSE_AT_LEAST, SEVERE_AT)


def _symptom_flag(
    checkin: CheckIn, symptom: str, score: int, usual: Usual | None, labels: Mapping[str, str]
) -> Flag | None:
    """The single most urgent flag a score qualifies for, or None."""
    kind: FlagKind | None = None
    if score >= SEVERE_AT:
        kind = FlagKind.BREATHLESS if symptom == BREATHLESS_KEY else FlagKind.SEVERE
    elif usual is not None and score >= MODERATE_AT and usual.value < MODERATE_AT:
        kind = FlagKind.NEWLY_MODERATE
    elif usual is not None and score >= WORSE_AT_LEAST and score - usual.value >= WORSE_BY:
        kind = FlagKind.WORSE
    if kind is None:
        return None
    # The words only for a flag: most scores raise none, and a save judges weeks of them.
    name = _name(symptom, labels)
    after = f"; {usual}" if usual is not None else ""
    if kind is FlagKind.NEWLY_MODERATE:
        reason = f"{name} is {score} of 10, now moderate (4 or more){after}."
    elif kind is FlagKind.WORSE:
        assert usual is not None
        reason = (
            f"{name} is {score} of 10, {_fmt(score - usual.value)} points above the usual level"
            f"{after}."
        )
    else:
        reason = f"{name} is {score} of 10, severe (7 or more){after}."
    return Flag(symptom, kind, float(score), usual, reason, checkin.recorded_at, checkin.id)


def _tenths(value: float) -> float:
    """A value as the app shows it, to one decimal place."""
    return float(f"{value:.1f}")


def is_fever(value_c: float, threshold_c: float, unit: TemperatureUnit) -> bool:
    """A temperature at or over the fever threshold, compared as shown (to a tenth of a degree
    in the profile's unit): a reading that shows as the threshold is at the threshold to the
    person reading it. The flag, the PDF and the window all judge with this one function."""
    shown = _tenths(in_unit_temperature(value_c, unit))
    return shown >= _tenths(in_unit_temperature(threshold_c, unit))


def _fever_flag(checkin: CheckIn, threshold_c: float, unit: TemperatureUnit) -> Flag | None:
    value = checkin.temperature_c
    if value is None or not is_fever(value, threshold_c, unit):
        return None
    reason = (
        f"Temperature {show_temperature(value, unit)}, at or above the fever threshold of "
        f"{show_temperature(threshold_c, unit)}."
    )
    return Flag(
        TEMPERATURE_KEY, FlagKind.FEVER, value, None, reason, checkin.recorded_at, checkin.id
    )


def _weight_flag(checkin: CheckIn, heaviest: float | None, unit: WeightUnit) -> Flag | None:
    value = checkin.weight_kg
    if value is None or heaviest is None or heaviest <= 0:
        return None
    lost = 100.0 * (heaviest - value) / heaviest
    # Compared as shown: "5.0 % less" is 5 % to the reader, whatever the pounds rounded to.
    if _tenths(lost) < WEIGHT_LOSS_PERCENT:
        return None
    reason = (
        f"Weight {show_weight(value, unit)}, {lost:.1f} % less than {show_weight(heaviest, unit)} "
        "within the six months before (5 % or more)."
    )
    return Flag(
        WEIGHT_KEY,
        FlagKind.WEIGHT_LOSS,
        round(lost, 1),
        None,
        reason,
        checkin.recorded_at,
        checkin.id,
    )


class _Windows:
    """Sliding windows over one series of (time, value), for check-ins visited in time order."""

    def __init__(self) -> None:
        self.times: list[datetime] = []
        self.values: list[float] = []

    def add(self, at: datetime, value: float) -> None:
        self.times.append(at)
        self.values.append(value)

    def between(self, since: datetime, until: datetime) -> list[float]:
        lo = bisect.bisect_left(self.times, since)
        hi = bisect.bisect_left(self.times, until)
        return self.values[lo:hi]

    def forget_before(self, moment: datetime) -> None:
        cut = bisect.bisect_left(self.times, moment)
        del self.times[:cut]
        del self.values[:cut]


def _qualifying(
    ordered: Sequence[CheckIn],
    fever_threshold_c: float,
    labels: Mapping[str, str],
    temperature_unit: TemperatureUnit,
    weight_unit: WeightUnit,
    *,
    only: Container[str] | None = None,
    judge_from: int = 0,
) -> list[list[Flag]]:
    """Per check-in (in the given time order), its qualifying flags, all marked raised.

    `only` limits the flags to those symptoms (or "temperature" / "weight"), and check-ins
    before index `judge_from` are history alone (no flags): each flag rests only on its own
    symptom's earlier values, so what is left out changes nothing in what is given.
    """
    series: dict[str, _Windows] = {}
    weights = _Windows()
    options = _Options(fever_threshold_c, labels, temperature_unit, weight_unit)
    out: list[list[Flag]] = []
    for index, c in enumerate(ordered):
        out.append([] if index < judge_from else _judge(c, series, weights, options, only))
        _remember(c, series, weights, only)
    return out


@dataclass(frozen=True, slots=True)
class _Options:
    fever_threshold_c: float
    labels: Mapping[str, str]
    temperature_unit: TemperatureUnit
    weight_unit: WeightUnit


def _judge(
    c: CheckIn,
    series: Mapping[str, _Windows],
    weights: _Windows,
    options: _Options,
    only: Container[str] | None,
) -> list[Flag]:
    """One check-in's qualifying flags, most urgent tier first, judged against the windows of
    the check-ins before it."""
    # Windows end just before this moment (bisect_left), so check-ins at the same moment are
    # not each other's history.
    at = c.recorded_at
    found: list[Flag] = []
    if only is None or TEMPERATURE_KEY in only:
        fever = _fever_flag(c, options.fever_threshold_c, options.temperature_unit)
        if fever is not None:
            found.append(fever)
    for symptom, score in c.scores.items():
        if score < _LOWEST_FLAGGED or (only is not None and symptom not in only):
            continue
        window = series.get(symptom)
        usual = (
            _usual_of(
                window.between(at - USUAL_WINDOW, at),
                window.between(at - USUAL_LONG_WINDOW, at),
            )
            if window is not None
            else None
        )
        flag = _symptom_flag(c, symptom, score, usual, options.labels)
        if flag is not None:
            found.append(flag)
    if c.weight_kg is not None and (only is None or WEIGHT_KEY in only):
        prior = weights.between(at - WEIGHT_WINDOW, at)
        weight = _weight_flag(c, max(prior) if prior else None, options.weight_unit)
        if weight is not None:
            found.append(weight)
    found.sort(key=lambda f: f.tier.value)
    return found


def _remember(
    c: CheckIn, series: dict[str, _Windows], weights: _Windows, only: Container[str] | None
) -> None:
    """Add a check-in's scores and weight to the windows later check-ins are judged by."""
    for symptom, score in c.scores.items():
        if only is not None and symptom not in only:
            continue
        window = series.get(symptom)
        if window is None:
            window = series[symptom] = _Windows()
        window.add(c.recorded_at, score)
    if c.weight_kg is not None:
        weights.add(c.recorded_at, c.weight_kg)


def _apply_no_nagging(per_checkin: list[list[Flag]]) -> list[list[Flag]]:
    """Mark flags the patient is not shown again: the same tier for the same symptom within 7
    days of the one that raised it, unless the value rises above that one's."""
    last_raised: dict[tuple[str, Tier], Flag] = {}
    return [_no_nagging(flags, last_raised) for flags in per_checkin]


def _no_nagging(flags: list[Flag], last_raised: dict[tuple[str, Tier], Flag]) -> list[Flag]:
    """One check-in's flags marked by the no-nagging rule, given the last flag raised for each
    symptom and tier before it (brought up to date with the ones raised here)."""
    marked: list[Flag] = []
    for flag in flags:
        key = (flag.symptom, flag.tier)
        last = last_raised.get(key)
        assert flag.at is not None
        quiet = (
            last is not None
            and last.at is not None
            and flag.at - last.at < REPEAT_WINDOW
            and flag.value <= last.value
        )
        if quiet:
            marked.append(replace(flag, raised=False))
        else:
            last_raised[key] = flag
            marked.append(flag)
    return marked


class FlagRun:
    """The engine part-way through a journal: check-ins given one at a time, in time order,
    get the flags `evaluate_all` would give them (no nagging applied), and are remembered
    for the ones after them. What is older than any rule looks back is let go as it goes.

    A save keeps one of these at the end of the journal, so judging the next check-in reads
    nothing: see `run_through` for starting one from a window of the journal. A run started
    from a window may not know, for a symptom in a long run of flags, which flag last raised
    it: `unsure_of` names such symptoms among a check-in's flags, and `learn` takes each one's
    whole past from the journal before the check-in is judged.
    """

    def __init__(
        self,
        *,
        fever_threshold_c: float = DEFAULT_FEVER_C,
        labels: Mapping[str, str] | None = None,
        temperature_unit: TemperatureUnit = TemperatureUnit.CELSIUS,
        weight_unit: WeightUnit = WeightUnit.KG,
    ) -> None:
        self._options = _Options(
            fever_threshold_c, dict(labels or {}), temperature_unit, weight_unit
        )
        self._series: dict[str, _Windows] = {}
        self._weights = _Windows()
        self._last_raised: dict[tuple[str, Tier], Flag] = {}
        self._last_flagged: dict[tuple[str, Tier], datetime] = {}
        self._unsure_of: set[tuple[str, Tier]] = set()
        self._last: tuple[datetime, datetime, int] | None = None
        self._judged = 0

    def follows(self, checkin: CheckIn) -> bool:
        """Whether `checkin` comes after every check-in judged so far (in time order)."""
        return self._last is None or _sort_key(checkin) > self._last

    def judge(self, checkin: CheckIn) -> list[Flag]:
        """The check-in's qualifying flags, most urgent tier first, `raised` set; it then
        counts as history for the check-ins after it. Exact once `unsure_of` is empty."""
        if not self.follows(checkin):
            raise ValueError("check-ins must be judged in time order")
        found = _judge(checkin, self._series, self._weights, self._options, None)
        for flag in found:
            key = (flag.symptom, flag.tier)
            assert flag.at is not None
            if self._gap_before(flag):  # 7 days without it: raised, whatever came before
                self._unsure_of.discard(key)
            self._last_flagged[key] = flag.at
        marked = _no_nagging(found, self._last_raised)
        _remember(checkin, self._series, self._weights, None)
        self._last = _sort_key(checkin)
        self._judged += 1
        if self._judged % _FORGET_EVERY == 0:
            self._forget_before(checkin.recorded_at)
        return marked

    def unsure_of(self, checkin: CheckIn) -> set[str]:
        """The symptoms (or "temperature", "weight") of the check-in's flags for which this
        run does not know the flag that last raised them: `learn` each before judging it."""
        found = _judge(checkin, self._series, self._weights, self._options, None)
        return {
            f.symptom
            for f in found
            if (f.symptom, f.tier) in self._unsure_of and not self._gap_before(f)
        }

    def learn(self, symptom: str, history: Iterable[CheckIn]) -> None:
        """Take a symptom's (or "temperature"'s, "weight"'s) no-nagging state from `history`:
        every check-in holding it before the next one to judge (other values may be left out;
        a symptom's flags rest on its own values alone)."""
        ordered = sorted(history, key=_sort_key)
        options = self._options
        found = _qualifying(
            ordered,
            options.fever_threshold_c,
            options.labels,
            options.temperature_unit,
            options.weight_unit,
            only={symptom},
        )
        raised: dict[tuple[str, Tier], Flag] = {}
        flagged: dict[tuple[str, Tier], datetime] = {}
        for flags in found:
            for flag in _no_nagging(flags, raised):
                assert flag.at is not None
                flagged[(flag.symptom, flag.tier)] = flag.at
        for tier in Tier:
            key = (symptom, tier)
            self._unsure_of.discard(key)
            self._last_raised.pop(key, None)
            self._last_flagged.pop(key, None)
            if key in raised:
                self._last_raised[key] = raised[key]
            if key in flagged:
                self._last_flagged[key] = flagged[key]

    def _gap_before(self, flag: Flag) -> bool:
        """Whether no flag of the same symptom and tier came in the 7 days before `flag`."""
        last = self._last_flagged.get((flag.symptom, flag.tier))
        return last is None or (flag.at is not None and flag.at - last >= REPEAT_WINDOW)

    def _forget_before(self, at: datetime) -> None:
        for window in self._series.values():
            window.forget_before(at - USUAL_LONG_WINDOW)
        self._weights.forget_before(at - WEIGHT_WINDOW)
        for key, flag in list(self._last_raised.items()):
            if flag.at is not None and flag.at < at - REPEAT_WINDOW:
                del self._last_raised[key]
        for key, moment in list(self._last_flagged.items()):
            if moment < at - REPEAT_WINDOW:
                del self._last_flagged[key]


# How many check-ins a FlagRun judges between letting old values go.
_FORGET_EVERY = 256


def run_through(
    history: Iterable[CheckIn],
    covers_from: datetime | None,
    *,
    weights_from: datetime | None,
    fever_threshold_c: float = DEFAULT_FEVER_C,
    labels: Mapping[str, str] | None = None,
    temperature_unit: TemperatureUnit = TemperatureUnit.CELSIUS,
    weight_unit: WeightUnit = WeightUnit.KG,
) -> FlagRun:
    """A FlagRun that has judged `history`, ready for the check-ins after all of it.

    `history` holds every check-in from `covers_from` on (None: all) and, when `weights_from`
    is earlier, every weight from then on (those check-ins may carry their weight alone): the
    weight rule looks back six months, the others 28 days, so a save reads whole check-ins for
    a few weeks and weights only for the months before. A symptom whose run of flags (of one
    tier) reaches back to where the window's check-ins cannot be judged is one the run is
    unsure of, until a flag of it comes 7 days after the one before or it is learnt from the
    journal.
    """
    run = FlagRun(
        fever_threshold_c=fever_threshold_c,
        labels=labels,
        temperature_unit=temperature_unit,
        weight_unit=weight_unit,
    )
    times: dict[tuple[str, Tier], list[datetime]] = {}
    kinds: dict[tuple[str, Tier], FlagKind] = {}
    for checkin in sorted(history, key=_sort_key):
        for flag in run.judge(checkin):
            assert flag.at is not None
            times.setdefault((flag.symptom, flag.tier), []).append(flag.at)
            kinds[(flag.symptom, flag.tier)] = flag.kind
    for key, flag_times in times.items():
        trusted = weights_from if kinds[key] is FlagKind.WEIGHT_LOSS else covers_from
        if trusted is None:
            continue
        if not _chain_starts_after(flag_times, trusted + _lookback_of(kinds[key])):
            run._unsure_of.add(key)
    return run


def _chain_starts_after(times: Sequence[datetime], trusted_from: datetime) -> bool:
    """Walk back from the last of a symptom's flag times (one tier) to a 7-day gap: whether
    that gap lies at or after `trusted_from`, where every check-in is judged exactly."""
    for i in range(len(times) - 1, -1, -1):
        gap_start = times[i] - REPEAT_WINDOW
        if gap_start < trusted_from:
            return False
        if i == 0 or times[i - 1] < gap_start:
            return True
    return False


def evaluate_all(
    checkins: Iterable[CheckIn],
    *,
    fever_threshold_c: float = DEFAULT_FEVER_C,
    labels: Mapping[str, str] | None = None,
    temperature_unit: TemperatureUnit = TemperatureUnit.CELSIUS,
    weight_unit: WeightUnit = WeightUnit.KG,
) -> list[tuple[CheckIn, list[Flag]]]:
    """Every check-in with its qualifying flags, oldest first, in one pass.

    Each flag's `raised` says whether the patient saw it (no-nagging applied). Results are exact
    for a check-in when the check-ins given reach back far enough before it: 28 days for the usual
    level, six months for weight, and through any run of flags of the same symptom and tier with
    no 7-day gap. Giving every check-in up to the period's end is always exact.
    """
    ordered = sorted(checkins, key=_sort_key)
    found = _qualifying(ordered, fever_threshold_c, labels or {}, temperature_unit, weight_unit)
    return list(zip(ordered, _apply_no_nagging(found), strict=True))


def evaluate(
    checkin: CheckIn,
    history: Iterable[CheckIn],
    *,
    fever_threshold_c: float = DEFAULT_FEVER_C,
    labels: Mapping[str, str] | None = None,
    temperature_unit: TemperatureUnit = TemperatureUnit.CELSIUS,
    weight_unit: WeightUnit = WeightUnit.KG,
) -> list[Flag]:
    """The qualifying flags of one check-in, most urgent tier first, `raised` set.

    `history` may hold any check-ins (later ones and the check-in itself are ignored); give all
    those before it, or see `FlagRun` for judging check-ins one after another.
    """
    before = [c for c in history if c.id != checkin.id and _sort_key(c) < _sort_key(checkin)]
    result = evaluate_all(
        [*before, checkin],
        fever_threshold_c=fever_threshold_c,
        labels=labels,
        temperature_unit=temperature_unit,
        weight_unit=weight_unit,
    )
    return next(flags for c, flags in result if c.id == checkin.id)


def _lookback_of(kind: FlagKind) -> timedelta:
    if kind is FlagKind.WEIGHT_LOSS:
        return WEIGHT_WINDOW
    if kind.tier is Tier.NEXT_CONTACT:
        return USUAL_LONG_WINDOW
    return timedelta(0)


def supportive_care_prompt(
    lines: Sequence[TreatmentLine],
    checkins: Iterable[CheckIn],
    now: datetime,
    *,
    dismissed_at: datetime | None = None,
    today: date | None = None,
) -> str | None:
    """A gentle reason to ask about supportive (palliative) care, or None.

    Either two or more lines ended because the cancer grew, or one symptom was severe on three
    check-ins within the last 14 days. Never while a supportive-care line is ongoing, and not for
    14 days after the person put it aside (`dismissed_at`).
    """
    on = today or now.date()
    if any(
        ln.category is TreatmentCategory.SUPPORTIVE
        and ln.start_date <= on
        and (ln.end_date is None or ln.end_date >= on)
        for ln in lines
    ):
        return None
    if dismissed_at is not None and now - dismissed_at < PROMPT_QUIET_FOR:
        return None
    refractory = [ln for ln in lines if ln.end_reason is EndReason.REFRACTORY]
    if len(refractory) >= REFRACTORY_LINES_FOR_PROMPT:
        return (
            f"{len(refractory)} treatments have stopped because the cancer grew. A supportive "
            "care team can help with how you feel alongside any next treatment."
        )
    since = now - SEVERE_REPEAT_WINDOW
    severe_counts: dict[str, int] = {}
    for c in checkins:
        if since <= c.recorded_at <= now:
            for symptom, score in c.scores.items():
                if score >= SEVERE_AT:
                    severe_counts[symptom] = severe_counts.get(symptom, 0) + 1
    if any(n >= SEVERE_REPEAT_COUNT for n in severe_counts.values()):
        return (
            "A symptom has been severe on three or more check-ins in the last two weeks. A "
            "supportive care team specialises in easing symptoms like this."
        )
    return None


SUPPORTIVE_CARE_QUESTION = (
    "Could I see the supportive (palliative) care team to help with my symptoms alongside my "
    "treatment?"
)


def call_now_signs(
    fever_threshold_c: float = DEFAULT_FEVER_C,
    unit: TemperatureUnit = TemperatureUnit.CELSIUS,
) -> tuple[str, ...]:
    """The signs that need a call straight away (PRODUCT.md "call-now list"), in lay words.

    Signs only, never a diagnosis. Fever after treatment can be neutropenic sepsis; confusion,
    drowsiness, fits or trouble speaking can follow CAR T (ICANS) or immunotherapy; leg weakness
    or losing bladder or bowel control can be spinal cord compression; a painful swollen leg can
    be a clot (UK acute-oncology triage, as PRODUCT.md lists them).
    """
    other = (
        TemperatureUnit.FAHRENHEIT if unit is TemperatureUnit.CELSIUS else TemperatureUnit.CELSIUS
    )
    shown, also = (
        show_temperature(fever_threshold_c, unit),
        show_temperature(fever_threshold_c, other),
    )
    threshold = f"{shown} ({also})"
    return (
        f"A temperature of {threshold} or more, or shivering and feeling hot and cold, "
        "after treatment",
        "Trouble breathing",
        "Chest pain",
        "Bleeding that will not stop, vomiting blood, or black stools",
        "Vomiting or diarrhoea that will not stop, or not keeping fluids down",
        "New confusion, being very hard to wake, a fit, or trouble speaking "
        "(also after CAR T or immunotherapy)",
        "New weakness or numbness in the legs, or losing control of the bladder or bowels",
        "A painful, swollen leg",
        "Fainting",
    )


CALL_NOW_SIGNS: tuple[str, ...] = call_now_signs()


# ----- the old names, kept until every caller has moved (services/report.py) -----
