"""The queue's real storage round-trips a task: SQLite by default, Redis when REDIS_URL is set."""

from __future__ import annotations

import uuid

from django.conf import settings
from huey import RedisHuey

from amparo.core.queue import SqliteQueueHuey


def _roundtrip(huey) -> None:  # type: ignore[no-untyped-def]
    @huey.task()
    def add(a: int, b: int) -> int:
        return a + b

    result = add(2, 3)
    task = huey.dequeue()
    assert task is not None
    huey.execute(task)
    assert result.get() == 5


def test_the_configured_storage_round_trips_a_task(tmp_path):
    if settings.REDIS_URL:
        assert settings.HUEY["huey_class"] == "huey.RedisHuey"
        huey = RedisHuey(f"amparo-test-{uuid.uuid4().hex}", url=settings.REDIS_URL)
    else:
        assert settings.HUEY["huey_class"] == "amparo.core.queue.SqliteQueueHuey"
        huey = SqliteQueueHuey("amparo-test", filename=str(tmp_path / "huey.sqlite3"))
        # The queue commits without an fsync (amparo/core/queue.py): 1 is NORMAL, 2 FULL.
        assert huey.storage.conn.execute("pragma synchronous").fetchone()[0] == 1
    try:
        _roundtrip(huey)
    finally:
        huey.storage.flush_all()
