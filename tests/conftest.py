"""Shared fixtures: a private data folder per test, an open journal, a fixed clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from carecompanion import paths
from carecompanion.db import driver
from carecompanion.db.journal import Journal, open_journal
from carecompanion.domain.context import Context, fixed_clock

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_key_outlives_its_test() -> Iterator[None]:
    """Keys are held per process; a test's unlocked journal must not key the next test's files."""
    yield
    driver.lock_all()


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def ctx() -> Context:
    """The context unit tests act in: Europe/London, the clock stopped at NOW."""
    return Context(zone=ZoneInfo("Europe/London"), clock=fixed_clock(NOW))


@pytest.fixture
def data(tmp_path) -> paths.DataPaths:
    return paths.resolve(tmp_path / "data")


@pytest.fixture
def journal(data) -> Iterator[Journal]:
    opened = open_journal(data, now=NOW)
    yield opened
    opened.close()
