"""The restore drill: back up, wipe, restore, and every report, incident and media file is intact.

It runs the real commands in child processes on a fresh database (a SQLite file
always; a scratch PostgreSQL database in the PostgreSQL pass), filled by
``load_demo`` (reports, incidents, a photo and an observation as evidence). The
backup is encrypted to a public key generated here; the restore uses the
private key, which the "server" (the child processes) never sees until then.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pyrage
import pytest
from django.conf import settings
from django.db import connection

from amparo.core.backup import BackupError, make_backup, prune

pytestmark = pytest.mark.slow

ROOT = Path(settings.BASE_DIR)

# The state the drill compares, read by a child process and printed as JSON.
SNAPSHOT = """
import hashlib, json, django
django.setup()
from amparo.reports.models import Report, ReportMedia
from amparo.reports.media import read_media
from amparo.incidents.models import Incident
from amparo.verification.models import Evidence
from amparo.verification.evidence import read_evidence
print(json.dumps({
    "reports": sorted((r.pk, r.provider_id, hashlib.sha256((r.body or '').encode()).hexdigest())
                      for r in Report.objects.all()),
    "incidents": sorted((i.pk, i.kind, i.status, i.report_count) for i in Incident.objects.all()),
    # Decrypted again after the restore: the wrapped keys came back with the database.
    "media": sorted((m.pk, m.sha256, hashlib.sha256(read_media(m)).hexdigest() if m.stored_name else '')
                    for m in ReportMedia.objects.all()),
    "evidence": sorted((e.pk, e.sha256, hashlib.sha256(read_evidence(e, actor_label='drill')).hexdigest()
                        if e.stored_name else '') for e in Evidence.objects.all()),
}))
"""


def _run(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=600, input=stdin)
    assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-4000:])
    return result.stdout


def _env(tmp_path: Path, database_url: str, recipient: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "AMPARO_", "REDIS_URL"))}
    env.update(DATABASE_URL=database_url, AMPARO_DATA_DIR=str(tmp_path / "data"), HUEY_IMMEDIATE="1",
               AMPARO_MASTER_KEYS=settings.AMPARO_MASTER_KEYS, AMPARO_BACKUP_RECIPIENT=recipient,
               DJANGO_SETTINGS_MODULE="amparo.settings")
    return env


def _drill(tmp_path: Path, database_url: str, wipe: Any) -> None:
    identity = pyrage.x25519.Identity.generate()
    env = _env(tmp_path, database_url, str(identity.to_public()))
    _run(env, "manage.py", "migrate", "--noinput", "-v0")
    _run(env, "manage.py", "load_demo")
    before = json.loads(_run(env, "-c", SNAPSHOT))
    assert before["reports"] and before["incidents"]
    out = _run(env, "manage.py", "backup", "-o", str(tmp_path / "backups"))
    [backup] = list((tmp_path / "backups").glob("amparo-backup-*.tar.age"))
    assert str(backup) in out
    # What the server keeps is opaque: no report text, no SQLite header, no tar header.
    blob = backup.read_bytes()
    assert b"SQLite format 3" not in blob and b"ustar" not in blob and blob.startswith(b"age-encryption.org/v1")

    wipe()
    shutil.rmtree(tmp_path / "data" / "media", ignore_errors=True)
    key_file = tmp_path / "operator.key"
    key_file.write_text(str(identity))
    # A wrong key restores nothing.
    wrong = tmp_path / "wrong.key"
    wrong.write_text(str(pyrage.x25519.Identity.generate()))
    failed = subprocess.run([sys.executable, "manage.py", "restore", str(backup), "--identity", str(wrong), "--yes"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert failed.returncode != 0 and "cannot decrypt" in failed.stderr
    _run(env, "manage.py", "restore", str(backup), "--identity", str(key_file), "--yes")
    after = json.loads(_run(env, "-c", SNAPSHOT))
    assert after == before


def test_the_restore_drill_on_a_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "data" / "drill.sqlite3"
    db.parent.mkdir(parents=True)

    def wipe() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)

    _drill(tmp_path, f"sqlite:///{db}", wipe)


@pytest.mark.django_db
def test_the_restore_drill_on_postgresql(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (make test-postgres)")
    db = connection.settings_dict
    name = f"amparo_drill_{uuid.uuid4().hex[:8]}"
    admin = f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} user={db['USER']} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    try:
        def wipe() -> None:
            with psycopg.connect(admin.replace("dbname=postgres", f"dbname={name}"), autocommit=True) as c:
                c.execute("DROP SCHEMA public CASCADE")
                c.execute("CREATE SCHEMA public")

        _drill(tmp_path, url, wipe)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_it_refuses_to_back_up_without_the_operators_public_key(tmp_path: Path, settings: Any) -> None:
    settings.AMPARO_BACKUP_RECIPIENT = ""
    with pytest.raises(BackupError, match="PUBLIC key"):
        make_backup(tmp_path)
    settings.AMPARO_BACKUP_RECIPIENT = str(pyrage.x25519.Identity.generate())  # a private key by mistake
    with pytest.raises(BackupError, match="not an age public key"):
        make_backup(tmp_path)


def test_the_rotation_deletes_backups_older_than_the_kept_days(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    for stamp in ("20261101T030000Z", "20261120T030000Z", "20261201T030000Z"):
        (tmp_path / f"amparo-backup-{stamp}.tar.age").write_bytes(b"x")
    removed = prune(tmp_path, keep_days=14, now=datetime(2026, 12, 2, tzinfo=UTC))
    assert [p.name for p in removed] == ["amparo-backup-20261101T030000Z.tar.age"]
    assert len(list(tmp_path.glob("*.age"))) == 2
