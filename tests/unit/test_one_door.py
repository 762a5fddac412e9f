"""Every door applies the same rules: what the window's actions refuse, an import refuses too.

Each case makes one bad value two ways: typed, through the action the window and the command
line call, and inside a JSON file imported with `carecompanion import`. Both are refused with
the same message (the import adds which record it was), the import exits 2, and the journal
file is left byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from carecompanion import paths
from carecompanion.actions import checkins as checkin_actions
from carecompanion.actions import questions as question_actions
from carecompanion.actions import records as record_actions
from carecompanion.actions.checkins import CheckInEntry
from carecompanion.actions.settings import SettingsChange, save_settings
from carecompanion.cli import main
from carecompanion.db.journal import Journal, open_journal
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import (
    BiomarkerTest,
    CareContact,
    Profile,
    TestKind,
    TreatmentCategory,
    TreatmentLine,
)

# Times that are past for any clock after 2026 and future for any clock before 2099, so the
# fixed clock of the typed door and the real clock of the command line agree about them.
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
PAST = "2026-01-10T09:00:00+00:00"
FUTURE = datetime(2099, 1, 1, 9, 0, tzinfo=UTC)
FUTURE_DAY = date(2099, 1, 1)
LONG_NOTE = "x" * 50_000
ID = uuid.UUID("6f1c1a52-9d4e-4b7e-8f57-0d7c3c1c0001")


def stamps(**changed: Any) -> dict[str, Any]:
    return {"created_at": PAST, "updated_at": PAST, "deleted_at": None, **changed}


def checkin(**changed: Any) -> dict[str, Any]:
    record = {
        "id": str(uuid.uuid4()),
        "recorded_at": PAST,
        "recorded_by": "patient",
        "scores": {"pain": 3},
        "note": "",
        "activity": None,
        **stamps(),
    }
    return {**record, **changed}


def line(**changed: Any) -> dict[str, Any]:
    record = {
        "id": str(uuid.uuid4()),
        "category": "chemotherapy",
        "regimen": "FOLFOX",
        "setting": None,
        "start_date": "2025-01-01",
        "end_date": None,
        "best_response": None,
        "end_reason": None,
        "trial_phase": None,
        "nct_number": None,
        "notes": "",
        **stamps(),
    }
    return {**record, **changed}


def test_record(**changed: Any) -> dict[str, Any]:
    record = {
        "id": str(uuid.uuid4()),
        "tested_on": "2025-02-01",
        "kind": "ngs_panel",
        "marker": "KRAS",
        "result": "G12C",
        "actionable": "yes",
        "notes": "",
        **stamps(),
    }
    return {**record, **changed}


test_record.__test__ = False  # type: ignore[attr-defined]  # a record maker, not a test


def question(**changed: Any) -> dict[str, Any]:
    record = {
        "id": str(uuid.uuid4()),
        "text": "What comes next?",
        "source": "user",
        "status": "open",
        "answer": "",
        "pinned": False,
        "position": 0,
        **stamps(),
    }
    return {**record, **changed}


def profile(**changed: Any) -> dict[str, Any]:
    record = {
        "name": "Alex",
        "date_of_birth": None,
        "diagnosis": "",
        "time_zone": "Europe/London",
        "updated_at": PAST,
    }
    return {**record, **changed}


def journal_file(**parts: Any) -> dict[str, Any]:
    return {"format": "carecompanion-journal", "version": 1, "exported_at": PAST, **parts}


def entry(**changed: Any) -> CheckInEntry:
    values: dict[str, Any] = {"scores": {"pain": 3}, **changed}
    return CheckInEntry(**values)


def typed_line(**changed: Any) -> TreatmentLine:
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "category": TreatmentCategory.CHEMOTHERAPY,
        "regimen": "FOLFOX",
        "start_date": date(2025, 1, 1),
        **changed,
    }
    return TreatmentLine(**values)


def typed_test(**changed: Any) -> BiomarkerTest:
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "tested_on": date(2025, 2, 1),
        "kind": TestKind.NGS_PANEL,
        "marker": "KRAS",
        "result": "G12C",
        **changed,
    }
    return BiomarkerTest(**values)


def pin_a_fourth(journal: Journal, ctx: Context) -> None:
    asked = [question_actions.add_question(journal, ctx, f"Question {n}?").value for n in range(4)]
    for q in asked[:3]:
        question_actions.pin_question(journal, ctx, q.id, True)
    question_actions.pin_question(journal, ctx, asked[3].id, True)


Typed = Callable[[Journal, Context], object]

CASES: list[tuple[str, Typed, dict[str, Any]]] = [
    (
        "a check-in in the future",
        lambda j, c: checkin_actions.check_in(j, c, entry(recorded_at=FUTURE)),
        journal_file(checkins=[checkin(recorded_at=FUTURE.isoformat())]),
    ),
    (
        "a note over 10,000 characters",
        lambda j, c: checkin_actions.check_in(j, c, entry(note=LONG_NOTE)),
        journal_file(checkins=[checkin(note=LONG_NOTE)]),
    ),
    (
        "a symptom the journal does not know",
        lambda j, c: checkin_actions.check_in(j, c, entry(scores={"happiness": 3})),
        journal_file(checkins=[checkin(scores={"happiness": 3})]),
    ),
    (
        "a score over 10",
        lambda j, c: checkin_actions.check_in(j, c, entry(scores={"pain": 11})),
        journal_file(checkins=[checkin(scores={"pain": 11})]),
    ),
    (
        "a chemotherapy line with no drugs",
        lambda j, c: record_actions.add_line(j, c, typed_line(regimen="  ")),
        journal_file(treatment_lines=[line(regimen="  ")]),
    ),
    (
        "a line that ends before it starts",
        lambda j, c: record_actions.add_line(j, c, typed_line(end_date=date(2024, 12, 1))),
        journal_file(treatment_lines=[line(end_date="2024-12-01")]),
    ),
    (
        "a line starting in the future",
        lambda j, c: record_actions.add_line(j, c, typed_line(start_date=FUTURE_DAY)),
        journal_file(treatment_lines=[line(start_date=FUTURE_DAY.isoformat())]),
    ),
    (
        "a trial number of the wrong shape",
        lambda j, c: record_actions.add_line(
            j, c, typed_line(category=TreatmentCategory.CLINICAL_TRIAL, nct_number="NCT123")
        ),
        journal_file(treatment_lines=[line(category="clinical_trial", nct_number="NCT123")]),
    ),
    (
        "a test dated in the future",
        lambda j, c: record_actions.add_test(j, c, typed_test(tested_on=FUTURE_DAY)),
        journal_file(tests=[test_record(tested_on=FUTURE_DAY.isoformat())]),
    ),
    (
        "a test with no marker",
        lambda j, c: record_actions.add_test(j, c, typed_test(marker=" ")),
        journal_file(tests=[test_record(marker=" ")]),
    ),
    (
        "an empty question",
        lambda j, c: question_actions.add_question(j, c, "   "),
        journal_file(questions=[question(text="   ")]),
    ),
    (
        "a question over 1,000 characters",
        lambda j, c: question_actions.add_question(j, c, "Why? " * 250),
        journal_file(questions=[question(text="Why? " * 250)]),
    ),
    (
        "a fourth pinned question",
        pin_a_fourth,
        journal_file(
            questions=[question(text=f"Question {n}?", pinned=True, position=n) for n in range(4)]
        ),
    ),
    (
        "a time zone that does not exist",
        lambda j, c: save_settings(j, c, SettingsChange(Profile(time_zone="Mars/Olympus"))),
        journal_file(profile=profile(time_zone="Mars/Olympus")),
    ),
    (
        "a date of birth in the future",
        lambda j, c: save_settings(j, c, SettingsChange(Profile(date_of_birth=FUTURE_DAY))),
        journal_file(profile=profile(date_of_birth=FUTURE_DAY.isoformat())),
    ),
    (
        "a care-team contact with neither name nor phone",
        lambda j, c: save_settings(
            j, c, SettingsChange(Profile(contacts=(CareContact(ID, "", "Nurse", ""),)))
        ),
        journal_file(
            contacts=[
                {"id": str(ID), "name": "", "role": "Nurse", "phone": "", "position": 0} | stamps()
            ]
        ),
    ),
]


@pytest.fixture
def typed_ctx() -> Context:
    return Context(zone=ZoneInfo("Europe/London"), clock=fixed_clock(NOW))


def fingerprint(root: Path) -> str:
    journal = root / "journal.db"
    wal = root / "journal.db-wal"
    data = journal.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    return hashlib.sha256(data).hexdigest()


def seeded_folder(tmp_path: Path) -> Path:
    """A journal with one check-in, closed, so its file is complete on disk."""
    root = tmp_path / "journal"
    ctx = Context(zone=ZoneInfo("Europe/London"), clock=fixed_clock(NOW))
    with open_journal(paths.resolve(root), now=NOW) as journal:
        checkin_actions.check_in(journal, ctx, entry(scores={"nausea": 2}))
    return root


@pytest.mark.parametrize(("case", "typed", "document"), CASES, ids=[c[0] for c in CASES])
def test_typed_and_imported_values_are_refused_alike(
    case, typed, document, journal, typed_ctx, tmp_path, capsys
):
    with pytest.raises(InvalidInput) as typed_refusal:
        typed(journal, typed_ctx)
    message = str(typed_refusal.value)

    root = seeded_folder(tmp_path)
    before = fingerprint(root)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    capsys.readouterr()

    assert main(["--data-dir", str(root), "import", str(bad)]) == 2
    said = capsys.readouterr().err
    assert said.strip().endswith(message), f"{case}: typed said {message!r}, import {said!r}"
    assert fingerprint(root) == before
    assert not list((root / "backups").glob("*")), "a refused import took a backup"


IMPORT_ONLY = [
    (
        "a built-in symptom relabelled",
        journal_file(
            symptoms=[
                {
                    "key": "pain",
                    "label": "Happiness",
                    "custom": False,
                    "active": True,
                    "position": 0,
                    "updated_at": PAST,
                }
            ]
        ),
        "a built-in symptom keeps its name, 'Pain'",
    ),
    (
        "an edit time in the year 9999",
        journal_file(checkins=[checkin(updated_at="9999-01-01T00:00:00+00:00")]),
        "updated_at: '9999-01-01T00:00+00:00' is not allowed; the time cannot be in the future",
    ),
    (
        "a deletion in the future",
        journal_file(checkins=[checkin(deleted_at=FUTURE.isoformat())]),
        "deleted_at: '2099-01-01T09:00+00:00' is not allowed; the time cannot be in the future",
    ),
    (
        "a custom symptom whose key does not follow its name",
        journal_file(
            symptoms=[
                {
                    "key": "custom_x",
                    "label": "Tingling hands",
                    "custom": True,
                    "active": True,
                    "position": 0,
                    "updated_at": PAST,
                }
            ]
        ),
        "a custom symptom's key follows its name",
    ),
]


def contact(n: int) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "name": f"Nurse {n}", "role": "", "phone": "", "position": n}


def custom(label: str, key: str = "custom_numb") -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "custom": True,
        "active": True,
        "position": 0,
        "updated_at": PAST,
    }


IMPORT_ONLY += [
    (
        "twenty-one care-team contacts",
        journal_file(contacts=[contact(n) | stamps() for n in range(21)]),
        "care-team contacts: 21 is not allowed; up to 20 contacts",
    ),
    ("a symptom name with a NUL", journal_file(symptoms=[custom("Numb\x00")]), "symptom name"),
    (
        "a symptom name with a lone surrogate",
        journal_file(symptoms=[custom("Numb\ud800")]),
        "symptom name",
    ),
    (
        "a symptom name spread over lines",
        journal_file(symptoms=[custom("Numb\nfeet", "custom_numb_feet")]),
        "a custom symptom is named as typed, 'Numb feet'",
    ),
    ("format version true", journal_file() | {"version": True}, "format version 1"),
    ("format version 1.0", journal_file() | {"version": 1.0}, "format version 1"),
    (
        "a file exported in the future",
        journal_file() | {"exported_at": FUTURE.isoformat()},
        "exported_at: '2099-01-01T09:00+00:00' is not allowed; the time cannot be in the future",
    ),
    (
        "a zone file that is not a zone name",
        journal_file(profile=profile(time_zone="posixrules")),
        "time zone: 'posixrules' is not allowed",
    ),
]


@pytest.mark.parametrize(
    ("case", "document", "reason"), IMPORT_ONLY, ids=[c[0] for c in IMPORT_ONLY]
)
def test_values_no_window_can_make_are_refused_on_import(case, document, reason, tmp_path, capsys):
    root = seeded_folder(tmp_path)
    before = fingerprint(root)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    capsys.readouterr()
    assert main(["--data-dir", str(root), "import", str(bad)]) == 2
    assert reason in capsys.readouterr().err
    assert fingerprint(root) == before
    assert not list((root / "backups").glob("*"))


def test_a_csv_with_a_repeated_id_is_refused_before_any_backup(tmp_path, capsys):
    root = seeded_folder(tmp_path)
    before = fingerprint(root)
    row = f"{ID},{PAST},patient,,3,,,,,{PAST}"
    bad = tmp_path / "twice.csv"
    bad.write_text(
        "id,recorded_at,recorded_by,activity,pain,nausea,fatigue,anxiety,note,updated_at\n"
        f"{row}\n{row}\n",
        encoding="utf-8",
    )
    assert main(["--data-dir", str(root), "import", "--dry-run", str(bad)]) == 2
    assert main(["--data-dir", str(root), "import", str(bad)]) == 2
    assert "line 3" in capsys.readouterr().err
    assert fingerprint(root) == before
    assert not list((root / "backups").glob("*"))


def test_an_empty_at_is_refused_not_read_as_now(tmp_path, capsys):
    root = seeded_folder(tmp_path)
    assert main(["--data-dir", str(root), "log", "--pain", "3", "--at", ""]) == 2
    assert "--at" in capsys.readouterr().err


def test_a_field_given_twice_is_refused(tmp_path, capsys):
    root = seeded_folder(tmp_path)
    before = fingerprint(root)
    record = json.dumps(checkin())
    text = json.dumps(journal_file(checkins=[])).replace(
        '"checkins": []', f'"checkins": [{record[:-1]}, "scores": {{"pain": 9}}}}]'
    )
    bad = tmp_path / "twice.json"
    bad.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["--data-dir", str(root), "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "'scores'" in err and "each field appears once" in err
    assert fingerprint(root) == before


def test_the_command_line_refuses_what_the_window_refuses(tmp_path, capsys, typed_ctx, journal):
    with pytest.raises(InvalidInput) as typed_refusal:
        checkin_actions.check_in(journal, typed_ctx, entry(note=LONG_NOTE))
    root = seeded_folder(tmp_path)
    before = fingerprint(root)
    capsys.readouterr()
    code = main(["--data-dir", str(root), "log", "--pain", "3", "--note", LONG_NOTE])
    assert code == 2
    assert capsys.readouterr().err.strip().endswith(str(typed_refusal.value))
    assert fingerprint(root) == before


def test_an_import_breaking_a_rule_late_in_the_file_adds_nothing(tmp_path, capsys):
    root = seeded_folder(tmp_path)
    good = [checkin() for _ in range(5)]
    bad = tmp_path / "late.json"
    bad.write_text(
        json.dumps(journal_file(checkins=[*good, checkin(note=LONG_NOTE)])), encoding="utf-8"
    )
    assert main(["--data-dir", str(root), "import", str(bad)]) == 2
    assert "checkins[5] (" in capsys.readouterr().err
    with open_journal(paths.resolve(root), now=NOW) as journal, journal.read() as session:
        from carecompanion.services import checkins

        assert checkins.count(session) == 1


def test_typed_times_are_read_in_the_profile_zone_not_the_computers(tmp_path):
    """A summer time typed in winter keeps its summer offset."""
    root = tmp_path / "zone"
    winter = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    with open_journal(paths.resolve(root), now=winter) as journal:
        ctx = Context(zone=ZoneInfo("UTC"), clock=fixed_clock(winter))
        save_settings(journal, ctx, SettingsChange(Profile(time_zone="Europe/London")))
    # The summer date lies in the future of the winter clock, so use a later clock.
    later = winter + timedelta(days=200)
    assert main(["--data-dir", str(root), "log", "--pain", "2", "--at", "2026-07-01T09:00"]) == 0
    with open_journal(paths.resolve(root), now=later) as journal, journal.read() as session:
        from carecompanion.services import checkins

        saved = checkins.latest(session)[0]
    assert saved.recorded_at == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


def test_a_dry_run_fails_exactly_where_the_import_would(tmp_path, capsys):
    """The dry run tries the whole merge and rolls it back; it never says yes to a crash."""
    root = seeded_folder(tmp_path)
    before = fingerprint(root)
    twice = checkin()
    bad = tmp_path / "clash.json"
    # Two custom symptoms whose names differ only in spacing and case share one key.
    settings = [custom("Numb feet", "custom_numb_feet"), custom("Numb feet", "custom_numb_feet")]
    bad.write_text(json.dumps(journal_file(symptoms=settings, checkins=[twice])), "utf-8")
    dry = main(["--data-dir", str(root), "import", "--dry-run", str(bad)])
    real = main(["--data-dir", str(root), "import", str(bad)])
    assert dry == real == 2
    assert fingerprint(root) == before
    good = tmp_path / "good.json"
    good.write_text(json.dumps(journal_file(checkins=[checkin()])), "utf-8")
    capsys.readouterr()
    assert main(["--data-dir", str(root), "import", "--dry-run", str(good)]) == 0
    assert "check-ins: 1 added" in capsys.readouterr().out
    assert fingerprint(root) == before


@pytest.mark.parametrize("field", ["emergency_number", "cancer_type", "name"])
def test_a_line_break_or_terminal_code_in_a_one_line_field_is_refused(field):
    from dataclasses import replace as changed

    from carecompanion.domain import rules
    from carecompanion.domain.records import Profile

    with pytest.raises(InvalidInput, match="a control character"):
        rules.check_profile(changed(Profile(), **{field: "999\x1b[31mRED"}), date(2026, 3, 20))
