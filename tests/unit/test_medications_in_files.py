"""Medications and doses travel in every data file: JSON (merged by UUID), CSV and FHIR."""

import csv
import io
import json
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from carecompanion import paths
from carecompanion.actions import files
from carecompanion.actions import medications as med_actions
from carecompanion.db.journal import open_journal
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import Medication, Recorder
from carecompanion.services import checkins, exports, identity, medications, transfer

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
EARLIER = NOW - timedelta(hours=1)
LONDON = ZoneInfo("Europe/London")
OXY_ID = uuid.UUID("11111111-1111-4111-8111-111111111111")
ONDANSETRON_ID = uuid.UUID("22222222-2222-4222-8222-222222222222")


def open_at(tmp_path, name):
    return open_journal(paths.resolve(tmp_path / name), now=NOW)


def fill(journal):
    """Two medications and three doses written an hour before NOW, one dose deleted."""
    ctx = Context(zone=LONDON, clock=fixed_clock(EARLIER))
    oxy = Medication(
        OXY_ID,
        "Oxycodone 5 mg",
        date(2026, 3, 1),
        dose="5 mg tablet",
        as_needed=True,
        purpose="pain",
        min_hours=4,
        max_per_day=6,
        notes="with food",
    )
    med_actions.add_medication(journal, ctx, oxy)
    med_actions.add_medication(
        journal,
        ctx,
        Medication(
            ONDANSETRON_ID,
            "Ondansetron",
            date(2026, 2, 1),
            dose="4 mg",
            as_needed=True,
            purpose="nausea",
            stop_date=date(2026, 3, 10),
        ),
    )
    logged = [
        med_actions.log_dose(journal, ctx, OXY_ID, EARLIER - timedelta(hours=h)).value.dose
        for h in (9, 3)
    ]
    med_actions.log_dose(
        journal, ctx, OXY_ID, EARLIER - timedelta(hours=1), recorded_by=Recorder.CAREGIVER
    )
    med_actions.delete_dose(journal, ctx, logged[0].id)
    with journal.write() as s:
        checkins.record(s, {"pain": 6}, recorded_at=EARLIER - timedelta(hours=2), now=EARLIER)
    return logged


def snapshot(journal):
    """Every record (not which journal it is: two fresh journals have different ids)."""
    with journal.read() as s:
        return replace(transfer.dump(s, NOW), exported_at=NOW, journal=None)


def export(journal, kind, target):
    return exports.export_file(journal, kind, target, None, NOW, LONDON)


def import_file(journal, ctx, path, dry_run=False):
    return files.import_file(journal, ctx, path, dry_run=dry_run).value


def exported_raw(tmp_path):
    source = open_at(tmp_path, "a")
    fill(source)
    return json.loads(export(source, "json", tmp_path / "a.json").read_text())


def anonymous(raw):
    """The file as format 3 wrote it, without a journal id: a file that does not say whose
    journal it is gets no allowance for a clock ahead (this journal's own files do, as its
    backups do)."""
    return {k: v for k, v in raw.items() if k != "journal"} | {"version": 3}


def write(tmp_path, raw, name="edited.json"):
    path = tmp_path / name
    path.write_text(json.dumps(raw))
    return path


# ----- JSON -----


def test_json_round_trip_journal_file_empty_journal_file_is_identical(tmp_path, ctx):
    source = open_at(tmp_path, "a")
    fill(source)
    first = export(source, "json", tmp_path / "a.json")
    raw = json.loads(first.read_text())
    assert raw["version"] == 4
    assert len(raw["medications"]) == 2 and len(raw["doses"]) == 3
    oxy = next(m for m in raw["medications"] if m["id"] == str(OXY_ID))
    assert oxy | {"created_at": None, "updated_at": None} == {
        "id": str(OXY_ID),
        "name": "Oxycodone 5 mg",
        "dose": "5 mg tablet",
        "as_needed": True,
        "purpose": "pain",
        "min_hours": 4.0,
        "max_per_day": 6,
        "start_date": "2026-03-01",
        "stop_date": None,
        "notes": "with food",
        "created_at": None,
        "updated_at": None,
        "deleted_at": None,
    }
    assert set(raw["doses"][0]) == {
        "id",
        "medication_id",
        "taken_at",
        "recorded_by",
        "created_at",
        "updated_at",
        "deleted_at",
    }
    target = open_at(tmp_path, "b")
    report = import_file(target, ctx, first)
    assert "medications: 2 added, 0 updated, 0 unchanged" in report.lines()
    assert "doses: 3 added, 0 updated, 0 unchanged" in report.lines()
    second = export(target, "json", tmp_path / "b.json")
    assert first.read_bytes() == second.read_bytes()
    assert snapshot(target) == snapshot(source)


def test_importing_the_same_file_twice_adds_nothing(tmp_path, ctx):
    source = open_at(tmp_path, "a")
    fill(source)
    file = export(source, "json", tmp_path / "a.json")
    target = open_at(tmp_path, "b")
    import_file(target, ctx, file)
    before = snapshot(target)
    again = import_file(target, ctx, file)
    assert not again.changed()
    assert "medications: 0 added, 0 updated, 2 unchanged" in again.lines()
    assert "doses: 0 added, 0 updated, 3 unchanged" in again.lines()
    assert snapshot(target) == before


def test_a_deleted_dose_travels_and_a_later_edit_wins(tmp_path, ctx):
    source = open_at(tmp_path, "a")
    deleted = fill(source)[0]
    target = open_at(tmp_path, "b")
    import_file(target, ctx, export(source, "json", tmp_path / "a.json"))
    with target.read() as s:
        live = {d.id for d in medications.doses_between(s)}
    assert deleted.id not in live and len(live) == 2
    # An edit on A after the import reaches B; B's older copy loses.
    later = Context(zone=LONDON, clock=fixed_clock(NOW))
    med_actions.stop_medication(source, later, "Oxycodone 5 mg", date(2026, 3, 20))
    report = import_file(target, ctx, export(source, "json", tmp_path / "a2.json"))
    assert "medications: 0 added, 1 updated, 1 unchanged" in report.lines()
    with target.read() as s:
        assert medications.get(s, OXY_ID).stop_date == date(2026, 3, 20)


def test_a_file_with_medications_and_no_doses_or_none_at_all_imports(tmp_path, ctx):
    raw = exported_raw(tmp_path)
    raw["doses"] = []
    target = open_at(tmp_path, "b")
    report = import_file(target, ctx, write(tmp_path, raw))
    assert "medications: 2 added, 0 updated, 0 unchanged" in report.lines()
    del raw["medications"], raw["doses"]
    import_file(target, ctx, write(tmp_path, raw, "none.json"))


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_version_file_carrying_medications_is_refused(tmp_path, ctx, version):
    raw = exported_raw(tmp_path)
    raw["version"] = version
    del raw["journal"]  # not the field this test is about
    target = open_at(tmp_path, "b")
    before = snapshot(target)
    with pytest.raises(InvalidInput) as refused:
        import_file(target, ctx, write(tmp_path, raw))
    assert str(refused.value).startswith("file.doses: 'present' is not allowed;")
    assert f"not part of the format in version {version}" in str(refused.value)
    assert snapshot(target) == before


def test_a_version_2_file_still_imports(tmp_path, ctx):
    raw = exported_raw(tmp_path)
    raw["version"] = 2
    del raw["medications"], raw["doses"], raw["journal"]
    target = open_at(tmp_path, "b")
    report = import_file(target, ctx, write(tmp_path, raw))
    assert "check-ins: 1 added, 0 updated, 0 unchanged" in report.lines()


def test_a_dose_pointing_nowhere_is_refused_naming_it(tmp_path, ctx):
    raw = exported_raw(tmp_path)
    nowhere = str(uuid.uuid4())
    raw["doses"][2]["medication_id"] = nowhere
    target = open_at(tmp_path, "b")
    with pytest.raises(InvalidInput) as refused:
        import_file(target, ctx, write(tmp_path, raw))
    assert str(refused.value) == (
        f"doses[2] ({raw['doses'][2]['id']}): medication_id: '{nowhere}' is not allowed; "
        "the id of a medication in this file or already in the journal."
    )
    assert snapshot(target) == snapshot(open_at(tmp_path, "c"))


def test_a_dose_of_a_medication_already_in_the_journal_imports(tmp_path, ctx):
    raw = exported_raw(tmp_path)
    target = open_at(tmp_path, "b")
    import_file(target, ctx, write(tmp_path, raw))
    only_doses = raw | {"medications": []}
    only_doses["doses"] = [d | {"id": str(uuid.uuid4())} for d in raw["doses"]]
    report = import_file(target, ctx, write(tmp_path, only_doses, "doses.json"))
    assert "doses: 3 added, 0 updated, 0 unchanged" in report.lines()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"min_hours": 0},
            "min-hours: 0.0 is not allowed; more than 0 and at most 72 hours between doses.",
        ),
        (
            {"min_hours": 73},
            "min-hours: 73.0 is not allowed; more than 0 and at most 72 hours between doses.",
        ),
        (
            {"max_per_day": 0},
            "max-per-day: 0 is not allowed; a whole number of doses from 1 to 24.",
        ),
        (
            {"max_per_day": 25},
            "max-per-day: 25 is not allowed; a whole number of doses from 1 to 24.",
        ),
        (
            {"stop_date": "2026-02-28"},
            "stop date: '2026-02-28' is not allowed; it cannot be before the start date, "
            "2026-03-01.",
        ),
        ({"name": "  "}, "medication name: '  ' is not allowed; give the medicine's name."),
        ({"start_date": "2026-03-21"}, "start date: '2026-03-21' is not allowed;"),
    ],
)
def test_each_medication_rule_refuses_the_file_with_the_typed_message(
    tmp_path, ctx, change, message
):
    raw = exported_raw(tmp_path)
    index = next(i for i, m in enumerate(raw["medications"]) if m["id"] == str(OXY_ID))
    raw["medications"][index].update(change)
    target = open_at(tmp_path, "b")
    before = snapshot(target)
    with pytest.raises(InvalidInput) as refused:
        import_file(target, ctx, write(tmp_path, anonymous(raw)))
    assert str(refused.value).startswith(f"medications[{index}] ({OXY_ID}): {message}")
    assert snapshot(target) == before


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({"max_per_day": 2.5}, "max_per_day", "2.5 is not allowed; a whole number."),
        ({"min_hours": "4"}, "min_hours", "'4' is not allowed; a number."),
        ({"as_needed": "yes"}, "as_needed", "'yes' is not allowed; true or false."),
    ],
)
def test_a_medication_field_of_the_wrong_kind_is_refused_where_it_is(
    tmp_path, ctx, change, where, message
):
    raw = exported_raw(tmp_path)
    raw["medications"][0].update(change)
    with pytest.raises(InvalidInput) as refused:
        import_file(open_at(tmp_path, "b"), ctx, write(tmp_path, raw))
    assert str(refused.value) == f"medications[0].{where}: {message}"


@pytest.mark.parametrize("field", ["min_hours", "max_per_day", "stop_date", "notes"])
def test_a_medication_that_leaves_out_a_field_is_refused_not_blanking_it(tmp_path, ctx, field):
    raw = exported_raw(tmp_path)
    del raw["medications"][0][field]
    with pytest.raises(InvalidInput) as refused:
        import_file(open_at(tmp_path, "b"), ctx, write(tmp_path, raw))
    assert str(refused.value) == (
        f"medications[0].{field}: 'missing' is not allowed; this field is required."
    )


def test_a_dose_in_the_future_is_refused(tmp_path, ctx):
    raw = exported_raw(tmp_path)
    raw["doses"][1]["taken_at"] = (NOW + timedelta(hours=2)).isoformat()
    with pytest.raises(InvalidInput) as refused:
        import_file(open_at(tmp_path, "b"), ctx, write(tmp_path, anonymous(raw)))
    assert str(refused.value).startswith(f"doses[1] ({raw['doses'][1]['id']}): time: ")
    assert "future" in str(refused.value)


def test_a_dose_stamped_in_the_future_is_refused(tmp_path, ctx):
    raw = exported_raw(tmp_path)
    raw["doses"][0]["updated_at"] = (NOW + timedelta(days=400)).isoformat()
    with pytest.raises(InvalidInput, match=r"doses\[0\] \(.*\): updated_at: "):
        import_file(open_at(tmp_path, "b"), ctx, write(tmp_path, anonymous(raw)))


def test_two_ongoing_medications_of_one_name_are_refused(tmp_path, ctx):
    raw = exported_raw(tmp_path)
    second = raw["medications"][1] | {
        "id": str(uuid.uuid4()),
        "name": "OXYCODONE  5 MG",
        "stop_date": None,
    }
    raw["medications"].append(second)
    target = open_at(tmp_path, "b")
    before = snapshot(target)
    with pytest.raises(InvalidInput) as refused:
        import_file(target, ctx, write(tmp_path, raw))
    assert str(refused.value) == (
        f"medications[1] ({OXY_ID}): medication name: 'Oxycodone 5 mg' is not allowed; "
        "a name no other ongoing medication has (stop or rename the other first)."
    )
    assert snapshot(target) == before


def test_a_file_medication_sharing_a_name_with_an_ongoing_one_here_is_refused(tmp_path, ctx):
    raw = exported_raw(tmp_path)
    target = open_at(tmp_path, "b")
    med_actions.add_medication(
        target, ctx, Medication(uuid.uuid4(), "oxycodone 5 mg", date(2026, 3, 2))
    )
    with target.read() as s:  # the same journal, on another laptop
        raw["journal"]["id"] = str(identity.journal_id(s))
    with pytest.raises(InvalidInput, match="medication name: 'Oxycodone 5 mg' is not allowed"):
        import_file(target, ctx, write(tmp_path, raw))
    # Stopped here first, the same name is fine; so is a stopped one of the same name.
    med_actions.stop_medication(target, ctx, "oxycodone 5 mg", date(2026, 3, 19))
    import_file(target, ctx, write(tmp_path, raw))


def test_a_dry_run_fails_exactly_like_the_import_and_changes_nothing(tmp_path, ctx):
    raw = exported_raw(tmp_path)
    raw["medications"][0]["max_per_day"] = 25
    bad = write(tmp_path, raw)
    target = open_at(tmp_path, "b")
    before = snapshot(target)
    with pytest.raises(InvalidInput) as dry:
        import_file(target, ctx, bad, dry_run=True)
    with pytest.raises(InvalidInput) as real:
        import_file(target, ctx, bad)
    assert str(dry.value) == str(real.value)
    assert snapshot(target) == before
    raw["medications"][0]["max_per_day"] = 6
    predicted = import_file(target, ctx, write(tmp_path, raw, "good.json"), dry_run=True)
    assert "doses: 3 added, 0 updated, 0 unchanged" in predicted.lines()
    assert snapshot(target) == before


# ----- CSV -----


def test_csv_check_ins_stay_one_row_each_and_doses_go_beside_them(tmp_path):
    source = open_at(tmp_path, "a")
    fill(source)
    file = export(source, "csv", tmp_path / "week.csv")
    checkin_rows = list(csv.DictReader(io.StringIO(file.read_bytes().decode("utf-8-sig"))))
    assert len(checkin_rows) == 1 and "medication" not in checkin_rows[0]
    doses = (tmp_path / "week-doses.csv").read_bytes()
    assert doses.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(doses.decode("utf-8-sig"))))
    assert rows[0] == ["id", "taken_at", "medication", "dose", "as_needed", "recorded_by"]
    # The deleted dose is left out, as deleted check-ins are; local times with their offset.
    assert [r[1:] for r in rows[1:]] == [
        ["2026-03-20T08:00:00+00:00", "Oxycodone 5 mg", "5 mg tablet", "yes", "patient"],
        ["2026-03-20T10:00:00+00:00", "Oxycodone 5 mg", "5 mg tablet", "yes", "caregiver"],
    ]
    assert (tmp_path / "week-doses.csv").stat().st_mode & 0o077 == 0


def test_the_doses_file_neutralises_formulas_like_the_check_ins_file(tmp_path, ctx):
    journal = open_at(tmp_path, "a")
    formula = Medication(uuid.uuid4(), "=HYPERLINK(x)", date(2026, 3, 1), dose="+5 mg")
    med_actions.add_medication(journal, ctx, formula)
    med_actions.log_dose(journal, ctx, formula.id, NOW - timedelta(hours=1))
    export(journal, "csv", tmp_path / "out.csv")
    text = (tmp_path / "out-doses.csv").read_bytes().decode("utf-8-sig")
    assert '"\'=HYPERLINK(x)","\'+5 mg",no,patient\r\n' in text
    cells = list(csv.reader(io.StringIO(text)))[1]
    assert cells[2:4] == ["'=HYPERLINK(x)", "'+5 mg"]


def test_no_doses_file_without_doses(tmp_path, ctx):
    journal = open_at(tmp_path, "a")
    with journal.write() as s:
        checkins.record(s, {"pain": 2}, now=NOW)
    export(journal, "csv", tmp_path / "out.csv")
    assert sorted(p.name for p in tmp_path.glob("out*")) == ["out.csv"]


def test_a_doses_file_is_not_written_into_the_data_folder_or_through_a_link(tmp_path):
    source = open_at(tmp_path, "a")
    fill(source)
    with pytest.raises(InvalidInput, match="is not allowed"):
        export(source, "csv", source.paths.root / "out.csv")
    assert not (source.paths.root / "out-doses.csv").exists()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("mine")
    (tmp_path / "week-doses.csv").symlink_to(elsewhere)
    with pytest.raises(InvalidInput, match="never through a link"):
        export(source, "csv", tmp_path / "week.csv")
    assert elsewhere.read_text() == "mine"
    assert not (tmp_path / "week.csv").exists()  # refused before anything was written


def test_importing_a_doses_file_says_to_import_the_json_file(tmp_path, ctx):
    source = open_at(tmp_path, "a")
    fill(source)
    export(source, "csv", tmp_path / "week.csv")
    with pytest.raises(InvalidInput) as refused:
        import_file(open_at(tmp_path, "b"), ctx, tmp_path / "week-doses.csv")
    assert str(refused.value) == (
        "file: this is a doses file; import the JSON file to bring medications across"
    )


# ----- FHIR -----


def resources(raw, kind):
    return [e["resource"] for e in raw["entry"] if e["resource"]["resourceType"] == kind]


def test_fhir_bundle_validates_with_a_statement_per_medication_and_an_administration_per_dose(
    tmp_path,
):
    from fhir.resources.bundle import Bundle

    source = open_at(tmp_path, "a")
    fill(source)
    raw = json.loads(export(source, "fhir", tmp_path / "a.json").read_text())
    Bundle.parse_obj(raw)  # raises on anything that is not valid FHIR R4
    statements = resources(raw, "MedicationStatement")
    given = resources(raw, "MedicationAdministration")
    assert len(statements) == 2 and len(given) == 2  # the deleted dose is left out
    by_name = {s["medicationCodeableConcept"]["text"]: s for s in statements}
    oxy, ondansetron = by_name["Oxycodone 5 mg"], by_name["Ondansetron"]
    assert oxy["status"] == "active" and ondansetron["status"] == "completed"
    assert oxy["effectivePeriod"] == {"start": "2026-03-01"}
    assert ondansetron["effectivePeriod"] == {"start": "2026-02-01", "end": "2026-03-10"}
    assert oxy["dosage"][0]["asNeededBoolean"] is True
    assert oxy["dosage"][0]["text"] == (
        "5 mg tablet, as needed; at least 4 hours between doses; at most 6 in 24 hours"
    )
    assert oxy["reasonCode"] == [{"text": "Pain"}]
    patient = next(e["fullUrl"] for e in raw["entry"] if e["resource"]["resourceType"] == "Patient")
    caregiver = next(
        e["fullUrl"] for e in raw["entry"] if e["resource"]["resourceType"] == "RelatedPerson"
    )
    statement_url = next(e["fullUrl"] for e in raw["entry"] if e["resource"] == oxy)
    assert all(g["status"] == "completed" for g in given)
    assert all(g["subject"]["reference"] == patient for g in given)
    assert all(g["supportingInformation"] == [{"reference": statement_url}] for g in given)
    assert all(g["medicationCodeableConcept"]["text"] == "Oxycodone 5 mg" for g in given)
    assert [g["effectiveDateTime"] for g in given] == [
        "2026-03-20T08:00:00+00:00",
        "2026-03-20T10:00:00+00:00",
    ]
    assert [g["performer"][0]["actor"]["reference"] for g in given] == [patient, caregiver]


def run(data, *argv):
    from carecompanion.cli import main

    try:
        return main([*argv[:1], "--data-dir", str(data.root), *argv[1:]])
    except SystemExit as stopped:
        return stopped.code


def test_export_fhir_from_the_command_line_holds_each_dose(data, tmp_path, capsys):
    from fhir.resources.bundle import Bundle

    added = (
        "med add",
        "Oxycodone 5 mg",
        "--as-needed",
        "--for",
        "pain",
        "--min-hours",
        "4",
        "--max-per-day",
        "6",
    )
    assert run(data, *added[0].split(), *added[1:]) == 0
    assert run(data, "dose", "Oxycodone 5 mg") == 0
    assert run(data, "dose", "Oxycodone 5 mg", "--by", "caregiver") == 0
    target = tmp_path / "bundle.json"
    assert run(data, "export", "fhir", "-o", str(target)) == 0
    raw = json.loads(target.read_text())
    Bundle.parse_obj(raw)
    assert len(resources(raw, "MedicationAdministration")) == 2
    assert len(resources(raw, "MedicationStatement")) == 1
    csv_target = tmp_path / "log.csv"
    assert run(data, "export", "csv", "-o", str(csv_target)) == 0
    assert (tmp_path / "log-doses.csv").exists()
    capsys.readouterr()
    assert run(data, "import", str(tmp_path / "log-doses.csv")) == 2
    assert "this is a doses file; import the JSON file" in capsys.readouterr().err


def test_an_imported_dose_before_its_medication_started_is_refused_as_typed(tmp_path, ctx):
    raw = exported_raw(tmp_path)
    raw["doses"][0]["taken_at"] = "2026-02-27T10:00:00+00:00"  # Oxycodone started 1 March
    with pytest.raises(InvalidInput, match=r"doses\[0\] .*: time: '2026-02-27' is not allowed"):
        import_file(open_at(tmp_path, "b"), ctx, write(tmp_path, raw))
