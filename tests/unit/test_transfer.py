"""Data that moves: JSON round trips, merging between laptops, CSV and FHIR, hostile files."""

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carecompanion import paths
from carecompanion.actions import files
from carecompanion.db import backup
from carecompanion.db.journal import open_journal
from carecompanion.domain.context import fixed_clock
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import Profile, Recorder
from carecompanion.export import csv_file, json_file
from carecompanion.services import checkins, demo, exports, profile, questions, transfer
from tests.journal_ids import same_journal

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def snapshot(journal):
    with journal.read() as session:
        return replace(transfer.dump(session, NOW), exported_at=NOW)


def make(tmp_path, name, days=0):
    journal = open_journal(paths.resolve(tmp_path / name), now=NOW)
    if days:
        with journal.write() as session:
            demo.generate(session, days=days, seed=3, end=NOW, zone=LONDON)
    return journal


def export_json(journal, target):
    return exports.export_file(journal, "json", target, None, NOW, LONDON)


def import_file(journal, ctx, path, dry_run=False):
    """Import through the action every door uses; the merge report it produced."""
    return files.import_file(journal, ctx, path, dry_run=dry_run).value


def test_journal_to_json_to_empty_journal_to_json_is_identical(tmp_path, ctx):
    source = make(tmp_path, "a", days=40)
    with source.write() as s:
        checkins.delete(s, checkins.latest(s, 1)[0].id, now=NOW)  # deletions travel too
    first = export_json(source, tmp_path / "a.json")
    target = make(tmp_path, "b")
    import_file(target, ctx, first)
    assert snapshot(target) == snapshot(source)
    second = export_json(target, tmp_path / "b.json")
    assert json.loads(first.read_text())["checkins"] == json.loads(second.read_text())["checkins"]


def test_importing_the_same_file_twice_adds_nothing(tmp_path, ctx):
    source = make(tmp_path, "a", days=10)
    file = export_json(source, tmp_path / "a.json")
    target = make(tmp_path, "b")
    assert import_file(target, ctx, file).changed()
    before = snapshot(target)
    again = import_file(target, ctx, file)
    assert not again.changed()
    assert snapshot(target) == before


def test_two_journals_edited_apart_merge_both_ways_to_the_same_result(tmp_path, ctx):
    laptop_a = make(tmp_path, "a", days=20)
    laptop_b = make(tmp_path, "b")
    import_file(laptop_b, ctx, export_json(laptop_a, tmp_path / "start.json"))
    with laptop_a.read() as s:
        shared, gone = checkins.latest(s, 2)
    edited = NOW + timedelta(minutes=1)  # both laptops are edited after the shared start
    later = NOW + timedelta(minutes=5)  # after A's edit
    with laptop_a.write() as s:  # the patient's laptop
        checkins.record(s, {"pain": 6}, note="on laptop A", now=edited)
        checkins.update(
            s,
            shared.id,
            shared.scores,
            recorded_by=shared.recorded_by,
            recorded_at=shared.recorded_at,
            note="edited on A first",
            activity=None,
            now=edited,
        )
    with laptop_b.write() as s:  # the caregiver's laptop, edited a little later
        checkins.record(s, {"nausea": 3}, recorded_by=Recorder.CAREGIVER, now=edited)
        checkins.delete(s, gone.id, now=edited)
        profile.save(
            s, replace(profile.get(s), name="Alex M."), replace(ctx, clock=fixed_clock(edited))
        )
    with laptop_b.write() as s:
        row = s.get(checkins.CheckInRow, shared.id)
        row.note, row.updated_at = "edited on B later", later
    file_a = export_json(laptop_a, tmp_path / "from_a.json")
    file_b = export_json(laptop_b, tmp_path / "from_b.json")
    merged = replace(ctx, clock=fixed_clock(NOW + timedelta(hours=1)))  # merged after both
    import_file(laptop_a, merged, file_b)
    import_file(laptop_b, merged, file_a)
    assert snapshot(laptop_a) == snapshot(laptop_b)
    with laptop_a.read() as s:
        notes = {c.note for c in checkins.between(s)}
        assert checkins.get(s, shared.id).note == "edited on B later"  # the newer edit wins
        assert gone.id not in {c.id for c in checkins.between(s)}  # the deletion travelled
        assert profile.get(s).name == "Alex M."
    assert {"on laptop A"} <= notes


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (
            lambda d: d["checkins"][1]["scores"].update(pain=12),
            lambda d: f"checkins[1] ({d['checkins'][1]['id']}): Pain: 12 is not allowed",
        ),
        (lambda d: d["checkins"][0].update(mood="fine"), "checkins[0].mood"),
        (
            lambda d: d["checkins"][2].update(recorded_at="2026-02-30T10:00+00:00"),
            "checkins[2].recorded_at",
        ),
        (
            lambda d: d["treatment_lines"][0].update(category="magic"),
            "treatment_lines[0].category: 'magic' is not allowed; one of chemotherapy",
        ),
        (
            lambda d: d.update(version=5),
            "version: 5 is not allowed; this version of CareCompanion reads format 4",
        ),
        (
            lambda d: d["checkins"][3].update(recorded_at="2026-03-01T10:00"),
            "the time needs its offset",
        ),
    ],
)
def test_one_bad_record_rejects_the_file_and_changes_nothing(tmp_path, ctx, change, where):
    source = make(tmp_path, "a", days=10)
    raw = json.loads(export_json(source, tmp_path / "a.json").read_text())
    change(raw)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(raw))
    target = same_journal(make(tmp_path, "b", days=3), source)
    before = snapshot(target)
    with pytest.raises(InvalidInput) as error:
        import_file(target, ctx, bad)
    assert (where(raw) if callable(where) else where) in str(error.value)
    assert snapshot(target) == before
    assert [b.reason for b in backup.listing(target.paths.backups)] == []


def test_a_truncated_file_names_where_it_stops(tmp_path):
    source = make(tmp_path, "a", days=5)
    data = export_json(source, tmp_path / "a.json").read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(InvalidInput, match=r"line \d+: .* is the file complete"):
        exports.read_import(cut, NOW)


def test_dry_run_reports_and_changes_nothing(tmp_path, ctx):
    source = make(tmp_path, "a", days=5)
    file = export_json(source, tmp_path / "a.json")
    target = make(tmp_path, "b")
    result = import_file(target, ctx, file, dry_run=True)
    assert result.of("check-ins").added == len(snapshot(source).checkins)
    assert snapshot(target).checkins == ()
    assert backup.listing(target.paths.backups) == []


def test_an_import_is_backed_up_first(tmp_path, ctx):
    source = make(tmp_path, "a", days=5)
    # Not a second demo journal: its medications, of the same names under other ids, would
    # be two ongoing medications of one name, which an import refuses.
    target = same_journal(make(tmp_path, "b"), source)
    with target.write() as s:
        checkins.record(s, {"pain": 2}, now=NOW)
    import_file(target, ctx, export_json(source, tmp_path / "a.json"))
    assert [b.reason for b in backup.listing(target.paths.backups)] == ["before-import"]


# ----- CSV -----


def test_csv_opens_in_a_spreadsheet_and_reads_back(tmp_path, ctx):
    source = make(tmp_path, "a")
    with source.write() as s:
        checkins.record(
            s,
            {"pain": 3, "nausea": 1},
            note='Line one\nline "two", Ελένη',
            recorded_at=NOW - timedelta(hours=3),
            now=NOW,
        )
        checkins.record(s, {"fatigue": 7}, recorded_by=Recorder.CAREGIVER, now=NOW)
    file = exports.export_file(source, "csv", tmp_path / "a.csv", None, NOW, LONDON)
    data = file.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark for spreadsheets
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["note"] == 'Line one\nline "two", Ελένη'
    assert rows[0]["recorded_at"] == "2026-03-20T09:00:00+00:00"
    assert rows[1]["recorded_by"] == "caregiver" and rows[1]["pain"] == ""
    assert list(rows[0])[:9] == [
        "id",
        "recorded_at",
        "recorded_by",
        "activity",
        "temperature_c",
        "weight_kg",
        "pain",
        "nausea",
        "fatigue",
    ]
    target = make(tmp_path, "b")
    import_file(target, ctx, file)

    def content(journal):  # CSV carries no creation time
        return [
            replace(c, stamps=replace(c.stamps, created_at=NOW)) for c in snapshot(journal).checkins
        ]

    assert content(target) == content(source)
    assert not import_file(target, ctx, file).changed()


def test_a_bad_csv_row_names_its_line_and_field():
    data = (
        b"recorded_at,recorded_by,pain,note\r\n"
        b"2026-03-01T09:00:00+00:00,patient,3,fine\r\n"
        b'2026-03-02T09:00:00+00:00,patient,4,"two\r\nlines"\r\n'
        b"2026-03-03T09:00:00+00:00,patient,12,oops\r\n"
    )
    with pytest.raises(InvalidInput) as error:
        csv_file.loads(data, NOW)
    assert str(error.value).startswith("line 5, pain: '12' is not allowed")


def test_csv_rows_without_ids_import_once(tmp_path, ctx):
    file = tmp_path / "mine.csv"
    file.write_text("recorded_at,recorded_by,pain\n2026-03-01T09:00:00+01:00,patient,3\n")
    target = make(tmp_path, "b")
    assert import_file(target, ctx, file).of("check-ins").added == 1
    assert import_file(target, ctx, file).of("check-ins").added == 0


# ----- FHIR -----


def test_fhir_bundle_validates_and_codes_pain_with_loinc(tmp_path, ctx):
    from fhir.resources.bundle import Bundle

    source = make(tmp_path, "a")
    with source.write() as s:
        profile.save(s, Profile(name="Zoë Παπαδοπούλου"), ctx)
        checkins.record(s, {"pain": 6, "anxiety": 2}, recorded_at=NOW - timedelta(hours=1), now=NOW)
        checkins.record(s, {"pain": 4}, recorded_by=Recorder.CAREGIVER, now=NOW)
    file = exports.export_file(source, "fhir", tmp_path / "a.json", None, NOW, LONDON)
    raw = json.loads(file.read_text())
    Bundle.parse_obj(raw)  # raises on anything that is not valid FHIR R4
    kinds = [e["resource"]["resourceType"] for e in raw["entry"]]
    assert kinds.count("Observation") == 3 and "RelatedPerson" in kinds
    pain = [
        e["resource"]
        for e in raw["entry"]
        if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "72514-3"
    ]
    assert {p["valueInteger"] for p in pain} == {6, 4}
    assert all(p["category"][0]["coding"][0]["code"] == "survey" for p in pain)
    assert all(p["effectiveDateTime"].endswith("+00:00") for p in pain)
    performers = {p["performer"][0]["reference"] for p in pain}
    related = next(
        e["fullUrl"] for e in raw["entry"] if e["resource"]["resourceType"] == "RelatedPerson"
    )
    assert related in performers and len(performers) == 2


# ----- hostile and generated input -----

scores = st.dictionaries(
    st.sampled_from(["pain", "nausea", "fatigue", "anxiety", "sleep"]),
    st.integers(0, 10),
    min_size=1,
)
# The rules refuse NUL and lone surrogates in notes, whichever door they come through.
notes = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=40)
entries = st.lists(
    st.tuples(scores, st.integers(1, 60 * 24 * 90), notes, st.booleans()),
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries)
def test_generated_journals_round_trip(tmp_path_factory, ctx, generated):
    folder = tmp_path_factory.mktemp("gen")
    source = make(folder, "a")
    with source.write() as s:
        for values, minutes, note, by_caregiver in generated:
            checkins.record(
                s,
                values,
                recorded_at=NOW - timedelta(minutes=minutes),
                note=note,
                recorded_by=Recorder.CAREGIVER if by_caregiver else Recorder.PATIENT,
                now=NOW,
            )
        questions.add(s, "Anything to add?", ctx)
    target = make(folder, "b")
    import_file(target, ctx, export_json(source, folder / "a.json"))
    assert snapshot(target) == snapshot(source)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 20) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@pytest.fixture(scope="module")
def valid_document(tmp_path_factory):
    folder = tmp_path_factory.mktemp("valid")
    journal = make(folder, "a", days=4)
    return json.loads(export_json(journal, folder / "a.json").read_text())


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_malformed_files_give_clear_errors_and_never_anything_else(valid_document, data):
    document = json.loads(json.dumps(valid_document))
    kind = data.draw(st.sampled_from(["checkins", "treatment_lines", "questions", "tests"]))
    record = data.draw(st.sampled_from(document[kind]))
    field = data.draw(st.sampled_from(sorted(record)))
    record[field] = data.draw(json_values)
    raw = json.dumps(document).encode()
    cut = data.draw(st.integers(0, len(raw)))
    if data.draw(st.booleans()):
        raw = raw[:cut]
    try:
        json_file.loads(raw)
    except InvalidInput as error:
        assert str(error)  # a message that names where and what is allowed
