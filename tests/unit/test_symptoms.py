"""The 0-10 scale: bands and strict parsing of what a person types."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.symptoms import Band, band_for, custom_symptom, parse_score

VALID = {str(n) for n in range(11)}


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, Band.NONE),
        (1, Band.MILD),
        (3, Band.MILD),
        (4, Band.MODERATE),
        (6, Band.MODERATE),
        (7, Band.SEVERE),
        (10, Band.SEVERE),
    ],
)
def test_bands_follow_the_esas_cut_points(score, band):
    assert band_for(score) is band


@pytest.mark.parametrize(
    "text", ["1_0", " 7 ", "\u0667", "07", "+5", "-1", "11", "", "5.0", "10\n"]
)
def test_lookalike_scores_are_refused_with_the_field_named(text):
    with pytest.raises(InvalidInput) as error:
        parse_score(text, field="Pain")
    assert str(error.value).startswith("Pain: ")
    assert "whole number from 0 to 10" in str(error.value)


@given(st.text(max_size=4))
def test_only_the_eleven_plain_spellings_parse(text):
    if text in VALID:
        assert parse_score(text) == int(text)
    else:
        with pytest.raises(InvalidInput):
            parse_score(text)


def test_custom_symptom_gets_a_stable_key_and_tidy_label():
    symptom = custom_symptom("  tingling   hands ")
    assert symptom.key == "custom_tingling_hands"
    assert symptom.label == "Tingling hands"
    with pytest.raises(InvalidInput, match="already in the list"):
        custom_symptom("pain")
    with pytest.raises(InvalidInput, match="symptom name"):
        custom_symptom("!!!")


def test_a_symptom_named_in_greek_or_cyrillic_gets_a_stable_key():
    from carecompanion.domain.symptoms import custom_symptom, is_valid_key

    greek = custom_symptom("Τσούξιμο στα χέρια")
    assert greek.label == "Τσούξιμο στα χέρια" and is_valid_key(greek.key)
    assert custom_symptom("τσούξιμο  στα χέρια").key == greek.key  # same name, same key
    assert custom_symptom("Покалывание").key != greek.key
    assert custom_symptom("tingling hands").key == "custom_tingling_hands"  # as before


def test_log_scores_a_symptom_named_in_cyrillic_by_its_name(data, now, capsys):
    from carecompanion.cli import main
    from carecompanion.db.journal import open_journal
    from carecompanion.services import symptoms

    with open_journal(data, now=now) as journal, journal.write() as session:
        symptoms.add_custom(session, "Покалывание", now)
    assert main(["log", "--data-dir", str(data.root), "--score", "покалывание=3"]) == 0
    assert "покалывание 3" in capsys.readouterr().out
