"""What the cache holds, for tests that prove no address is kept in it."""

from __future__ import annotations

from django.core.cache import cache


def cache_keys() -> list[str]:
    backend = cache._cache  # type: ignore[attr-defined]
    if hasattr(backend, "keys"):  # LocMemCache: an OrderedDict
        return [str(k) for k in backend.keys()]
    client = backend.get_client(write=False)  # RedisCache
    return [k.decode() if isinstance(k, bytes) else str(k) for k in client.keys("*")]


def assert_no_address(address: str) -> None:
    keys = cache_keys()
    assert keys, "nothing was counted"
    assert not [k for k in keys if address in k], keys
    for key in keys:
        value = cache.get(key.split(":", 2)[-1]) if key.startswith(":") else None
        assert address not in repr(value)
