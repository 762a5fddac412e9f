"""The Export page: preview, background writing, remembered choices."""

from datetime import UTC, datetime, timedelta

from pypdf import PdfReader

from carecompanion.services import checkins
from carecompanion.ui.pages import export as export_page
from carecompanion.ui.settings import AppSettings


def test_export_writes_the_pdf_in_the_background_and_offers_to_open_it(
    window, store, data, tmp_path, qtbot, monkeypatch
):
    now = datetime.now(UTC)
    store.write(
        lambda s: checkins.record(s, {"pain": 8}, recorded_at=now - timedelta(hours=1)), "checkins"
    )
    page = window.export
    window.show_view("export")
    qtbot.waitUntil(lambda: "1 check-ins" in page.preview.text())
    assert "1 flagged symptom: Pain" in page.preview.text()
    target = tmp_path / "out.pdf"
    monkeypatch.setattr(export_page, "ask_save_path", lambda parent, suggested: target)
    page.full_log.setChecked(True)
    page.export()
    qtbot.waitUntil(lambda: page.open_button.isEnabled(), timeout=20000)
    assert page.status.text() == f"Saved {target} (2 pages)."
    assert "Pain is 8 of 10" in PdfReader(target).pages[0].extract_text()
    assert AppSettings(data).value("export/full_log") == "1"
    assert AppSettings(data).value("export/folder") == str(tmp_path)


def test_a_backwards_custom_period_is_refused_with_a_message(window, qtbot, monkeypatch):
    page = window.export
    page.preset.setCurrentIndex(page.preset.findData(0))
    page.start.setDate(page.end.date().addDays(3))
    called = []
    monkeypatch.setattr(export_page, "ask_save_path", lambda *a: called.append(a))
    page.export()
    assert "From:" in page.status.text() and "must be on or before" in page.status.text()
    assert called == []


def test_cancelling_the_save_dialog_writes_nothing(window, monkeypatch):
    monkeypatch.setattr(export_page, "ask_save_path", lambda *a: None)
    window.export.export()
    assert window.export.status.text() == ""
    assert not window.export.open_button.isEnabled()
