"""Two (here four) responders accept the last seat at the same moment: exactly one gets it.

SQLite: pytest-django's test database is in memory, where connections share
a cache and lock differently from a real deployment. So the SQLite race runs
in a child process on a fresh FILE database, with the project's real settings
(WAL, IMMEDIATE transactions), migrated from scratch: the same code path as
production. It runs once per `make test`, with the other slow tests (the child
uses its own database, whichever the parent's is). PostgreSQL: when the suite
runs on PostgreSQL, the race runs in-process on the test database with one
connection per thread (transaction=True, so the rows are committed and visible).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from amparo.verification.tests.race import race, setup_race

# A child process and racing threads: run once, outside xdist (Makefile, test-postgres).
pytestmark = pytest.mark.slow

EXPECTED = ["assigned", "not_needed", "not_needed", "not_needed"]


def test_it_gives_the_last_seat_to_exactly_one_on_a_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "race.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "AMPARO_DATA_DIR": str(tmp_path),
           "AMPARO_MASTER_KEYS": settings.AMPARO_MASTER_KEYS, "HUEY_IMMEDIATE": "1", "REDIS_URL": "",
           "DJANGO_SETTINGS_MODULE": "amparo.settings"}
    out = subprocess.run([sys.executable, "-m", "amparo.verification.tests.race"], env=env, capture_output=True,
                         text=True, timeout=240, cwd=settings.BASE_DIR)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["vendor"] == "sqlite" and Path(result["file"]) == db and db.stat().st_size > 0
    assert result["results"] == EXPECTED
    assert (result["accepted"], result["seats"], result["status"]) == (2, 2, "staffed")


@pytest.mark.django_db(transaction=True)
def test_it_gives_the_last_seat_to_exactly_one_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (make test-postgres)")
    from amparo.verification.models import Dispatch

    for _round in range(3):
        Dispatch.objects.all().delete()
        from amparo.orgs.models import Organization

        Organization.objects.filter(slug="race").delete()
        assert race(setup_race()) == EXPECTED
        d = Dispatch.objects.get()
        assert (d.accepted_count, d.status) == (2, "staffed")
