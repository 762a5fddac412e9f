"""The headless commands behind `carecompanion med add|list|stop` and `carecompanion dose`.

Each takes the data paths, the parsed arguments and the current time, goes through the same
actions as the window, prints what a person needs to know and returns the exit code. Dose
counts are information from the label's own numbers, never advice.
"""

from __future__ import annotations

import argparse
import uuid
from datetime import datetime

from carecompanion.actions.context import journal_context
from carecompanion.actions.medications import (
    add_medication,
    log_dose,
    stop_medication,
)
from carecompanion.actions.views import ongoing_with_windows
from carecompanion.db.journal import Journal, open_journal
from carecompanion.domain.context import fixed_clock
from carecompanion.domain.records import Medication, Recorder
from carecompanion.domain.times import parse_date, parse_moment
from carecompanion.paths import DataPaths
from carecompanion.services import medications, symptoms

EXIT_OK = 0


def describe(medication: Medication) -> str:
    """One line: the label's words and limits, as the person entered them."""
    parts = [medication.dose] if medication.dose else []
    kind = "as needed" if medication.as_needed else "regular"
    parts.append(f"{kind} for {medication.purpose}" if medication.purpose else kind)
    if medication.min_hours is not None:
        parts.append(f"at least {medication.min_hours:g} h apart")
    if medication.max_per_day is not None:
        parts.append(f"at most {medication.max_per_day} in 24 hours")
    since = f"since {medication.start_date.isoformat()}"
    if medication.stop_date is not None:
        since = f"{medication.start_date.isoformat()} to {medication.stop_date.isoformat()}"
    return f"{medication.name}: {', '.join(parts)}; {since}"


def _symptom_key(journal: Journal, words: str) -> str:
    """`--for pain` or `--for PAIN` names the symptom by its key, so the PDF can put the
    medication beside it; other words are kept as written."""
    wanted = " ".join(words.split()).casefold()
    with journal.read() as session:
        for key, symptom in symptoms.known(session).items():
            if wanted in (key, symptom.label.casefold()):
                return key
    return " ".join(words.split())


def med(data: DataPaths, args: argparse.Namespace, now: datetime) -> int:
    with open_journal(data, now=now) as journal:
        ctx = journal_context(journal, Recorder.PATIENT, fixed_clock(now))
        if args.med_action == "add":
            start = parse_date(args.start, "--from") if args.start else ctx.today()
            added = add_medication(
                journal,
                ctx,
                Medication(
                    id=uuid.uuid4(),
                    name=args.name,
                    start_date=start,
                    dose=args.dose,
                    as_needed=args.as_needed,
                    purpose=_symptom_key(journal, args.purpose),
                    min_hours=args.min_hours,
                    max_per_day=args.max_per_day,
                ),
            ).value
            print(f"Added {describe(added)}.")
        elif args.med_action == "stop":
            on = parse_date(args.on, "--on") if args.on else None
            stopped = stop_medication(journal, ctx, args.name, on).value
            print(f"Stopped {stopped.name} on {stopped.stop_date}.")
        else:
            with journal.read() as session:
                found = medications.all_medications(session)
            windows = {w.medication.id: w for w in ongoing_with_windows(journal, ctx)}
            if not found:
                print("No medications yet. Add one with: carecompanion med add NAME")
            for medication in found:
                window = windows.get(medication.id)
                line = describe(medication)
                if window is not None and medication.as_needed:
                    line += f" · {window.summary(ctx.zone)}"
                print(line)
    return EXIT_OK


def dose(data: DataPaths, args: argparse.Namespace, now: datetime) -> int:
    with open_journal(data, now=now) as journal:
        ctx = journal_context(journal, Recorder(args.by), fixed_clock(now))
        when = parse_moment(args.at, now, ctx.zone) if args.at is not None else None
        with journal.read() as session:
            medication = medications.for_dose(session, args.name, when.at if when else now, ctx)
        logged = log_dose(journal, ctx, medication.id, when.at if when else None).value
    local = ctx.local(logged.dose.taken_at).strftime("%Y-%m-%d %H:%M")
    if when is not None and when.note:
        print(f"Note: {when.note}.")
    print(f"Logged a dose of {medication.name} at {local} ({ctx.zone_label()}).")
    if logged.earlier_than_label:
        print(
            f"It is recorded as taken. It came sooner than the label allows: "
            f"{logged.earlier_than_label}."
        )
    if medication.as_needed:
        print(f"{medication.name}: {logged.window.summary(ctx.zone)}.")
    return EXIT_OK
