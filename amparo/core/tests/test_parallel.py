"""The suite under pytest-xdist (`make test`): each worker keeps its cache and queue to itself."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.cache import cache

from conftest import worker_redis_url


def test_each_worker_gets_a_redis_database_of_its_own():
    url = "redis://127.0.0.1:6379/15"
    assert worker_redis_url(url, "gw0") == url
    assert worker_redis_url(url, "gw1") == "redis://127.0.0.1:6379/14"
    assert worker_redis_url("redis://:secret@cache.internal:6380/13", "gw3") == "redis://:secret@cache.internal:6380/10"
    with pytest.raises(pytest.UsageError):  # never database 0, the default of a developer's Redis
        worker_redis_url(url, "gw15")


def test_the_cache_is_this_workers_own():
    if not settings.REDIS_URL:
        assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")  # one per process
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    expected = worker_redis_url(os.environ["REDIS_URL"], worker) if worker else os.environ["REDIS_URL"]
    assert settings.REDIS_URL == settings.CACHES["default"]["LOCATION"] == expected
    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    assert client.connection_pool.connection_kwargs["db"] == int(expected.rsplit("/", 1)[1])
    cache.set("worker-probe", worker)
    assert client.get(cache.make_key("worker-probe")) is not None
