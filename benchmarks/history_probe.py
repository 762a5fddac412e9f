"""What History's long pauses are made of: runs `history.py` and, for every gap of the heartbeat
longer than `--gap` ms (30 by default), splits it into the window thread's processor time, its
wait for a processor and the rest (blocked: waiting for the interpreter or the disk), beside
each worker's processor time and wait, from /proc/self/task/<id>/schedstat (Linux), with the
garbage collections that ran in it. With `--stacks`, faulthandler's watchdog (which needs no
interpreter lock) also writes every thread's stack into history-stacks.txt at each such gap.

    uv run python benchmarks/history_probe.py [--gap 30] [--stacks] [--runs N]
"""

from __future__ import annotations

import argparse
import faulthandler
import gc
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import history

Times = dict[str, tuple[float, float]]  # thread: (processor ms, waiting for a processor ms)


def schedstat(native_id: int) -> tuple[int, int]:
    try:
        run, wait, _slices = Path(f"/proc/self/task/{native_id}/schedstat").read_text().split()
    except OSError:
        return 0, 0
    return int(run), int(wait)


def threads_now() -> dict[str, tuple[int, int]]:
    return {
        "window" if t is threading.main_thread() else t.name: schedstat(t.native_id or 0)
        for t in threading.enumerate()
        if t is threading.main_thread() or t.name.startswith("journal-read")
    }


class Probe:
    def __init__(self, gap_ms: float, stacks: Path | None) -> None:
        self.gap = gap_ms / 1000
        self.stacks = stacks.open("w") if stacks else None
        self.last = time.perf_counter()
        self.before = threads_now()
        self.gaps: list[tuple[float, Times, list[tuple[float, int, str]]]] = []
        self.collections: list[tuple[float, float, int, str]] = []
        self._started: dict[int, float] = {}
        gc.callbacks.append(self._collection)

    def _collection(self, phase: str, info: dict[str, Any]) -> None:
        me = threading.get_ident()
        if phase == "start":
            self._started[me] = time.perf_counter()
        elif me in self._started:
            began = self._started.pop(me)
            name = threading.current_thread().name
            self.collections.append((began, time.perf_counter(), info["generation"], name))

    def restart(self) -> None:
        self.last, self.before = time.perf_counter(), threads_now()

    def tick(self, active: bool) -> None:
        now, after = time.perf_counter(), threads_now()
        if active and now - self.last > self.gap:
            times = {
                name: (
                    (run - self.before.get(name, (0, 0))[0]) / 1e6,
                    (wait - self.before.get(name, (0, 0))[1]) / 1e6,
                )
                for name, (run, wait) in after.items()
            }
            ran = [
                ((end - begin) * 1000, generation, name)
                for begin, end, generation, name in self.collections
                if end > self.last and begin < now
            ]
            self.gaps.append(((now - self.last) * 1000, times, ran))
        self.last, self.before = now, after
        if self.stacks is not None:
            faulthandler.cancel_dump_traceback_later()
            if active:
                faulthandler.dump_traceback_later(self.gap, file=self.stacks)

    def report(self) -> None:
        if self.stacks is not None:
            faulthandler.cancel_dump_traceback_later()
        print(f"\n{len(self.gaps)} gaps over {self.gap * 1000:.0f} ms, longest first")
        print("gap ms: window's processor / wait for one / blocked | workers | collections")
        for gap, times, ran in sorted(self.gaps, key=lambda g: -g[0])[:25]:
            run, wait = times.get("window", (0.0, 0.0))
            workers = " ".join(
                f"{run_w:.0f}/{wait_w:.0f}"
                for name, (run_w, wait_w) in times.items()
                if name != "window" and (run_w or wait_w)
            )
            collected = " ".join(f"gen{g} {ms:.0f} ms ({name})" for ms, g, name in ran if ms >= 1)
            print(
                f"{gap:5.0f}: {run:5.1f} / {wait:5.1f} / {gap - run - wait:5.1f} | "
                f"{workers or '-'} | {collected or '-'}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gap", type=float, default=30.0, help="gaps longer than this, in ms")
    parser.add_argument("--stacks", action="store_true", help="write history-stacks.txt")
    known, _ = parser.parse_known_args()  # --runs is the benchmark's own
    probe = Probe(known.gap, Path("history-stacks.txt") if known.stacks else None)
    tick, start, stop = history.Heartbeat._tick, history.Heartbeat.start, history.Heartbeat.stop

    def probed_tick(beat: history.Heartbeat) -> None:
        tick(beat)
        probe.tick(beat.timer.isActive())

    def probed_start(beat: history.Heartbeat) -> None:
        probe.restart()
        start(beat)

    def probed_stop(beat: history.Heartbeat) -> int:
        probe.tick(active=False)
        return stop(beat)

    history.Heartbeat._tick = probed_tick
    history.Heartbeat.start = probed_start
    history.Heartbeat.stop = probed_stop
    try:
        history.main()
    except SystemExit:
        pass
    finally:
        probe.report()


if __name__ == "__main__":
    main()
