"""An unsaved check-in survives the window closing: note, scores, temperature and weight."""

from carecompanion.ui import drafts


def test_what_was_typed_comes_back_in_the_next_window(make_window, store):
    first = make_window()
    today = first.today
    today.note.setPlainText("Hot and shivery since lunch")
    today.inputs["pain"].set_value(4)
    today.temperature.setText("100.8F")
    today.weight.setText("61.5")
    today.save_draft()
    first.close()

    again = make_window().today
    assert again.note.toPlainText() == "Hot and shivery since lunch"
    assert again.inputs["pain"].value() == 4
    assert (again.temperature.text(), again.weight.text()) == ("100.8F", "61.5")


def test_a_draft_holding_only_a_temperature_is_kept(store):
    drafts.save(store.paths, drafts.Draft(temperature="38.4"))
    assert drafts.load(store.paths).temperature == "38.4"


def test_a_damaged_draft_file_gives_an_empty_form_not_a_crash(store):
    path = store.paths.root / "draft.json"
    path.write_text('{"note": 5, "scores": {"pain": 99}, "temperature": ["x"]}')
    assert drafts.load(store.paths).is_empty()
    path.write_bytes(b"\xff\xfe not json")
    assert drafts.load(store.paths).is_empty()
