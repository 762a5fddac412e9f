"""`med add|list|stop` and `dose` as a person uses them: counts from the label, clear refusals."""

from datetime import UTC, datetime, timedelta

import pytest

from carecompanion.cli import main


def run(data, *argv):
    try:
        return main([*argv[:1], "--data-dir", str(data.root), *argv[1:]])
    except SystemExit as stopped:
        return stopped.code


def add_oxycodone(data, *since):
    assert (
        run(
            data,
            "med",
            "add",
            "Oxycodone 5 mg",
            "--as-needed",
            "--for",
            "pain",
            "--min-hours",
            "4",
            "--max-per-day",
            "6",
            *since,
        )
        == 0
    )


def test_two_doses_print_the_count_and_when_the_label_allows_the_next(data, capsys):
    add_oxycodone(data)
    assert run(data, "dose", "Oxycodone 5 mg") == 0
    assert run(data, "dose", "oxycodone 5 MG") == 0
    out = capsys.readouterr().out
    assert "Oxycodone 5 mg: 1 of 6 in the last 24 hours · next from" in out
    assert "Oxycodone 5 mg: 2 of 6 in the last 24 hours · next from" in out
    assert "It is recorded as taken. It came sooner than the label allows" in out


def test_a_dose_earlier_today_is_counted_from_when_it_was_taken(data, capsys):
    # Started days ago: five hours back may be yesterday in the computer's zone (Kiritimati's
    # midnight is 10:00 UTC), and doses are taken from the day a medicine started.
    add_oxycodone(data, "--from", (datetime.now(UTC) - timedelta(days=2)).date().isoformat())
    five_hours_ago = (datetime.now(UTC) - timedelta(hours=5)).isoformat(timespec="minutes")
    assert run(data, "dose", "Oxycodone 5 mg", "--at", five_hours_ago, "--by", "caregiver") == 0
    out = capsys.readouterr().out
    assert "1 of 6 in the last 24 hours." in out and "sooner" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("dose", "Morphine"), "medication: 'Morphine' is not allowed; one of the ongoing"),
        (("med", "add", "X", "--min-hours", "0"), "min-hours: 0.0 is not allowed; more than 0"),
        (("med", "add", "X", "--min-hours", "73"), "at most 72 hours between doses"),
        (("med", "add", "X", "--max-per-day", "0"), "max-per-day: 0 is not allowed"),
        (("med", "add", "X", "--max-per-day", "25"), "a whole number of doses from 1 to 24"),
        (("med", "add", "X", "--min-hours", "four"), "'four' is not allowed; a number of hours"),
        (("dose", "Oxycodone 5 mg", "--at", "2099-01-01T10:00"), "cannot be in the future"),
        (("med", "stop", "Aspirin"), "one of the ongoing medications: 'Oxycodone 5 mg'"),
    ],
)
def test_bad_input_is_exit_2_naming_the_field_value_and_what_is_allowed(
    data, capsys, argv, message
):
    add_oxycodone(data)
    capsys.readouterr()
    assert run(data, *argv) == 2
    assert message in capsys.readouterr().err


def test_list_shows_each_medication_with_its_label_and_stop_ends_it(data, capsys):
    add_oxycodone(data)
    week_ago = (datetime.now(UTC) - timedelta(days=7)).date().isoformat()
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    added = ("med", "add", "Ondansetron 4 mg", "--as-needed", "--for", "Nausea")
    assert run(data, *added, "--from", week_ago) == 0
    assert run(data, "med", "stop", "Ondansetron 4 mg", "--on", yesterday) == 0
    capsys.readouterr()
    assert run(data, "med", "list") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Oxycodone 5 mg: as needed for pain, at least 4 h apart")
    assert out[0].endswith("0 of 6 in the last 24 hours")
    assert out[1].startswith("Ondansetron 4 mg: as needed for nausea;") and " to " in out[1]
    assert run(data, "dose", "Ondansetron 4 mg") == 2  # stopped yesterday: not today
    assert f"a day Ondansetron 4 mg was taken: {week_ago} to {yesterday}" in capsys.readouterr().err
    three_days_ago = (datetime.now(UTC) - timedelta(days=3)).isoformat(timespec="minutes")
    assert run(data, "dose", "Ondansetron 4 mg", "--at", three_days_ago) == 0  # while taken
    assert run(data, "med", "stop", "Ondansetron 4 mg") == 2
    assert f"it was stopped on {yesterday}" in capsys.readouterr().err


def test_a_csv_export_says_where_the_doses_went(data, tmp_path, capsys):
    add_oxycodone(data)
    assert run(data, "dose", "Oxycodone 5 mg") == 0
    capsys.readouterr()
    target = tmp_path / "out" / "journal.csv"
    target.parent.mkdir()
    assert run(data, "export", "csv", "-o", str(target)) == 0
    out = capsys.readouterr().out
    assert f"Wrote {target.parent / 'journal-doses.csv'} (the doses)" in out


def test_a_dose_before_the_medication_started_is_refused_with_its_days(data, capsys):
    add_oxycodone(data)  # started today
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="minutes")
    capsys.readouterr()
    assert run(data, "dose", "Oxycodone 5 mg", "--at", yesterday) == 2
    assert "a day Oxycodone 5 mg was taken: from " in capsys.readouterr().err


def test_stopping_before_a_recorded_dose_is_refused(data, capsys):
    week_ago = (datetime.now(UTC) - timedelta(days=7)).date().isoformat()
    assert run(data, "med", "add", "Senna", "--from", week_ago) == 0
    assert run(data, "dose", "Senna") == 0
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    capsys.readouterr()
    assert run(data, "med", "stop", "Senna", "--on", yesterday) == 2
    assert "stop date" in (err := capsys.readouterr().err) and "last recorded dose" in err


def test_for_names_a_symptom_by_its_key_whatever_the_case(data, capsys):
    assert run(data, "med", "add", "Oramorph", "--as-needed", "--for", "PAIN") == 0
    assert "as needed for pain" in capsys.readouterr().out
