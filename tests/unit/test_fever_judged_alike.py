"""A temperature is judged at the fever line the same way by the flag, the PDF and History:
as the person sees it, to a tenth of a degree in the profile's unit."""

from datetime import UTC, datetime, timedelta

from pypdf import PdfReader

from carecompanion.cli import main
from carecompanion.domain.flags import is_fever
from carecompanion.domain.records import TemperatureUnit


def run(data, *argv):
    return main([argv[0], "--data-dir", str(data.root), *argv[1:]])


def test_a_reading_shown_as_the_threshold_is_a_fever_in_either_unit():
    assert is_fever(37.96, 38.0, TemperatureUnit.CELSIUS)  # shows 38.0 °C
    assert not is_fever(37.94, 38.0, TemperatureUnit.CELSIUS)  # shows 37.9 °C
    assert is_fever(38.28, 38.3, TemperatureUnit.FAHRENHEIT)  # both show 100.9 °F


def test_the_pdf_says_still_current_when_log_said_call_now(data, tmp_path, capsys):
    earlier = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="minutes")
    assert run(data, "log", "--temperature", "37.96", "--at", earlier) == 0
    assert run(data, "log", "--temperature", "37.95") == 0
    out = capsys.readouterr().out
    assert "Call now" in out
    target = tmp_path / "summary.pdf"
    assert run(data, "export", "pdf", "-o", str(target)) == 0
    page = " ".join(PdfReader(target).pages[0].extract_text().split())
    assert "yes: 38.0 °C" in page
    assert "below 38.0" not in page and "fever (≥ 38.0)" in page
