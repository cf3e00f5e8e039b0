"""The task queue's storage without Redis: Huey's SQLite storage, committing without an fsync.

The queue holds only hand-overs: "process this organization's pending reports". Each names rows that
are already committed to the main database (with its own durability, ``AMPARO_SQLITE_SYNCHRONOUS``),
and the minute sweep (``intake.tasks.sweep_pending_reports``) processes whatever a lost task named.
So the queue's commits may skip the fsync: in WAL mode ``synchronous=NORMAL`` keeps the file
consistent through a crash of the process or of the machine, and may lose only the last tasks to a
power loss. Huey itself offers FULL or OFF; OFF may corrupt the file on power loss, NORMAL never does.
"""

from __future__ import annotations

import sqlite3

from huey import SqliteHuey
from huey.storage import SqliteStorage


class SqliteQueueStorage(SqliteStorage):
    def _create_connection(self) -> sqlite3.Connection:
        conn = super()._create_connection()
        conn.execute("pragma synchronous=NORMAL")
        return conn


class SqliteQueueHuey(SqliteHuey):
    storage_class = SqliteQueueStorage
