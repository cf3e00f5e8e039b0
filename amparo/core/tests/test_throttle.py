"""The fixed-window counter: the configured cache's (locmem, or Redis with REDIS_URL) counts every event."""

from __future__ import annotations

import time

from django.core.cache import cache

from amparo.core.throttle import allow


def test_it_allows_up_to_the_limit_and_counts_every_event() -> None:
    window = int(time.time() // 3600)
    results = [allow("test:one", 3, 3600) for _ in range(5)]
    if int(time.time() // 3600) == window:  # the hour did not turn between the calls
        assert results == [True, True, True, False, False]
        assert cache.get(f"throttle:test:one:{window}") == 5
    assert allow("test:other", 1, 3600)  # each key counts on its own


def test_the_count_expires_with_its_window() -> None:
    assert allow("test:short", 1, 1)
    time.sleep(1.1)
    assert allow("test:short", 1, 1)  # the next second is a new window
