"""Legal aid's canary (issue 12): a person's name, an A-number and a contact's phone number, entered
through the pages, appear nowhere in plaintext: not in the database file (and its WAL), not in the
logs at DEBUG, not in the Huey queue file. A child process seeds a fresh file database
(tests/security/canary_legal_seed.py); this test reads every byte it left."""

from __future__ import annotations

import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from test_canary_dump import ROOT, child_env

SEED = Path(__file__).with_name("canary_legal_seed.py")
pytestmark = pytest.mark.slow


def test_no_legal_canary_in_the_database_logs_or_queue(tmp_path):
    tag = secrets.token_hex(3).upper()
    values = {"CANARY_PERSON": f"Canarita Persona{tag}", "CANARY_ANUMBER": "A-" + "-".join(
        [f"{secrets.randbelow(900) + 100}", f"{secrets.randbelow(900) + 100}", f"{secrets.randbelow(900) + 100}"]),
        "CANARY_CONTACT_PHONE": f"+1323555{7300 + secrets.randbelow(99):04d}"}
    env = child_env(tmp_path, f"sqlite:///{tmp_path / 'amparo.sqlite3'}", values)
    env.update({"HUEY_IMMEDIATE": "0", "LOG_LEVEL": "DEBUG"})
    done = subprocess.run([sys.executable, str(SEED)], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0 and "seeded 1 1 1" in done.stdout, (done.stdout[-2000:], done.stderr[-3000:])
    blobs = {str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    blobs["logs"] = (done.stdout + done.stderr).encode()
    assert "amparo.sqlite3" in blobs and "huey.sqlite3" in blobs, sorted(blobs)
    assert b"dispatcher@canary.test" in blobs["amparo.sqlite3"]  # the search works on this file
    digits = values["CANARY_ANUMBER"].replace("A-", "").replace("-", "")
    needles = {"name": values["CANARY_PERSON"].split()[1].encode(), "a_number": digits.encode(),
               "a_number_typed": values["CANARY_ANUMBER"].encode(), "phone": values["CANARY_CONTACT_PHONE"][2:].encode()}
    leaks = [f"{what} in {where}" for where, blob in blobs.items() for what, n in needles.items() if n in blob]
    assert not leaks, leaks
