"""Evidence a responder files on scene: observations, photos, video.

Chain of custody: the SHA-256 of the plaintext is taken at upload, before
encryption, and stored on the ``Evidence`` row; ``verify_evidence`` decrypts
and recomputes it, so a file altered on disk (or a note altered in the
database) is detected. Every read of evidence writes an audit entry: a photo
can identify the people in it.

Files are recognised by their first bytes (the name and the declared type are
chosen by the sender), refused by size before they are read whole, and
encrypted with the organization's key (the storage pattern of report media,
amparo/reports/media.py).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.utils import timezone

from amparo.audit.log import audit
from amparo.crypto.keys import decrypt_for
from amparo.incidents.actions import mark_changed, record_event
from amparo.reports.media import MediaRejected, _storage, _write_encrypted, sniff_image_type
from amparo.verification.models import (
    ASSIGNED,
    Evidence,
    EvidenceKind,
    Offer,
    OfferStatus,
    VerificationSettings,
)

SNIFF_BYTES = 64  # WebM's DocType sits a few dozen bytes into its EBML header
NOTE_MAX_CHARS = 4000
# A responder may still file what they documented after leaving safely (advised:
# upload once away from the scene), but not on an offer they never took, and after
# checking out only for the outcome window (``may_file``): then the page is read-only.
FILING = (*ASSIGNED, OfferStatus.CHECKED_OUT)

_QUICKTIME_BRANDS = {b"qt  "}
_MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"M4VP",
               b"dash", b"3gp4", b"3gp5", b"3gp6", b"3g2a", b"mmp4", b"MSNV"}


def sniff_video_type(head: bytes) -> str | None:
    """mp4 / QuickTime (an ISO ``ftyp`` box and its major brand) or WebM (EBML with DocType webm)."""
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _QUICKTIME_BRANDS:
            return "video/quicktime"
        if brand in _MP4_BRANDS:
            return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head:
        return "video/webm"
    return None


def max_bytes() -> int:
    return max(settings.EVIDENCE_MAX_BYTES, settings.MEDIA_MAX_BYTES)


def check_file(uploaded_file: File) -> tuple[str, str]:
    """(kind, content type) of an upload, by its size and its first bytes; raises MediaRejected."""
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > max_bytes():
        raise MediaRejected("too_large")  # refused before it is read
    if size == 0:
        raise MediaRejected("empty")
    uploaded_file.seek(0)
    head = uploaded_file.read(SNIFF_BYTES)
    uploaded_file.seek(0)
    image = sniff_image_type(head)
    if image is not None:
        return EvidenceKind.PHOTO, image
    video = sniff_video_type(head)
    if video is not None:
        return EvidenceKind.VIDEO, video
    raise MediaRejected("not_media" if head else "empty")


def filing_window(organization_id: int) -> timedelta:
    """How long after checking out evidence may still be filed: the outcome window (an org setting)."""
    hours = (VerificationSettings.objects.filter(organization_id=organization_id)
             .values_list("outcome_hours_after_checkout", flat=True).first())
    default = VerificationSettings._meta.get_field("outcome_hours_after_checkout").get_default()
    return timedelta(hours=default if hours is None else hours)


def may_file(status: str, checked_out_at: datetime | None, organization_id: int, at: datetime) -> bool:
    """Whether an offer in ``status`` takes evidence begun at ``at``: while assigned, or
    checked out less than the outcome window before ``at``. A leaked link then stops
    taking uploads; what it already holds stays readable."""
    if status in ASSIGNED:
        return True
    if status != OfferStatus.CHECKED_OUT or checked_out_at is None:
        return False
    return checked_out_at >= at - filing_window(organization_id)


def _may_file(offer: Offer, at: datetime) -> None:
    """Only the assigned responder, while still on the roster and within the window, files evidence."""
    current = (Offer.objects.filter(pk=offer.pk)
               .values_list("status", "responder__is_active", "checked_out_at", "organization_id").first())
    if current is None or not current[1] or not may_file(current[0], current[2], current[3], at):
        raise PermissionDenied


def store_file(offer: Offer, uploaded_file: File, *, now: datetime | None = None,
               started_at: datetime | None = None) -> Evidence:
    """Store a photo or video for ``offer``'s incident. Raises MediaRejected or PermissionDenied.

    ``started_at`` is when the upload began (the request's start): a large video
    begun within the window is accepted even if it finishes after it closes."""
    _may_file(offer, started_at or now or timezone.now())
    kind, content_type = check_file(uploaded_file)
    digest = hashlib.sha256()
    chunks: list[bytes] = []
    total = 0
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        total += len(chunk)
        if total > max_bytes():  # the declared size lied
            raise MediaRejected("too_large")
        digest.update(chunk)
        chunks.append(chunk)
    name = _write_encrypted(offer.organization_id, b"".join(chunks))
    return _create(offer, kind=kind, sha256=digest.hexdigest(), size=total, content_type=content_type,
                   stored_name=name, now=now)


def add_observation(offer: Offer, text: str, *, now: datetime | None = None,
                    started_at: datetime | None = None) -> Evidence:
    """An observation: what happened and which agencies. Raises ValueError when empty."""
    _may_file(offer, started_at or now or timezone.now())
    text = (text or "").strip()[:NOTE_MAX_CHARS]
    if not text:
        raise ValueError("empty observation")
    data = text.encode("utf-8")
    return _create(offer, kind=EvidenceKind.NOTE, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                   content_type="text/plain; charset=utf-8", note=text, now=now)


def _create(offer: Offer, *, now: datetime | None, **fields: Any) -> Evidence:
    now = now or timezone.now()
    evidence = Evidence.objects.create(organization_id=offer.organization_id, incident_id=offer.incident_id,
                                       offer=offer, created_at=now, **fields)
    record_event(offer.incident, "evidence_filed", by=f"responder {offer.responder_id}", at=now,
                 evidence=evidence.pk, evidence_kind=evidence.kind, sha256=evidence.sha256, size=evidence.size)
    mark_changed(offer.incident_id)
    return evidence


def _plaintext(evidence: Evidence) -> bytes:
    if evidence.kind == EvidenceKind.NOTE:
        return (evidence.note or "").encode("utf-8")
    with _storage().open(evidence.stored_name, "rb") as f:
        return decrypt_for(evidence.organization_id, f.read())


class EvidenceIntegrityError(Exception):
    """The stored evidence does not match the SHA-256 recorded at upload."""


def read_evidence(evidence: Evidence, *, actor: Any = None, actor_label: str = "", reason: str = "") -> bytes:
    """The evidence's plaintext, audited; raises EvidenceIntegrityError if it was altered."""
    audit(evidence.organization_id, action="read", object_type="evidence", object_ids=[evidence.pk],
          actor=actor, actor_label=actor_label, reason=reason)
    data = _plaintext(evidence)
    if hashlib.sha256(data).hexdigest() != evidence.sha256:
        raise EvidenceIntegrityError(f"evidence {evidence.pk} does not match its recorded SHA-256")
    return data


def verify_evidence(evidence: Evidence, *, actor: Any = None, actor_label: str = "verify") -> bool:
    """True when the evidence still hashes to what was recorded at upload (the read is audited)."""
    audit(evidence.organization_id, action="verify", object_type="evidence", object_ids=[evidence.pk],
          actor=actor, actor_label=actor_label)
    try:
        data = _plaintext(evidence)
    except Exception:  # a missing file or one that no longer decrypts is not the evidence received
        return False
    return hashlib.sha256(data).hexdigest() == evidence.sha256
