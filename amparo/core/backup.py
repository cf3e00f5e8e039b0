"""Backups a seized server cannot read, and the restore that proves them.

``make_backup`` writes one file: a tar of a consistent database copy and the
media, encrypted with age (``pyrage``) to the operator's PUBLIC key
(``AMPARO_BACKUP_RECIPIENT``). The server never holds the private key, so its
own backups are as opaque to whoever takes the server as to anyone else.

- SQLite: the online backup API (a consistent copy while the server runs).
- PostgreSQL: ``pg_dump --format=custom``, refused when the client is older
  than the server (a dump from an older pg_dump may not restore).
- The media are copied as stored: already encrypted with each network's key.
- The organization keys are inside the database, wrapped by the master keys;
  the master keys are never in a backup (they stay in the environment), so a
  backup and its private key are still not enough without them.
- ``manifest.json`` lists every member with its SHA-256; ``restore_backup``
  checks each one before it touches anything.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyrage
from django.conf import settings
from django.db import connection, connections

SUFFIX = ".tar.age"
PREFIX = "amparo-backup-"


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason for the operator."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    vendor: str
    files: int
    bytes: int


def _media_root() -> Path:
    storages: dict[str, dict[str, Any]] = getattr(settings, "STORAGES")  # noqa: B009 (django-stubs types it as object)
    return Path(storages["default"]["OPTIONS"]["location"])


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGHOST": str(db.get("HOST") or "127.0.0.1"), "PGPORT": str(db.get("PORT") or 5432),
           "PGUSER": str(db.get("USER") or ""), "PGDATABASE": str(db["NAME"])}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client matching the server")
    return path


def _client_major(tool: str) -> int:
    # A fixed argv, no shell, the tool found on PATH by name.
    out = subprocess.run([_tool(tool), "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return int(out.split()[-1].split(".")[0])


def _dump_database(into: Path) -> tuple[str, Path]:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = into / "db.sqlite3"
        source = connection.connection
        with sqlite3.connect(target) as copy:
            source.backup(copy)
        copy.close()
        return "sqlite", target
    if connection.vendor == "postgresql":
        server_major = int(connection.pg_version) // 10000  # type: ignore[attr-defined]  # PostgreSQL's wrapper only
        if _client_major("pg_dump") < server_major:
            raise BackupError(f"pg_dump {_client_major('pg_dump')} is older than the server ({server_major}): "
                              "install the matching PostgreSQL client")
        target = into / "db.pgdump"
        subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",  # noqa: S603
                        "--file", str(target)], env=_pg_env(), check=True, capture_output=True)
        return "postgresql", target
    raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")


def _media_files() -> Iterator[Path]:
    root = _media_root()
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file())


def recipient() -> pyrage.x25519.Recipient:
    key = getattr(settings, "AMPARO_BACKUP_RECIPIENT", "")
    if not key:
        raise BackupError("AMPARO_BACKUP_RECIPIENT is not set: give the operator's age PUBLIC key (age1...). "
                          "Never put the private key on the server.")
    try:
        return pyrage.x25519.Recipient.from_str(key.strip())
    except pyrage.RecipientError as exc:
        raise BackupError(f"AMPARO_BACKUP_RECIPIENT is not an age public key: {exc}") from exc


def make_backup(out_dir: Path, *, now: datetime | None = None) -> BackupResult:
    """Write one encrypted backup into ``out_dir``; its path, vendor and size."""
    to = recipient()
    now = now or datetime.now(UTC)
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / f"{PREFIX}{now:%Y%m%dT%H%M%SZ}{SUFFIX}"
    with tempfile.TemporaryDirectory(prefix="amparo-backup-") as scratch:
        work = Path(scratch)
        vendor, db_file = _dump_database(work)
        members: dict[str, str] = {f"database/{db_file.name}": _sha256(db_file)}
        plain = work / "backup.tar"
        media_root = _media_root()
        with tarfile.open(plain, "w") as tar:
            tar.add(db_file, arcname=f"database/{db_file.name}")
            for path in _media_files():
                name = f"media/{path.relative_to(media_root).as_posix()}"
                members[name] = _sha256(path)
                tar.add(path, arcname=name)
            manifest = json.dumps({"created_at": now.isoformat(), "vendor": vendor, "members": members},
                                  indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(manifest)
            info.mtime = int(now.timestamp())
            tar.addfile(info, io.BytesIO(manifest))
        partial = final.with_suffix(final.suffix + ".partial")
        with plain.open("rb") as src, partial.open("wb") as dst:
            pyrage.encrypt_io(src, dst, [to])
        partial.replace(final)  # a crash mid-way never leaves a file that looks complete
    return BackupResult(path=final, vendor=vendor, files=len(members), bytes=final.stat().st_size)


def prune(out_dir: Path, *, keep_days: int, now: datetime | None = None) -> list[Path]:
    """Delete backups older than ``keep_days``: purged data leaves the rotation after that many days."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=keep_days)
    removed = []
    for path in sorted(out_dir.glob(f"{PREFIX}*{SUFFIX}")):
        stamp = path.name.removeprefix(PREFIX).removesuffix(SUFFIX)
        try:
            made = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        except ValueError:
            continue
        if made < cutoff:
            path.unlink()
            removed.append(path)
    return removed


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    member = tar.extractfile("manifest.json")
    if member is None:
        raise BackupError("the backup has no manifest")
    manifest: dict[str, Any] = json.loads(member.read())
    return manifest


def restore_backup(backup: Path, identity: str) -> dict[str, Any]:
    """Decrypt ``backup`` with the operator's private key and put the database and media back.

    Every member's SHA-256 is checked against the manifest before anything is
    replaced. The database restored must be the same kind as the one configured.
    """
    try:
        key = pyrage.x25519.Identity.from_str(identity.strip())
    except pyrage.IdentityError as exc:
        raise BackupError(f"not an age private key: {exc}") from exc
    with tempfile.TemporaryDirectory(prefix="amparo-restore-") as scratch:
        work = Path(scratch)
        plain = work / "backup.tar"
        try:
            with backup.open("rb") as src, plain.open("wb") as dst:
                pyrage.decrypt_io(src, dst, [key])
        except pyrage.DecryptError as exc:
            raise BackupError(f"cannot decrypt {backup.name} with this key: {exc}") from exc
        unpacked = work / "unpacked"
        with tarfile.open(plain) as tar:
            manifest = _read_manifest(tar)
            tar.extractall(unpacked, filter="data")
        for name, digest in manifest["members"].items():
            path = unpacked / name
            if not path.is_file() or _sha256(path) != digest:
                raise BackupError(f"{name} is missing or altered: nothing was restored")
        vendor = manifest["vendor"]
        if vendor != connection.vendor:
            raise BackupError(f"this backup holds a {vendor} database; the configured one is {connection.vendor}")
        _restore_database(vendor, unpacked / "database")
        media_root = _media_root()
        media = unpacked / "media"
        if media.is_dir():
            shutil.copytree(media, media_root, dirs_exist_ok=True)
        return {"created_at": manifest["created_at"], "vendor": vendor, "files": len(manifest["members"])}


def _restore_database(vendor: str, folder: Path) -> None:
    if vendor == "sqlite":
        target = Path(settings.DATABASES["default"]["NAME"])
        connections.close_all()
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        with sqlite3.connect(folder / "db.sqlite3") as source, sqlite3.connect(target) as dest:
            source.backup(dest)
        return
    # Into an empty schema: pg_restore --clean would trip on whatever a wiped database lacks.
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connections.close_all()
    argv = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
            "--dbname", str(settings.DATABASES["default"]["NAME"]), str(folder / "db.pgdump")]
    result = subprocess.run(argv, env=_pg_env(), capture_output=True, text=True)  # noqa: S603 (fixed argv, no shell)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr[-2000:]}")
