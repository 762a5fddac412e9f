"""The headless commands behind `carecompanion log|demo|backup|restore|check`.

Each takes the data paths, the parsed arguments and the current time, prints what a person
needs to know, and returns the exit code.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from pathlib import Path

from carecompanion.actions.checkins import CheckInEntry, CheckInSaved, check_in
from carecompanion.actions.context import journal_context
from carecompanion.actions.demo import fill_demo
from carecompanion.actions.files import import_document, restore_backup
from carecompanion.db import backup as backups
from carecompanion.db import encryption
from carecompanion.db.driver import sqlite
from carecompanion.db.errors import (
    JournalDamaged,
    JournalTooNew,
    JournalUnavailable,
    JournalWriteFailed,
)
from carecompanion.db.health import check_file, checking, stored_revision
from carecompanion.db.journal import open_journal
from carecompanion.db.migrations import HEAD_REVISION
from carecompanion.db.text_damage import first_unreadable
from carecompanion.domain import vitals
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.flags import SUPPORTIVE_CARE_QUESTION, Tier, call_now_signs
from carecompanion.domain.records import Profile, Recorder
from carecompanion.domain.symptoms import Symptom
from carecompanion.domain.times import parse_moment
from carecompanion.encryption_commands import decrypt, encrypt, passphrase
from carecompanion.export.files import check_target, write_through
from carecompanion.medication_commands import dose, med
from carecompanion.paths import DataPaths, make_private, typed_path
from carecompanion.services import profile, symptoms
from carecompanion.sync_commands import sync

__all__ = [
    "backup",
    "check",
    "decrypt",
    "demo",
    "dose",
    "encrypt",
    "export",
    "import_",
    "log",
    "med",
    "passphrase",
    "restore",
    "sync",
]

EXIT_OK, EXIT_USAGE, EXIT_UNAVAILABLE = 0, 2, 3


def _symptom_by_name(known: dict[str, Symptom], name: str) -> str:
    wanted = name.strip().casefold().replace("-", "_").replace(" ", "_")
    for key, symptom in known.items():
        label = symptom.label.casefold().replace(" ", "_")
        if wanted in (key, label, key.removeprefix("custom_")):
            return key
    names = sorted(symptom.label.casefold() for symptom in known.values())
    raise InvalidInput("--score", name, "use one of: " + ", ".join(names))


def log(data: DataPaths, args: argparse.Namespace, now: datetime) -> int:
    given = [getattr(args, s) for s in ("pain", "nausea", "fatigue", "anxiety")]
    if all(v is None for v in given) and not args.score and not (args.temperature or args.weight):
        raise InvalidInput(  # before the journal is opened, so nothing is created for nothing
            "scores",
            "none",
            "give at least one, such as --pain 3, --score drowsiness=2, --temperature 38.2 or "
            "--weight 61.5",
        )
    with open_journal(data, now=now) as journal:
        ctx = journal_context(journal, Recorder(args.by), fixed_clock(now))
        when = parse_moment(args.at, now, ctx.zone) if args.at is not None else None
        with journal.read() as session:
            known = symptoms.known(session)
            person = profile.get(session)
        temperature = (
            vitals.parse_temperature(args.temperature, person.temperature_unit)
            if args.temperature is not None
            else None
        )
        weight = (
            vitals.parse_weight(args.weight, person.weight_unit)
            if args.weight is not None
            else None
        )
        scores = {s: getattr(args, s) for s in ("pain", "nausea", "fatigue", "anxiety")}
        scores = {k: v for k, v in scores.items() if v is not None}
        for name, value in args.score:
            key = _symptom_by_name(known, name)
            if key in scores:
                raise InvalidInput("--score", name, "each symptom can be given once")
            scores[key] = value
        entry = CheckInEntry(
            scores,
            args.note or "",
            recorded_at=when.at if when else None,
            temperature_c=temperature,
            weight_kg=weight,
        )
        done = check_in(journal, ctx, entry).value
    saved = done.checkin
    local = ctx.local(saved.recorded_at).strftime("%Y-%m-%d %H:%M")
    parts = [f"{done.labels[k].lower()} {v}" for k, v in saved.scores.items()]
    if saved.temperature_c is not None:
        parts.append(
            "temperature " + vitals.show_temperature(saved.temperature_c, person.temperature_unit)
        )
    if saved.weight_kg is not None:
        parts.append("weight " + vitals.show_weight(saved.weight_kg, person.weight_unit))
    shown = ", ".join(parts)
    if when is not None and when.note:
        print(f"Note: {when.note}.")
    print(f"Saved the check-in for {local} ({ctx.zone_label()}): {shown}.")
    if now - saved.recorded_at > PAST_ADVICE:
        _print_past_flags(done, local)
        return EXIT_OK
    for tier, raised in done.by_tier.items():
        print(f"{tier.words}:")
        for flag in raised:
            print(f"  - {flag.reason}")
        if tier is Tier.CALL_NOW:
            _print_call_now_help(done, person)
        elif tier is Tier.TODAY:
            if done.contacts:
                first = done.contacts[0]
                print(f"  Call your care team today: {first.name} {first.phone}".rstrip() + ".")
            else:
                print("  Call your care team today. (Add their number in the window's Settings.)")
    if done.still_call_now and Tier.CALL_NOW not in done.by_tier:
        print("At the call-now level again, as earlier in the last 7 days:")
        for flag in done.still_call_now:
            print(f"  - {flag.reason}")
        print("  If you have not spoken to your care team about it since then, call now.")
        _print_call_now_help(done, person)
    if done.prompt:
        print(done.prompt)
        print(f'  A question you could ask: "{SUPPORTIVE_CARE_QUESTION}"')
        print("  (In the window, Not now puts this suggestion away for 14 days.)")
    return EXIT_OK


# A check-in recorded for more than a day ago tells what it reached then; advice to call now
# belongs to how the person is now, which a check-in for now would show.
PAST_ADVICE = timedelta(hours=24)


def _print_past_flags(done: CheckInSaved, local: str) -> None:
    if not done.flags:
        return
    print(f"At that time ({local}) this reached:")
    for tier, raised in done.by_tier.items():
        for flag in raised:
            print(f"  - {tier.words}: {flag.reason}")
    print("If you feel like this now, log a check-in for now (without --at) to see what to do.")


def _print_call_now_help(done: CheckInSaved, person: Profile) -> None:
    """The numbers to call now (24-hour lines first, then the emergency number) and the signs."""
    night = [f"{c.name} {c.phone}".strip() for c in done.call_now_contacts]
    emergency = done.emergency_number or "your local emergency number"
    if night:
        print(f"  Call your care team's 24-hour line now: {'; '.join(night)}.")
        print(f"  If you cannot reach them, call {emergency}.")
    else:
        print(f"  Call your care team's 24-hour line now, or {emergency}.")
        print("  (No 24-hour number is saved: add it in the window's Settings.)")
    print("  Call now at any time for any of these:")
    for sign in call_now_signs(person.fever_threshold_c, person.temperature_unit):
        print(f"    * {sign}")


def demo(data: DataPaths, args: argparse.Namespace, now: datetime) -> int:
    with open_journal(data, now=now) as journal:
        ctx = journal_context(journal, clock=fixed_clock(now))
        summary = fill_demo(journal, ctx, args.days, args.seed).value
        journal.backup_if_due(now)
    print(
        f"Filled {data.journal} with {summary.checkins} check-ins over {args.days} days, "
        f"{summary.lines} treatments, {summary.tests} tests, {summary.questions} questions, "
        f"{summary.medications} medications and {summary.doses} doses."
    )
    return EXIT_OK


def backup(data: DataPaths, args: argparse.Namespace, now: datetime) -> int:
    target: Path | None = None
    if args.output is not None:
        target = check_target(args.output, "-o", data, may_replace_a_backup=True)
    try:
        with open_journal(data, now=now, automatic_backup=False):
            if target is not None:
                journal = data.journal
                target = write_through(
                    target,
                    lambda place: _snapshot(journal, place),
                    option="-o",
                    may_replace_a_backup=True,
                )
            else:
                target = backups.take(data.journal, data.backups, "manual", now).path
                backups.thin(data.backups, now)
    except sqlite.OperationalError as exc:
        raise _backup_not_written(exc, target or data.backups) from None
    print(f"Backup written and verified: {target}")
    return EXIT_OK


def _snapshot(journal: Path, place: Path) -> None:
    """A verified snapshot at `place`, a name inside the private folder `write_through` made;
    a refused write is passed on as its cause, so that the message names the file asked for."""
    try:
        backups.snapshot(journal, place)
    except JournalWriteFailed as exc:
        if isinstance(exc.__cause__, OSError | sqlite.OperationalError):
            raise exc.__cause__ from None
        raise


def _backup_not_written(exc: sqlite.OperationalError, where: Path) -> Exception:
    """SQLite's words for a failed snapshot, in plain ones; its partial file is already gone."""
    text = str(exc)
    if "I/O" in text:
        return JournalWriteFailed(
            f"The backup {where} was not written: the disk reported an error. Try again, or "
            "choose another disk."
        )
    if "full" in text:
        return JournalWriteFailed(
            f"The disk is full, so the backup {where} was not written. Free some space, then "
            "try again."
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return JournalWriteFailed(
            f"The backup {where} was not written: its folder is read-only or you are not "
            "allowed to write there. Choose another folder."
        )
    return exc


def restore(data: DataPaths, args: argparse.Namespace, now: datetime) -> int:
    source = typed_path(args.file, "file")
    kept = restore_backup(data, Context(clock=fixed_clock(now)), source).value
    with open_journal(data, now=now, automatic_backup=False):
        pass  # brings an older backup up to this version's schema
    print(f"Restored the journal from {source}.")
    if kept is not None:
        print(f"The journal as it was before is kept in {kept}")
    return EXIT_OK


def check(data: DataPaths, args: argparse.Namespace, now: datetime) -> int:
    trouble = False
    journal = data.journal
    print(f"Journal: {journal}")
    if not journal.exists():
        print("  no journal yet: it is created when you first open the app or log a check-in")
        return EXIT_OK
    try:
        if not journal.is_file():
            raise JournalDamaged(f"{journal} is not a file, so it cannot be a journal.")
        check_file(journal, full=True)
        unreadable = first_unreadable(journal)
        if unreadable is not None:
            raise JournalDamaged(f"the text of {unreadable} cannot be read (it is not UTF-8)")
        print("  integrity: ok")
        revision = stored_revision(journal)
        from carecompanion.db.migrate import known_revisions

        if revision == HEAD_REVISION:
            print(f"  schema: version {revision}, up to date")
        elif revision in known_revisions():
            print(f"  schema: version {revision}; it is updated when the app next opens it")
        else:
            raise JournalTooNew(
                f"the schema version {revision} is not one this version of CareCompanion knows "
                "(written by a newer version, or not a CareCompanion journal)"
            )
        stored_now = now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        with checking(journal) as conn:
            count = conn.execute(
                "SELECT count(*) FROM checkins WHERE deleted_at IS NULL"
            ).fetchone()[0]
            ahead = conn.execute(
                "SELECT count(*) FROM checkins WHERE deleted_at IS NULL AND recorded_at > ?",
                (stored_now,),
            ).fetchone()[0]
        print(f"  check-ins: {count}")
        print(f"  encryption: {encryption.describe(data)}")
        if ahead:
            print(
                f"  warning: {ahead} check-in{'s' if ahead != 1 else ''} dated after now; the "
                "computer's clock may have been ahead. Correct the time in History if so."
            )
    except (JournalUnavailable, sqlite.Error) as exc:
        print(f"  trouble: {exc}")
        trouble = True
    trouble |= _check_backups(data, now)
    return EXIT_UNAVAILABLE if trouble else EXIT_OK


def _check_backups(data: DataPaths, now: datetime) -> bool:
    found = backups.listing(data.backups, now)  # a file dated in the future is not the latest
    print(f"Backups: {data.backups}")
    if not found:
        print("  none yet: one is taken automatically once the journal has entries")
        return False
    latest = found[-1]
    age_hours = (now - latest.taken_at).total_seconds() / 3600
    print(f"  {len(found)} kept; the latest is {latest.path.name} ({age_hours:.0f} hours old)")
    try:
        check_file(latest.path, full=True)
        make_private(latest.path)
    except JournalDamaged as exc:
        print(f"  trouble: the latest backup failed its check: {exc}")
        return True
    print("  latest backup: verified")
    return False


def export(data: DataPaths, args: argparse.Namespace, now: datetime) -> int:
    from carecompanion.services.exports import export_file, parse_period

    target = check_target(args.output, "-o", data)
    with open_journal(data, now=now) as journal:
        zone = journal_context(journal, clock=fixed_clock(now)).zone
        # The PDF covers the last 30 days by default; data files hold everything unless limited.
        options = None
        if args.format == "pdf" or args.start or args.end:
            options = parse_period(
                args.start, args.end, now.astimezone(zone).date(), include_log=args.full_log
            )
        started = datetime.now(UTC).timestamp()
        written = export_file(journal, args.format, target, options, now, zone)
    print(f"Wrote {written}")
    if args.format == "csv":
        from carecompanion.export.csv_file import doses_file

        beside = doses_file(written)
        if beside.exists() and beside.stat().st_mtime >= started - 1:
            print(f"Wrote {beside} (the doses)")
    return EXIT_OK


def import_(data: DataPaths, args: argparse.Namespace, now: datetime) -> int:
    from carecompanion.services.exports import read_import

    source = typed_path(args.file, "file")
    doc = read_import(source, now)  # read and checked in shape before the journal is opened
    # No daily backup here: a refused file must leave the folder as it was; a good one is
    # backed up by the import itself before it changes anything.
    with open_journal(data, now=now, automatic_backup=False) as journal:
        ctx = journal_context(journal, clock=fixed_clock(now))
        result = import_document(
            journal, ctx, doc, dry_run=args.dry_run, merge_other=args.merge_other_journal
        ).value
    print(("Would import" if args.dry_run else "Imported") + f" {source}:")
    for line in result.lines():
        print(f"  {line}")
    if args.dry_run:
        print("Nothing was changed (dry run).")
    return EXIT_OK
