"""Connections to a journal file, with the pragmas that make "saved" mean on disk: the
SQLAlchemy engine that writes and most reads go through, and the plain connections
(`connect_journal`) of the reads the first painted window needs (`Journal.rows`).

WAL lets the window read while a terminal writes; `synchronous=FULL` syncs every commit; writes
begin with BEGIN IMMEDIATE so that two writers queue on the busy timeout instead of failing
half-way through a transaction.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

from carecompanion.db import driver
from carecompanion.db.driver import sqlite

BUSY_TIMEOUT_SECONDS = 10.0


def connect_journal(path: Path, *, foreign_keys: bool = True) -> sqlite.Connection:
    """A new connection to the journal with the pragmas above, keyed when it is encrypted (the
    key is the first statement), in autocommit mode: transactions are begun explicitly. The pool
    hands a connection to one thread at a time; the window reads on workers."""
    connection = driver.connect(path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
    try:
        # Take transaction control from the driver, so pragmas run outside any transaction.
        connection.isolation_level = None
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        if sys.platform == "darwin":
            connection.execute("PRAGMA fullfsync=ON")
            connection.execute("PRAGMA checkpoint_fullfsync=ON")
        connection.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        connection.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
    except BaseException:
        connection.close()
        raise
    return connection


def make_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        module=sqlite,
        creator=lambda: connect_journal(path, foreign_keys=foreign_keys),
        hide_parameters=True,  # error messages must never carry health data
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine
