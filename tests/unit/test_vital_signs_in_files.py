"""Temperature, weight and the profile's safety settings travel in every data file."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from carecompanion import paths
from carecompanion.actions import files
from carecompanion.db.journal import open_journal
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import Profile, TemperatureUnit, WeightUnit
from carecompanion.services import checkins, exports, profile

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def journal_with_vitals(tmp_path, name="a"):
    journal = open_journal(paths.resolve(tmp_path / name), now=NOW)
    return journal


def fill(journal, ctx):
    """Fill the journal an hour before NOW, so a file edited at NOW is the later edit."""
    earlier = NOW - timedelta(hours=1)
    ctx = Context(zone=LONDON, clock=fixed_clock(earlier))
    with journal.write() as s:
        contact = profile.new_contact(
            "Oncology hotline", "Nurse", "0800 123", around_the_clock=True
        )
        profile.save(
            s,
            Profile(
                name="Ana",
                cancer_type="bowel cancer",
                emergency_number="112",
                temperature_unit=TemperatureUnit.FAHRENHEIT,
                weight_unit=WeightUnit.LB,
                fever_threshold_c=37.5,
                contacts=(contact,),
            ),
            ctx,
        )
        checkins.record(
            s,
            {"pain": 3},
            recorded_at=NOW - timedelta(hours=2),
            now=earlier,
            temperature_c=38.4,
            weight_kg=61.5,
        )
        checkins.record(s, {}, now=earlier, temperature_c=37.1)


def export(journal, kind, target):
    return exports.export_file(journal, kind, target, None, NOW, LONDON)


def stored(journal):
    with journal.read() as s:
        found = [(c.temperature_c, c.weight_kg) for c in checkins.between(s)]
        return found, profile.get(s)


def test_json_carries_vital_signs_and_the_profile_settings_to_another_journal(tmp_path, ctx):
    source = journal_with_vitals(tmp_path)
    fill(source, ctx)
    file = export(source, "json", tmp_path / "a.json")
    raw = json.loads(file.read_text())
    assert raw["version"] == 4
    assert raw["checkins"][0]["temperature_c"] == 38.4
    target = journal_with_vitals(tmp_path, "b")
    files.import_file(target, ctx, file)
    found, person = stored(target)
    assert found == [(38.4, 61.5), (37.1, None)]
    assert person.fever_threshold_c == 37.5 and person.emergency_number == "112"
    assert person.cancer_type == "bowel cancer"
    assert person.temperature_unit is TemperatureUnit.FAHRENHEIT
    assert person.weight_unit is WeightUnit.LB
    assert person.contacts[0].around_the_clock


def test_a_format_1_file_still_imports_and_blanks_nothing_it_does_not_know(tmp_path, ctx):
    journal = journal_with_vitals(tmp_path)
    fill(journal, ctx)
    file = export(journal, "json", tmp_path / "a.json")
    raw = json.loads(file.read_text())
    raw["version"] = 1
    del raw["journal"]
    del raw["medications"], raw["doses"]  # format 3's
    later = NOW.isoformat()
    raw["checkins"] = raw["checkins"][:1]  # format 1 knew no check-in without scores
    for record in raw["checkins"]:
        del record["temperature_c"], record["weight_kg"]
        record["note"], record["updated_at"] = "edited elsewhere", later
    for name in ("cancer_type", "emergency_number", "temperature_unit", "weight_unit"):
        del raw["profile"][name]
    del raw["profile"]["fever_threshold_c"], raw["profile"]["supportive_prompt_dismissed_at"]
    raw["profile"]["name"], raw["profile"]["updated_at"] = "Ana Lopes", later
    for contact in raw["contacts"]:
        del contact["around_the_clock"]
        contact["updated_at"] = later
    old = tmp_path / "old.json"
    old.write_text(json.dumps(raw))
    before, _ = stored(journal)
    files.import_file(journal, ctx, old)
    found, person = stored(journal)
    assert found == before
    assert person.name == "Ana Lopes"
    assert person.fever_threshold_c == 37.5 and person.emergency_number == "112"
    assert person.contacts[0].around_the_clock


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("temperature_c", 44.0, "temperature: 44.0 is not allowed; a temperature from 34.0"),
        ("temperature_c", "38", "temperature_c: '38' is not allowed; a number"),
        ("weight_kg", 0.5, "weight: 0.5 is not allowed; a weight from 20 to 300 kg"),
    ],
)
def test_an_imported_vital_sign_out_of_range_is_refused_like_typed_one(
    tmp_path, ctx, field, value, message
):
    journal = journal_with_vitals(tmp_path)
    fill(journal, ctx)
    file = export(journal, "json", tmp_path / "a.json")
    raw = json.loads(file.read_text())
    raw["checkins"][0][field] = value
    file.write_text(json.dumps(raw))
    target = journal_with_vitals(tmp_path, "b")
    with pytest.raises(InvalidInput) as refused:
        files.import_file(target, ctx, file)
    assert message in str(refused.value)
    assert stored(target)[0] == []


def test_a_fever_threshold_outside_the_care_teams_range_is_refused_on_import(tmp_path, ctx):
    journal = journal_with_vitals(tmp_path)
    fill(journal, ctx)
    file = export(journal, "json", tmp_path / "a.json")
    raw = json.loads(file.read_text())
    raw["profile"]["fever_threshold_c"] = 39.0
    file.write_text(json.dumps(raw))
    with pytest.raises(InvalidInput, match=r"fever threshold: 39\.0 is not allowed; from 37\.5"):
        files.import_file(journal_with_vitals(tmp_path, "b"), ctx, file)


def test_csv_has_vital_sign_columns_in_si_units_and_reads_them_back(tmp_path, ctx):
    journal = journal_with_vitals(tmp_path)
    fill(journal, ctx)
    file = export(journal, "csv", tmp_path / "a.csv")
    rows = list(csv.DictReader(io.StringIO(file.read_bytes().decode("utf-8-sig"))))
    assert (rows[0]["temperature_c"], rows[0]["weight_kg"]) == ("38.4", "61.5")
    assert (rows[1]["temperature_c"], rows[1]["weight_kg"], rows[1]["pain"]) == ("37.1", "", "")
    target = journal_with_vitals(tmp_path, "b")
    files.import_file(target, ctx, file)
    assert stored(target)[0] == [(38.4, 61.5), (37.1, None)]


def test_a_csv_without_vital_sign_columns_keeps_the_journals_own(tmp_path, ctx):
    journal = journal_with_vitals(tmp_path)
    fill(journal, ctx)
    file = export(journal, "csv", tmp_path / "a.csv")
    rows = list(csv.DictReader(io.StringIO(file.read_bytes().decode("utf-8-sig"))))
    later = NOW.isoformat()
    older = tmp_path / "older.csv"
    with older.open("w", newline="", encoding="utf-8") as out:
        names = [n for n in rows[0] if n not in ("temperature_c", "weight_kg")]
        writer = csv.DictWriter(out, names, extrasaction="ignore")
        writer.writeheader()
        for row in rows[:1]:
            writer.writerow(row | {"note": "typed in a spreadsheet", "updated_at": later})
    before, _ = stored(journal)
    files.import_file(journal, ctx, older)
    assert stored(journal)[0] == before


def test_fhir_gives_temperature_and_weight_as_vital_sign_observations(tmp_path, ctx):
    from fhir.resources.bundle import Bundle

    journal = journal_with_vitals(tmp_path)
    fill(journal, ctx)
    file = export(journal, "fhir", tmp_path / "a.json")
    raw = json.loads(file.read_text())
    Bundle.parse_obj(raw)  # valid FHIR R4
    vitals = [
        e["resource"]
        for e in raw["entry"]
        if e["resource"].get("category", [{}])[0].get("coding", [{}])[0].get("code")
        == "vital-signs"
    ]
    by_code = {v["code"]["coding"][0]["code"]: v for v in vitals}
    assert sorted(by_code) == ["29463-7", "8310-5"]
    assert len(vitals) == 3
    temperature = by_code["8310-5"]["valueQuantity"]
    assert temperature["system"] == "http://unitsofmeasure.org"
    assert temperature["code"] == "Cel"
    assert by_code["29463-7"]["valueQuantity"] == {
        "value": 61.5,
        "unit": "kg",
        "system": "http://unitsofmeasure.org",
        "code": "kg",
    }


def newer_file(journal, tmp_path, change):
    """The journal's own JSON export, edited after it was made, with `change` applied."""
    file = export(journal, "json", tmp_path / "edited.json")
    raw = json.loads(file.read_text())
    for record in [raw["profile"], *raw["contacts"], *raw["checkins"]]:
        record["updated_at"] = NOW.isoformat()
    change(raw)
    file.write_text(json.dumps(raw))
    return file


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["profile"].update(fever_threshold_c=None), "fever_threshold_c: 'missing'"),
        (lambda raw: raw["profile"].pop("emergency_number"), "emergency_number: 'missing'"),
        (lambda raw: raw["contacts"][0].pop("around_the_clock"), "around_the_clock: 'missing'"),
        (lambda raw: raw["checkins"][0].pop("temperature_c"), "temperature_c: 'missing'"),
    ],
)
def test_a_format_2_file_that_leaves_out_a_safety_field_is_refused_not_blanking_it(
    tmp_path, ctx, change, message
):
    journal = journal_with_vitals(tmp_path)
    fill(journal, ctx)
    before = stored(journal)
    file = newer_file(journal, tmp_path, change)
    with pytest.raises(InvalidInput, match=message):
        files.import_file(journal, ctx, file)
    assert stored(journal) == before


def test_a_format_1_file_carrying_format_2_fields_is_refused(tmp_path, ctx):
    journal = journal_with_vitals(tmp_path)
    fill(journal, ctx)
    file = newer_file(journal, tmp_path, lambda raw: raw.update(version=1))
    with pytest.raises(InvalidInput, match="is not part of the format"):
        files.import_file(journal, ctx, file)


def test_a_csv_with_only_the_weight_column_keeps_the_temperature(tmp_path, ctx):
    journal = journal_with_vitals(tmp_path)
    fill(journal, ctx)
    file = export(journal, "csv", tmp_path / "a.csv")
    rows = list(csv.DictReader(io.StringIO(file.read_bytes().decode("utf-8-sig"))))
    edited = tmp_path / "weights.csv"
    with edited.open("w", newline="", encoding="utf-8") as out:
        names = [n for n in rows[0] if n != "temperature_c"]
        writer = csv.DictWriter(out, names, extrasaction="ignore")
        writer.writeheader()
        writer.writerow(rows[0] | {"weight_kg": "60.5", "updated_at": NOW.isoformat()})
    files.import_file(journal, ctx, edited)
    assert stored(journal)[0][0] == (38.4, 60.5)


@pytest.mark.parametrize("cell", ["٣٨", "3.8e1", "38,2", "+38"])
def test_a_csv_temperature_is_read_as_the_command_line_reads_it(tmp_path, ctx, cell):
    journal = journal_with_vitals(tmp_path)
    fill(journal, ctx)
    file = export(journal, "csv", tmp_path / "a.csv")
    text = file.read_bytes().decode("utf-8-sig").replace(",38.4,", f',"{cell}",', 1)
    file.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"temperature_c: .* a number such as 38\.2"):
        files.import_file(journal_with_vitals(tmp_path, "b"), ctx, file)
