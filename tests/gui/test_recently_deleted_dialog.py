"""Recently deleted in the window: 30 days of deletions, each with Restore (undoable)."""

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest

from carecompanion.actions.checkins import CheckInEntry, check_in, delete_checkin
from carecompanion.actions.medications import add_medication, delete_medication
from carecompanion.domain.records import Medication
from carecompanion.services import checkins, medications
from carecompanion.ui.dialogs import recently_deleted

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def noon(store):
    zone = store.context().zone
    return datetime.combine(datetime.now(zone).date(), time(12), tzinfo=zone)


def set_clock(store, moment):
    store.clock = lambda: moment.astimezone(UTC)
    store._context = None


def deleted_on(store, noon, days_ago, pain):
    """A check-in and a medicine made 50 days ago and deleted `days_ago` days ago."""
    set_clock(store, noon - timedelta(days=50))
    saved = store.run(check_in, CheckInEntry({"pain": pain})).value.checkin
    medicine = Medication(uuid.uuid4(), f"Medicine {pain}", date.today() - timedelta(days=60))
    store.run(add_medication, medicine)
    set_clock(store, noon - timedelta(days=days_ago))
    store.run(delete_checkin, saved.id)
    store.run(delete_medication, medicine.id)
    set_clock(store, noon)
    return saved, medicine


def test_lists_what_was_deleted_10_days_ago_not_40_and_restores_it(noon, window, store):
    recent, _recent_medicine = deleted_on(store, noon, 10, pain=6)
    _old, _old_medicine = deleted_on(store, noon, 40, pain=2)

    dialog = recently_deleted.show(window)

    rows = [
        [dialog.table.item(r, c).text() for c in range(4)] for r in range(dialog.table.rowCount())
    ]
    assert sorted(row[0] for row in rows) == ["Check-in", "Medicine"]
    checkin_row = next(row for row in rows if row[0] == "Check-in")
    assert checkin_row[1] == "Pain 6"
    made = noon - timedelta(days=50)
    assert checkin_row[2] == f"{made:%a %d %b %Y, %H:%M}"
    assert checkin_row[3] == f"{noon - timedelta(days=10):%a %d %b %Y, %H:%M}"
    assert next(row for row in rows if row[0] == "Medicine")[1] == "Medicine 6"

    dialog.table.selectRow(rows.index(checkin_row))
    dialog.restore_selected()

    assert store.read(lambda s: checkins.get(s, recent.id)).scores == {"pain": 6}
    assert "Restored: check-in" in dialog.message.text()
    assert dialog.table.rowCount() == 1
    dialog.table.selectRow(0)
    dialog.restore_selected()
    names = [m.name for m in store.read(medications.all_medications)]
    assert "Medicine 6" in names and "Medicine 2" not in names
    assert dialog.table.isHidden() and not dialog.empty.isHidden()
    window.undo_stack.undo()  # the medicine's restore is undone: deleted again
    names = [m.name for m in store.read(medications.all_medications)]
    assert "Medicine 6" not in names
    dialog.close()


def test_nothing_deleted_says_so(window):
    dialog = recently_deleted.show(window)
    assert dialog.empty.text() == "Nothing was deleted in the last 30 days."
    assert not dialog.restore_button.isEnabled()
    dialog.close()
