"""Fixed-window counters in the cache, for throttling what Amparo sends.

Throttles decide whether to *reply*; they never decide whether to *store*."""

from __future__ import annotations

import time

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache


def allow(key: str, limit: int, period_seconds: int) -> bool:
    """Count one event under ``key``; True while the window's count is within ``limit``."""
    window = int(time.time() // period_seconds)
    cache_key = f"throttle:{key}:{window}"
    redis = caches["default"]
    if isinstance(redis, RedisCache):
        # One round trip: INCR and EXPIRE pipelined. The cache's own add-then-incr takes three (incr is
        # EXISTS then INCRBY), and every answer to an inbound message counts under three keys. The
        # window is in the key, so renewing its expiry on each count never stretches a window.
        full_key = redis.make_and_validate_key(cache_key)
        client = redis._cache.get_client(full_key, write=True)
        pipe = client.pipeline(transaction=False)
        pipe.incr(full_key)
        pipe.expire(full_key, period_seconds + 5)
        count = int(pipe.execute()[0])
        return count <= limit
    if cache.add(cache_key, 1, timeout=period_seconds + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=period_seconds + 5)
            count = 1
    return count <= limit
