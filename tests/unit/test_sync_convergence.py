"""Two and three computers keep one journal in step through a folder, whatever happens to it.

Each computer has its own copy of the sync folder, as with Syncthing or Dropbox; a "delivery"
copies one change file from one computer's copy to another's, in any order, more than once,
or only its first half (a sync tool still writing it; the whole file comes later). Computers
check in, edit, delete and undelete through the window's own actions, exchange at random, and
one of them may have a clock a year ahead. After everything is delivered and every computer
has exchanged, all journals hold the same records (their JSON exports are equal) and, for
every record, the newest save confirmed on any computer is the one they hold.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carecompanion import paths
from carecompanion.actions.checkins import (
    CheckInEntry,
    check_in,
    delete_checkin,
    edit_checkin,
    undelete_checkin,
)
from carecompanion.actions.sync import exchange
from carecompanion.db.journal import Journal, open_journal
from carecompanion.db.models import CheckInRow
from carecompanion.domain.context import Context
from carecompanion.export import json_file
from carecompanion.services import transfer

START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
A_YEAR = timedelta(days=365)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """One journal made once; every computer starts from a copy (the same journal)."""
    data = paths.resolve(tmp_path_factory.mktemp("template") / "data")
    open_journal(data, now=START).close()
    return data.journal


@dataclass
class Computer:
    index: int
    journal: Journal
    folder: Path  # its own copy of the sync folder
    ahead: bool = False
    device: str = ""

    def __post_init__(self) -> None:
        self.device = f"{self.index + 1:032x}"


@dataclass
class World:
    computers: list[Computer]
    tick: int = 0
    saves: dict[object, list[tuple[datetime, tuple[object, ...]]]] = field(default_factory=dict)

    def clock(self, computer: Computer):  # type: ignore[no-untyped-def]
        """Every moment distinct: one second a step, the computer's number in microseconds."""
        moment = START + timedelta(seconds=self.tick, microseconds=computer.index)
        return moment + (A_YEAR if computer.ahead else timedelta(0))

    def ctx(self, computer: Computer) -> Context:
        self.tick += 1
        moment = self.clock(computer)
        return Context(zone=LONDON, clock=lambda: moment)

    def confirm(self, computer: Computer, checkin_id: object) -> None:
        """Remember a save the action confirmed, as the journal now holds it."""
        with computer.journal.read() as s:
            row = s.get(CheckInRow, checkin_id)
            assert row is not None
            self.saves.setdefault(checkin_id, []).append((row.updated_at, state(row)))


def state(row: CheckInRow) -> tuple[object, ...]:
    scores = tuple(sorted((s.symptom, s.value) for s in row.scores))
    return (row.note, scores, row.deleted_at is not None, row.updated_at)


def ids(computer: Computer) -> list[object]:
    with computer.journal.read() as s:
        return sorted(s.scalars(CheckInRow.__table__.select().with_only_columns(CheckInRow.id)))


def exported(computer: Computer) -> bytes:
    with computer.journal.read() as s:
        doc = transfer.dump(s, START)
    return json_file.dumps(replace(doc, exported_at=START))


def all_files(computer: Computer) -> list[Path]:
    return sorted(computer.folder.rglob("*.ccsync"))


def deliver(world: World, source: int, target: int, pick: int, how: str) -> None:
    """Copy one change file from one computer's folder to another's: whole, again, half of
    it, or as a sync tool's conflict copy."""
    sender, receiver = world.computers[source], world.computers[target]
    files = all_files(sender)
    if not files or sender is receiver:
        return
    file = files[pick % len(files)]
    place = receiver.folder / file.relative_to(sender.folder)
    if place.parent.name == receiver.device:
        return  # its own files come from itself
    place.parent.mkdir(parents=True, exist_ok=True)
    data = file.read_bytes()
    if how == "half":
        if not place.exists():
            place.write_bytes(data[: len(data) // 2])
    elif how == "conflict":
        place.with_name(place.stem + ".sync-conflict-20260301-080000-ABCDEFG.ccsync").write_bytes(
            data[::-1]
        )
        (place.parent / f"{place.stem} (1).ccsync").write_bytes(data)
    else:
        place.write_bytes(data)


steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 2), st.integers(0, 10)),
        st.tuples(st.just("edit"), st.integers(0, 2), st.integers(0, 50), st.integers(0, 10)),
        st.tuples(st.just("delete"), st.integers(0, 2), st.integers(0, 50)),
        st.tuples(st.just("undelete"), st.integers(0, 2), st.integers(0, 50)),
        st.tuples(st.just("sync"), st.integers(0, 2)),
        st.tuples(
            st.just("deliver"),
            st.integers(0, 2),
            st.integers(0, 2),
            st.integers(0, 50),
            st.sampled_from(["whole", "whole", "half", "conflict"]),
        ),
        st.tuples(st.just("clock"), st.integers(0, 2)),
    ),
    max_size=30,
)


def run(world: World, step: tuple) -> None:  # type: ignore[type-arg]
    kind, who = step[0], world.computers[step[1] % len(world.computers)]
    if kind == "add":
        saved = check_in(who.journal, world.ctx(who), CheckInEntry({"pain": step[2]}, "added"))
        world.confirm(who, saved.value.checkin.id)
        return
    if kind == "sync":
        exchange(who.journal, world.ctx(who), who.folder, who.device)
        return
    if kind == "deliver":
        deliver(world, step[1] % len(world.computers), step[2] % len(world.computers), *step[3:])
        return
    if kind == "clock":
        who.ahead = not who.ahead and who.index == len(world.computers) - 1
        return
    known = ids(who)
    if not known:
        return
    target = known[step[2] % len(known)]
    with who.journal.read() as s:
        replaced = s.get(CheckInRow, target)
        deleted, replaced_stamp = replaced.deleted_at is not None, replaced.updated_at
    if kind == "edit" and not deleted:
        ctx = world.ctx(who)  # the time is corrected too: one from an ahead clock is refused
        entry = CheckInEntry({"nausea": step[3]}, f"edited on {who.index}", recorded_at=ctx.now())
        edit_checkin(who.journal, ctx, target, entry)
    elif kind == "delete" and not deleted:
        delete_checkin(who.journal, world.ctx(who), target)
    elif kind == "undelete" and deleted:
        undelete_checkin(who.journal, world.ctx(who), target)
    else:
        return
    world.confirm(who, target)
    # An edit made after a version always beats it, whatever the clocks said.
    assert world.saves[target][-1][0] > replaced_stamp


def settle(world: World) -> None:
    """Every file delivered everywhere, whole; every computer exchanges; twice over."""
    for _round in range(2):
        for computer in world.computers:
            exchange(computer.journal, world.ctx(computer), computer.folder, computer.device)
        for sender in world.computers:
            for receiver in world.computers:
                for pick in range(len(all_files(sender))):
                    deliver(world, sender.index, receiver.index, pick, "whole")
    for computer in world.computers:
        exchange(computer.journal, world.ctx(computer), computer.folder, computer.device)


def computers(template: Path, count: int) -> Iterator[World]:
    with tempfile.TemporaryDirectory() as temporary:
        made = []
        for index in range(count):
            data = paths.resolve(Path(temporary) / f"computer-{index}").ensure()
            shutil.copyfile(template, data.journal)
            journal = open_journal(data, now=START, automatic_backup=False)
            folder = Path(temporary) / f"folder-{index}"
            folder.mkdir()
            made.append(Computer(index, journal, folder))
        try:
            yield World(made)
        finally:
            for computer in made:
                computer.journal.close()


def check_converged(world: World) -> None:
    exports = {exported(c) for c in world.computers}
    assert len(exports) == 1, "the journals differ after every file was delivered"
    for computer in world.computers:
        with computer.journal.read() as s:
            for checkin_id, saves in world.saves.items():
                row = s.get(CheckInRow, checkin_id)
                assert row is not None, "a confirmed check-in is missing"
                newest = max(saves, key=lambda save: save[0])
                assert state(row) == newest[1], "the newest confirmed save is not the one held"


@pytest.mark.parametrize("count", [2, 3])
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_computers_converge_and_keep_every_newest_save(template, count, steps):
    for world in computers(template, count):
        for step in steps:
            run(world, step)
        settle(world)
        check_converged(world)


@pytest.mark.slow
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_three_computers_converge_over_many_histories(template, steps):
    for world in computers(template, 3):
        for step in steps:
            run(world, step)
        settle(world)
        check_converged(world)


def test_a_clock_a_year_ahead_does_not_win_the_edit_made_after_it(template):
    for world in computers(template, 2):
        here, ahead = world.computers
        ahead.ahead = True
        saved = check_in(ahead.journal, world.ctx(ahead), CheckInEntry({"pain": 3}, "ahead"))
        checkin_id = saved.value.checkin.id
        settle(world)
        ctx = world.ctx(here)
        entry = CheckInEntry({"pain": 5}, "corrected here, later", recorded_at=ctx.now())
        edit_checkin(here.journal, ctx, checkin_id, entry)
        settle(world)
        for computer in world.computers:
            with computer.journal.read() as s:
                assert s.get(CheckInRow, checkin_id).note == "corrected here, later"
