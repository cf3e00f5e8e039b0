"""The dossier as a ZIP, streamed: no file is held in memory beyond the one being decrypted.

Layout (docs/dossier.md)::

    incident-<n>/evidence-<pk>-<kind>.<ext>   a responder's photo, video or observation, as uploaded
    incident-<n>/report-<n>-media-<pk>.<ext>  a report's photo or recording, as received

<n> is the incident's (#7) and the report's (R-27) number in the network, as the summary and every page
write them; the deployment-wide ids are never in a name, since they would tell how busy other networks are.
    custody.csv                                every access to and export of each file (the audit trail)
    summary.pdf                                what happened, who (by pseudonym), the files, the public key
    public_key.txt                             the organization's Ed25519 public key
    manifest.csv                               every file above: path, SHA-256, size, metadata
    manifest.sig                               the Ed25519 signature of manifest.csv's bytes, base64

The SHA-256 of a file received by Amparo is the one recorded at upload, not one
taken now: a file changed at rest since then fails verification. Files the
export makes (custody.csv, summary.pdf, public_key.txt) are hashed as written.

Memory: a stored file is one Fernet token; ``amparo.crypto.stream`` reads it in
1 MiB slices twice (authenticate, then decrypt), so no file is ever held whole,
whatever its size. The ZIP goes out as it is written (``iter_dossier`` yields
its bytes), so a download holds at most a slice or two, and the PDF.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.core.files.storage import storages
from django.db.models import Q
from django.utils import timezone

from amparo.audit.log import audit
from amparo.audit.models import AuditEntry
from amparo.crypto.keys import KeyUnavailable
from amparo.crypto.signing import fingerprint, org_public_key, sign
from amparo.crypto.stream import TokenInvalid, decrypt_file
from amparo.legal.dossier.collect import EVIDENCE, MEDIA, Item, Pseudonyms, Subject
from amparo.legal.dossier.summary import Checked, render_summary

MANIFEST = "manifest.csv"
SIGNATURE = "manifest.sig"
PUBLIC_KEY = "public_key.txt"
MANIFEST_COLUMNS = ["path", "sha256", "size", "hash_taken", "source", "source_id", "incident", "kind",
                    "content_type", "recorded_at_utc", "filed_by"]
UPLOAD, EXPORT = "upload", "export"


@dataclass
class Outcome:
    """What an export wrote: for the command's output and the tests."""

    files: list[Checked] = field(default_factory=list)
    public_key: str = ""

    @property
    def altered(self) -> list[Checked]:
        return [c for c in self.files if not c.matches]


class _Pipe(io.RawIOBase):
    """A write-only, unseekable stream that hands its bytes to whoever drains it.

    ``zipfile`` writes to it with data descriptors (sizes after the data), which
    is how it writes any unseekable stream."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._pos = 0

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        data = bytes(b)
        self._chunks.append(data)
        self._pos += len(data)
        return len(data)

    def tell(self) -> int:
        return self._pos

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def _pieces(subject: Subject, item: Item) -> Iterator[bytes]:
    """The item's plaintext in slices; raises before the first slice if it cannot be read or authenticated."""
    if item.note_evidence is not None:
        return iter([(item.note_evidence.note or "").encode("utf-8")])
    storage = storages["default"]
    return decrypt_file(subject.organization.pk, lambda: storage.open(item.stored_name, "rb"))


def _entry(path: str, size: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=timezone.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.file_size = size  # lets zipfile choose ZIP64 for a file over 2 GiB before it writes the header
    return info


def _custody_csv(subject: Subject, names: Pseudonyms) -> bytes:
    by_key = {(i.source, str(i.pk)): i for i in subject.items}
    scope = Q(pk__in=[])
    for source in (EVIDENCE, MEDIA):
        ids = [str(i.pk) for i in subject.items if i.source == source]
        if ids:
            scope |= Q(object_type=source, object_id__in=ids)
    scope |= Q(object_type="incident", object_id__in=[str(i.pk) for i in subject.incidents], action="export")
    if subject.case is not None:
        scope |= Q(object_type="case", object_id=str(subject.case.pk), action="export")
    # Incidents and the case are named as people know them ("incident #7", "case C3"), not by their ids.
    records = {("incident", str(i.pk)): f"incident {i.ref}" for i in subject.incidents}
    if subject.case is not None:
        records[("case", str(subject.case.pk))] = f"case {subject.case.reference}"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["at_utc", "path", "record", "action", "actor", "reason"])
    for e in AuditEntry.objects.filter(scope, organization=subject.organization).order_by("at", "pk"):
        item = by_key.get((e.object_type, e.object_id))
        record = records.get((e.object_type, e.object_id), f"{e.object_type} {e.object_id}")
        writer.writerow([e.at.astimezone(UTC).isoformat(), item.path if item else "", record, e.action,
                         names.label(e.actor_id, e.actor_label), e.reason])
    return out.getvalue().encode("utf-8")


def _manifest_row(path: str, sha256: str, size: int, taken: str, item: Item | None = None,
                  names: Pseudonyms | None = None) -> list[str]:
    if item is None:
        return [path, sha256, str(size), taken, "dossier", "", "", "generated", "", "", ""]
    return [path, sha256, str(size), taken, item.source, str(item.pk), str(item.incident_number), item.kind,
            item.content_type, item.recorded_at.astimezone(UTC).isoformat(),
            names.responder(item.responder_id) if names else ""]


def iter_dossier(subject: Subject, *, actor: Any = None, actor_label: str = "", language: str = "en",
                 outcome: Outcome | None = None, now: datetime | None = None) -> Iterator[bytes]:
    """The dossier's ZIP, in pieces as it is written. Audits the export before the first byte."""
    org = subject.organization
    outcome = outcome if outcome is not None else Outcome()
    now = now or timezone.now()
    reason = (f"dossier {subject.case.reference}" if subject.case is not None
              else f"dossier incident {subject.incidents[0].ref}")
    if subject.case is not None:
        audit(org.pk, action="export", object_type="case", object_ids=[subject.case.pk], actor=actor,
              actor_label=actor_label, reason=reason)
    audit(org.pk, action="export", object_type="incident", object_ids=[i.pk for i in subject.incidents],
          actor=actor, actor_label=actor_label, reason=reason)
    for source in (EVIDENCE, MEDIA):
        ids = [i.pk for i in subject.items if i.source == source]
        if ids:
            audit(org.pk, action="export", object_type=source, object_ids=ids, actor=actor,
                  actor_label=actor_label, reason=reason)

    names = Pseudonyms(org, [i.pk for i in subject.incidents])
    public_key = org_public_key(org.pk)
    outcome.public_key = public_key
    rows: list[list[str]] = []
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for item in subject.items:
            try:
                pieces = _pieces(subject, item)
            except (OSError, KeyUnavailable, TokenInvalid):
                # Gone from storage, altered, or its organization's keys are gone: listed, not written,
                # so that verification reports it missing instead of the export failing for the rest.
                outcome.files.append(Checked(item=item, sha256_now=""))
                rows.append(_manifest_row(item.path, item.sha256, item.size, UPLOAD, item, names))
                continue
            digest = hashlib.sha256()
            with zf.open(_entry(item.path, item.size), "w") as member:
                for piece in pieces:
                    digest.update(piece)
                    member.write(piece)
                    yield pipe.drain()
            outcome.files.append(Checked(item=item, sha256_now=digest.hexdigest()))
            rows.append(_manifest_row(item.path, item.sha256, item.size, UPLOAD, item, names))
            yield pipe.drain()

        generated = [("custody.csv", _custody_csv(subject, names))]
        generated.append(("summary.pdf", render_summary(
            subject, outcome.files, names=names, public_key=public_key, key_fingerprint=fingerprint(public_key),
            generated_at=now, language=language)))
        generated.append((PUBLIC_KEY, f"{public_key}\n".encode()))
        for path, data in generated:
            zf.writestr(_entry(path, len(data)), data)
            rows.append(_manifest_row(path, hashlib.sha256(data).hexdigest(), len(data), EXPORT))
            yield pipe.drain()

        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(MANIFEST_COLUMNS)
        writer.writerows(rows)
        manifest = text.getvalue().encode("utf-8")
        zf.writestr(_entry(MANIFEST, len(manifest)), manifest)
        zf.writestr(_entry(SIGNATURE, 0), base64.b64encode(sign(org.pk, manifest)) + b"\n")
    yield pipe.drain()


def filename(subject: Subject) -> str:
    ref = subject.case.reference if subject.case is not None else f"incident-{subject.incidents[0].seq}"
    return f"dossier-{subject.organization.slug}-{ref}.zip"
