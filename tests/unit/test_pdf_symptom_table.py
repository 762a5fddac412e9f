"""Page one's symptom table and care-team block, read back: values never break inside
themselves, the weight row gives its change with percent and since when, and a 24-hour
number says so once."""

from datetime import timedelta

from carecompanion.domain.records import Profile, WeightUnit
from carecompanion.export import pdf
from carecompanion.services import checkins, profile
from tests.unit.test_pdf_page_one import NOW, build, read


def _first(journal):
    return read(pdf.render(build(journal)))[1][0]


def _table(first):
    return first[first.index("How each symptom") : first.index("Scores 0–10")]


def test_vital_values_and_the_fever_band_stay_on_one_line(journal, ctx):
    with journal.write() as s:
        profile.save(s, Profile(time_zone="Europe/London", weight_unit=WeightUnit.LB), ctx)
        for day, temp, kg in ((20, 36.8, 70.0), (10, 37.0, 68.0), (1, 38.3, 63.5)):
            checkins.record(
                s,
                {"pain": 2},
                recorded_at=NOW - timedelta(days=day),
                now=NOW,
                temperature_c=temp,
                weight_kg=kg,
            )
    table = _table(_first(journal))
    assert "Temperature (°C)\n–\n37.0\n38.3 (19 Mar)\n38.3 highest\nfever (≥ 38.0)\n" in table
    assert "Weight (lb)\n–\n149.9\n140.0 (19 Mar)\n140.0 lowest\n" in table


def test_weight_row_gives_its_change_with_percent_and_since_when(journal, ctx):
    with journal.write() as s:
        for day, kg in ((25, 70.7), (12, 68.0), (2, 65.4)):
            checkins.record(
                s, {"pain": 2}, recorded_at=NOW - timedelta(days=day), now=NOW, weight_kg=kg
            )
    first = _first(journal)
    table = _table(first)
    assert "Band or change" in table and "Band (latest)" not in table
    change = " ".join(table[table.index("Weight (kg)") :].split())
    assert change.startswith("Weight (kg) – 68.0 65.4 (18 Mar) 65.4 lowest −5.3 kg (−7.5 %)")
    assert "since 23 Feb" in change
    assert "Weight: change from the period's first weight." in " ".join(first.split())


def test_a_24_hour_contact_says_so_once_and_keeps_its_number_whole(journal, ctx):
    contacts = (
        profile.new_contact(
            "Oncology nurse line", "24-hour advice", "020 7946 0123", around_the_clock=True
        ),
        profile.new_contact("Hospice at home", "Nurse", "01632 960001", around_the_clock=True),
        profile.new_contact("Dr Priya Shah", "Oncologist", "020 7946 0456"),
    )
    with journal.write() as s:
        profile.save(s, Profile(time_zone="Europe/London", contacts=contacts), ctx)
        checkins.record(s, {"pain": 2}, recorded_at=NOW - timedelta(days=1), now=NOW)
    first = _first(journal)
    team = first[first.index("Care team") :]
    assert "Oncology nurse line, 24-hour advice\n020 7946 0123\n" in team
    assert "Hospice at home, Nurse, 24 hours\n01632 960001\n" in team
    assert "Dr Priya Shah, Oncologist\n020 7946 0456\n" in team
    assert team.count("24") == 2  # once for each 24-hour contact
