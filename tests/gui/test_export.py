"""The Export page: preview, background writing, remembered choices."""

from datetime import timedelta

from pypdf import PdfReader

from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.services import checkins
from carecompanion.ui.pages import export as export_page
from carecompanion.ui.settings import AppSettings


def test_export_writes_the_pdf_in_the_background_and_offers_to_open_it(
    window, store, data, tmp_path, qtbot, monkeypatch
):
    now = store.context().now()
    entry = CheckInEntry({"pain": 8}, recorded_at=now - timedelta(hours=1))
    assert store.run(check_in, entry) is not None
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
    assert "8 of 10, severe" in PdfReader(target).pages[0].extract_text()
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


def test_save_a_json_file_then_import_it_into_another_journal(
    window, store, tmp_path, qtbot, monkeypatch, make_window
):
    from carecompanion.ui.pages import data_files

    assert store.run(check_in, CheckInEntry({"anxiety": 5}, note="Before the scan")) is not None
    box = window.export.data_files
    target = tmp_path / "journal.json"
    monkeypatch.setattr(data_files, "ask_save_path", lambda *a: target)
    box.kind.setCurrentIndex(box.kind.findData("json"))
    box.save()
    qtbot.waitUntil(lambda: box.status.text().startswith("Saved"), timeout=20000)
    assert target.exists()

    # The same file again into the same journal: nothing new, no question asked.
    monkeypatch.setattr(data_files, "ask_open_path", lambda *a: target)
    asked = []
    monkeypatch.setattr(data_files, "ask_confirm", lambda parent, text: asked.append(text) or True)
    box.import_file()
    qtbot.waitUntil(lambda: "nothing new" in box.status.text(), timeout=20000)
    assert asked == []


def test_importing_a_broken_file_says_why_and_changes_nothing(
    window, store, tmp_path, qtbot, monkeypatch
):
    from carecompanion.ui.pages import data_files

    broken = tmp_path / "broken.csv"
    broken.write_text("recorded_at,recorded_by,pain\n2026-03-01T09:00+00:00,nurse,3\n")
    monkeypatch.setattr(data_files, "ask_open_path", lambda *a: broken)
    box = window.export.data_files
    box.import_file()
    qtbot.waitUntil(lambda: box.status.text().startswith("Not imported"), timeout=20000)
    assert "line 2, recorded_by: 'nurse' is not allowed; patient or caregiver" in box.status.text()
    assert store.read(checkins.count) == 0


def test_import_asks_first_then_merges_and_refreshes(window, store, tmp_path, qtbot, monkeypatch):
    from carecompanion.ui.pages import data_files

    file = tmp_path / "theirs.csv"
    file.write_text(
        "recorded_at,recorded_by,pain,note\n"
        "2026-03-01T09:00:00+00:00,caregiver,6,From the other laptop\n"
    )
    monkeypatch.setattr(data_files, "ask_open_path", lambda *a: file)
    monkeypatch.setattr(data_files, "ask_confirm", lambda parent, text: "1 added" in text)
    box = window.export.data_files
    box.import_file()
    qtbot.waitUntil(lambda: box.status.text().startswith("Imported"), timeout=20000)
    assert store.read(checkins.count) == 1
    window.history.range.setCurrentIndex(window.history.range.findText("Everything"))
    qtbot.waitUntil(window.history.chart_is_current)
    assert window.history.model.total == 1
