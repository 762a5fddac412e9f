"""The SQLAlchemy engine for a journal file, with the pragmas that make "saved" mean on disk.

WAL lets the window read while a terminal writes; `synchronous=FULL` syncs every commit; writes
begin with BEGIN IMMEDIATE so that two writers queue on the busy timeout instead of failing
half-way through a transaction.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

from carecompanion.db import driver
from carecompanion.db.driver import sqlite

BUSY_TIMEOUT_SECONDS = 10.0


def make_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    def connect() -> sqlite.Connection:
        # Keyed before SQLAlchemy sends its first statement, when the journal is encrypted.
        # The pool hands a connection to one thread at a time; the window reads on a worker.
        return driver.connect(path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)

    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        module=sqlite,
        creator=connect,
        hide_parameters=True,  # error messages must never carry health data
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite.Connection, _record: Any) -> None:
        # Take transaction control from the driver, so pragmas run outside any transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        if sys.platform == "darwin":
            cursor.execute("PRAGMA fullfsync=ON")
            cursor.execute("PRAGMA checkpoint_fullfsync=ON")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine
