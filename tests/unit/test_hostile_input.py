"""Hostile input: every parser gives a clear error or a result, never anything else."""

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carecompanion.cli import main
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.times import parse_moment
from carecompanion.export import csv_file
from carecompanion.reference.library import ReferenceError, parse_glossary, parse_guide

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
SAFE = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SAFE
@given(st.text(max_size=40))
def test_times_parse_or_are_refused_clearly(text):
    try:
        moment = parse_moment(text, NOW, UTC)
    except InvalidInput as error:
        assert str(error).startswith("--at: ")
    else:
        assert moment.tzinfo is not None and moment <= NOW


@SAFE
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_csv_files_parse_or_are_refused_clearly(data):
    try:
        records = csv_file.loads(data, NOW)
    except InvalidInput as error:
        assert str(error)
    else:
        assert all(r.recorded_at <= NOW and r.scores for r in records)


@SAFE
@given(st.text(max_size=400))
def test_guides_and_glossaries_parse_or_are_refused_clearly(text):
    for parse in (parse_guide, parse_glossary):
        try:
            parse(text)
        except ReferenceError as error:
            assert str(error)


TOKENS = st.sampled_from(
    [
        "--pain",
        "--nausea",
        "--fatigue",
        "--anxiety",
        "--score",
        "--note",
        "--by",
        "--at",
        "--from",
        "--to",
        "-o",
        "--dry-run",
        "--full-log",
        "pdf",
        "csv",
        "json",
        "fhir",
        "patient",
        "caregiver",
        "7",
        "11",
        "1_0",
        "-3",
        "pain=4",
        "=",
        "2026-02-30",
        "2026-03-01",
        "journal.db",
        "out.pdf",
        "",
        " ",
        "é",
        "\u0667",
    ]
)
COMMANDS = st.sampled_from(["log", "export", "import", "restore", "backup", "check"])


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(COMMANDS, st.lists(TOKENS | st.text(max_size=12), max_size=6))
def test_command_line_never_fails_with_a_bug(tmp_path_factory, monkeypatch, capsys, command, words):
    folder = tmp_path_factory.mktemp("cli")
    monkeypatch.chdir(folder)
    try:
        code = main(["--data-dir", str(folder / "data"), command, *words])
    except SystemExit as done:  # argparse: usage errors and --help
        code = done.code
    captured = capsys.readouterr()
    assert code in (0, 2, 3), (command, words, captured.err)
    assert "internal error" not in captured.err and "Traceback" not in captured.err
    if code == 2:
        assert captured.err.strip()  # says what was wrong


@pytest.mark.parametrize("argv", [["log"], ["export"], ["import"], ["restore"]])
def test_missing_arguments_are_named(argv, tmp_path, capsys):
    try:
        code = main(["--data-dir", str(tmp_path), *argv])
    except SystemExit as done:
        code = done.code
    err = capsys.readouterr().err
    assert code == 2
    assert "required" in err or "give at least one" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "~0"],
        ["restore", "~0"],
        ["--passphrase-file", "~nobody-here/secret", "encrypt"],
        ["encrypt", "--passphrase-file", "SECRET", "--recovery-key-out", "~nobody-here/k"],
    ],
)
def test_a_tilde_naming_nobody_is_refused_naming_the_field(argv, tmp_path, capsys):
    secret = tmp_path / "secret"
    secret.write_text("a long enough passphrase\n")
    argv = [str(secret) if word == "SECRET" else word for word in argv]
    code = main(["--data-dir", str(tmp_path / "data"), *argv])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "is not allowed" in err and "Traceback" not in err
