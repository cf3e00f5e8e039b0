"""The login limit holds across web processes: two real gunicorn servers, one Redis.

Sixteen wrong passwords for one account, sent at the same instant to two
servers (two processes, each with threads), get at most five password checks,
five in all with the ones sent after; then both servers refuse, the right
password included. It needs PostgreSQL and Redis shared by both servers, so it runs in
the PostgreSQL pass (make test-postgres) with the other slow tests.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.cache import cache
from django.db import connection

from conftest import PASSWORD

pytestmark = pytest.mark.slow

ROOT = Path(settings.BASE_DIR)
LOCKED = "Too many failed login attempts for this account or from this connection"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start(port: int, tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(DATABASE_URL=_database_url(), REDIS_URL=settings.REDIS_URL, AMPARO_BIND=f"127.0.0.1:{port}",
               WEB_CONCURRENCY="1", AMPARO_WEB_THREADS="8", AMPARO_DATA_DIR=str(tmp_path),
               AMPARO_MASTER_KEYS=settings.AMPARO_MASTER_KEYS, DJANGO_SETTINGS_MODULE="amparo.settings")
    return subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "amparo.wsgi"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=(tmp_path / f"server-{port}.log").open("wb"))


def _wait(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited: see its log"
        try:
            if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.3)
    raise AssertionError(f"{base} did not start")


@pytest.mark.django_db(transaction=True)
def test_the_login_limit_is_five_across_two_server_processes(tmp_path: Path, dispatcher) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL and Redis shared by two servers: runs in make test-postgres")
    # The servers run the real settings, whose first hasher is not the test suite's MD5. A wrong
    # password costs a full PBKDF2 run whatever the stored hash (Django hardens the runtime), so
    # a request may take many seconds on a busy 2-core machine: hence the long timeout below.
    dispatcher.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt(), iterations=1000)
    dispatcher.save(update_fields=["password"])
    cache.clear()
    ports = [_free_port(), _free_port()]
    servers = [_start(port, tmp_path) for port in ports]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base, server in zip(bases, servers, strict=True):
            _wait(base, server)
        page = requests.get(f"{bases[0]}/accounts/login/", timeout=10)
        token = page.cookies["csrftoken"]
        assert re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', page.text)

        def attempt(i: int, password: str = "not the password at all") -> str:
            r = requests.post(f"{bases[i % 2]}/accounts/login/", timeout=180, allow_redirects=False,
                              cookies={"csrftoken": token},
                              data={"csrfmiddlewaretoken": token, "login": dispatcher.email, "password": password})
            # 429: allauth's per-connection limiter could not take its cache lock within
            # a second under this burst and refused without checking anything.
            assert r.status_code in (200, 429), r.status_code
            return "checked" if r.status_code == 200 and LOCKED not in r.text else "refused"

        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(attempt, range(16)))
        checked = results.count("checked")
        assert checked <= 5, results
        # Whatever the burst left, one at a time, alternating servers: exactly five checks in all.
        for i in range(5 - checked):
            assert attempt(i) == "checked"
        assert attempt(0) == "refused" and attempt(1) == "refused"
        # The right password, on either server, is locked out too.
        assert attempt(0, PASSWORD) == "refused" and attempt(1, PASSWORD) == "refused"
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
