"""History shows temperature and weight in the profile's units, and editing keeps them."""

from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import Qt

from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.domain.records import CheckIn, Recorder, TemperatureUnit, WeightUnit
from carecompanion.services import checkins, profile
from carecompanion.ui.dialogs.checkin_edit import CheckInDialog

FAHRENHEIT = (TemperatureUnit.FAHRENHEIT, WeightUnit.LB)


def saved_with_vitals(store):
    store.run(check_in, CheckInEntry({"pain": 2}, temperature_c=38.3, weight_kg=61.23))
    return store.read(checkins.latest)[0]


def test_the_table_shows_vital_signs_in_the_profiles_units(window, store, qtbot):
    with store.journal.write() as session:
        current = profile.get(session)
        profile.save(
            session,
            replace(current, temperature_unit=TemperatureUnit.FAHRENHEIT),
            store.context(),
        )
    saved_with_vitals(store)
    page = window.history
    page.reload()
    qtbot.waitUntil(page.chart_is_current)
    model = page.model
    assert model.headerData(model.vitals_column, Qt.Orientation.Horizontal) == "Temp., weight"
    shown = model.index(0, model.vitals_column).data()
    assert shown == "100.9 °F fever · 61.2 kg"  # 38.3 °C is over the default 38.0 °C


def test_an_edit_that_leaves_the_fields_alone_keeps_the_stored_values_exactly(qtbot, ctx):
    entry = CheckIn(
        checkins.uuid.uuid4(),
        ctx.now() - timedelta(hours=1),
        Recorder.PATIENT,
        {"pain": 3},
        temperature_c=38.27,
        weight_kg=61.23,
    )
    dialog = CheckInDialog(entry, [], None, ctx, FAHRENHEIT)
    qtbot.addWidget(dialog)
    assert dialog.temperature.text() == "100.9" and dialog.weight.text() == "135.0"
    values = dialog.values()
    assert (values.temperature_c, values.weight_kg) == (38.27, 61.23)
    dialog.temperature.setText("102.2")
    dialog.weight.clear()
    values = dialog.values()
    assert round(values.temperature_c, 2) == 39.0 and values.weight_kg is None


def test_a_temperature_out_of_range_is_named_in_the_edit_dialog(qtbot, ctx):
    entry = CheckIn(
        checkins.uuid.uuid4(), ctx.now() - timedelta(hours=1), Recorder.PATIENT, {"pain": 3}
    )
    dialog = CheckInDialog(entry, [], None, ctx)
    qtbot.addWidget(dialog)
    dialog.temperature.setText("46")
    dialog._check_and_accept()
    assert dialog.error.text().startswith("temperature: '46' is not allowed; a temperature from")
    assert dialog.result() == 0


def test_editing_a_score_in_history_keeps_the_temperature(window, store, monkeypatch, qtbot):
    entry = saved_with_vitals(store)
    page = window.history
    page.reload()
    qtbot.waitUntil(page.chart_is_current)
    page.table.selectRow(0)

    def edit_pain_only(cls, shown, offered, parent, ctx, units):
        dialog = cls(shown, offered, parent, ctx, units)
        dialog.inputs["pain"].set_value(5)
        return dialog.values()

    monkeypatch.setattr(CheckInDialog, "ask", classmethod(edit_pain_only))
    page.edit_selected()
    after = store.read(lambda s: checkins.get(s, entry.id))
    assert after.scores["pain"] == 5
    assert (after.temperature_c, after.weight_kg) == (38.3, 61.23)
