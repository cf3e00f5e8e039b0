"""Fixed-window counters in the cache, for throttling what Amparo sends.

Throttles decide whether to *reply*; they never decide whether to *store*."""

from __future__ import annotations

import time

from django.core.cache import cache


def allow(key: str, limit: int, period_seconds: int) -> bool:
    """Count one event under ``key``; True while the window's count is within ``limit``."""
    window = int(time.time() // period_seconds)
    cache_key = f"throttle:{key}:{window}"
    if cache.add(cache_key, 1, timeout=period_seconds + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=period_seconds + 5)
            count = 1
    return count <= limit
