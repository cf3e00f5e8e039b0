"""Rows a hot path reads on every message, kept in this process for a few seconds.

A webhook looks up the same hotline number and the same text overrides for every message of a surge;
read from the database each time, they cost more than storing the report. A ``ProcessCache`` keeps what
``load`` returned for ``ttl`` seconds. The owner forgets entries when it changes them in this process
(``forget_on_change``: at once, and again on commit, so that a reader in another thread cannot keep the
old rows); another process sees a change within ``ttl``. ``None`` is never kept (an unknown key anyone
can send would only grow the table), and past ``max_kept`` entries the table starts afresh.

What it holds is shared between threads: read it, never change it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from django.db import transaction

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ProcessCache(Generic[K, V]):
    def __init__(self, ttl: float, max_kept: int = 10_000) -> None:
        self.ttl = ttl
        self.max_kept = max_kept
        self._rows: dict[K, tuple[float, V]] = {}
        self._lock = threading.Lock()

    def get(self, key: K, load: Callable[[], V | None]) -> V | None:
        now = time.monotonic()
        hit = self._rows.get(key)
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        value = load()
        if value is not None:
            with self._lock:
                if len(self._rows) >= self.max_kept:
                    self._rows.clear()
                self._rows[key] = (now, value)
        return value

    def forget(self, key: K | None = None) -> None:
        with self._lock:
            if key is None:
                self._rows.clear()
            else:
                self._rows.pop(key, None)

    def forget_on_change(self, key: K | None = None) -> None:
        """A row behind the cache was saved or deleted: forget now, and again once that commits."""
        self.forget(key)
        transaction.on_commit(lambda: self.forget(key))


