"""Checking a dossier: the manifest's signature, then every file's SHA-256.

Trust comes from the public key the attorney got from the organization (the
admin page, a printed summary); the copy inside the ZIP is used only when none
is given, and the result says so, because whoever edited the manifest could
have replaced that copy and signed with a key of their own.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from typing import IO

from amparo.crypto.signing import BadPublicKey, fingerprint, parse_public_key, verify
from amparo.legal.dossier.archive import MANIFEST, PUBLIC_KEY, SIGNATURE

READ = 1 << 20


@dataclass
class Verdict:
    lines: list[str] = field(default_factory=list)
    ok: bool = True

    def fail(self, line: str) -> None:
        self.ok = False
        self.lines.append(line)


def _sha256(zf: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with zf.open(name) as f:
        while chunk := f.read(READ):
            digest.update(chunk)
    return digest.hexdigest()


def verify_dossier(source: str | IO[bytes], *, public_key: str | None = None) -> Verdict:
    """One line per file and one for the signature; ``ok`` only if every one passed."""
    verdict = Verdict()
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as e:
        verdict.fail(f"NOT A DOSSIER  {e}")
        return verdict
    with zf:
        names = set(zf.namelist())
        if MANIFEST not in names or SIGNATURE not in names:
            verdict.fail(f"NOT A DOSSIER  {MANIFEST} or {SIGNATURE} is missing")
            return verdict
        manifest = zf.read(MANIFEST)
        key = public_key
        if key is None:
            key = zf.read(PUBLIC_KEY).decode("ascii", "replace").strip() if PUBLIC_KEY in names else ""
            source_of_key = "the copy inside the ZIP: compare its fingerprint with the organization's"
        else:
            source_of_key = "given"
        try:
            parse_public_key(key)
            signature = base64.b64decode(zf.read(SIGNATURE).strip(), validate=True)
        except (BadPublicKey, binascii.Error, ValueError):
            verdict.fail("SIGNATURE BAD  unreadable public key or signature")
        else:
            if verify(key, manifest, signature):
                verdict.lines.append(f"SIGNATURE OK   key {fingerprint(key)} ({source_of_key})")
            else:
                verdict.fail(f"SIGNATURE BAD  {MANIFEST} was not signed by key {fingerprint(key)}")

        listed: set[str] = set()
        rows = csv.DictReader(io.StringIO(manifest.decode("utf-8", "replace")))
        for row in rows:
            path, expected = row.get("path") or "", (row.get("sha256") or "").lower()
            listed.add(path)
            if path not in names:
                verdict.fail(f"MISSING        {path}")
                continue
            found = _sha256(zf, path)
            if found == expected:
                verdict.lines.append(f"OK             {path}")
            else:
                verdict.fail(f"CHANGED        {path}  (manifest {expected[:16]}…, file {found[:16]}…)")
        for extra in sorted(names - listed - {MANIFEST, SIGNATURE}):
            verdict.fail(f"NOT LISTED     {extra}")
    return verdict
