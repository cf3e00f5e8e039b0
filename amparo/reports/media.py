"""Report media (photos, MMS attachments): sniffed, encrypted, hashed, stored.

Bytes are encrypted with the organization's data key before they touch the
disk, under ``<org_id>/<uuid>.bin`` in the default storage. The SHA-256 of the
plaintext is recorded at storage time so a later export can prove the file is
the one received (chain of custody). ``read_media`` decrypts: every caller
must write an audit entry, because a photo can identify the person who sent it.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages

from amparo.crypto.keys import decrypt_for, encrypt_for
from amparo.reports.models import Report, ReportMedia

# Read this much of a file to recognise it; the longest signature is HEIF's ftyp box.
SNIFF_BYTES = 32

_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis"}
_HEIF_BRANDS = {b"mif1", b"msf1", b"heif"}


class MediaRejected(Exception):
    """The file is not an accepted image or is too large."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "too_large" | "not_an_image" | "empty"


def sniff_image_type(head: bytes) -> str | None:
    """The image content type from the file's first bytes, or None.

    The name and the browser's declared type are ignored: both are chosen by
    the sender and say nothing about what the bytes are.
    """
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIC_BRANDS:
            return "image/heic"
        if brand in _HEIF_BRANDS:
            return "image/heif"
    return None


def _storage() -> Storage:
    return storages["default"]


def _write_encrypted(org_id: int, data: bytes) -> str:
    name = f"{org_id}/{uuid.uuid4().hex}.bin"
    return _storage().save(name, ContentFile(encrypt_for(org_id, data)))


def store_bytes(media: ReportMedia, data: bytes, content_type: str) -> bool:
    """Encrypt and store ``data`` as the content of a pending ``media`` row.

    Returns False (and stores nothing) when another worker stored it first:
    the row is claimed with a conditional UPDATE, so a retried task and the
    sweeper racing on one row keep a single file.
    """
    name = _write_encrypted(media.organization_id, data)
    updated = ReportMedia.objects.filter(pk=media.pk, status=ReportMedia.PENDING).update(
        status=ReportMedia.STORED,
        stored_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content_type=content_type[:100],
    )
    if not updated:
        _storage().delete(name)
        return False
    media.refresh_from_db(fields=["status", "stored_name", "sha256", "size", "content_type"])
    return True


def check_upload(uploaded_file: File) -> str:
    """Validate an upload by its size and its first bytes; return its content type.

    The size is checked before anything is read, so an oversize file is
    refused without being read whole.
    """
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > settings.MEDIA_MAX_BYTES:
        raise MediaRejected("too_large")
    if size == 0:
        raise MediaRejected("empty")
    uploaded_file.seek(0)
    head = uploaded_file.read(SNIFF_BYTES)
    uploaded_file.seek(0)
    content_type = sniff_image_type(head)
    if content_type is None:
        raise MediaRejected("not_an_image" if head else "empty")
    return content_type


def store_upload(report: Report, uploaded_file: File) -> ReportMedia:
    """Store a photo sent with the web form; raises MediaRejected if it is not one."""
    content_type = check_upload(uploaded_file)
    chunks = []
    total = 0
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        total += len(chunk)
        if total > settings.MEDIA_MAX_BYTES:
            raise MediaRejected("too_large")
        chunks.append(chunk)
    data = b"".join(chunks)
    name = _write_encrypted(report.organization_id, data)
    return ReportMedia.objects.create(
        organization_id=report.organization_id,
        report=report,
        status=ReportMedia.STORED,
        stored_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content_type=content_type,
    )


class MediaIntegrityError(Exception):
    """The stored file does not decrypt to the bytes whose hash was recorded."""


def read_media(media: ReportMedia) -> bytes:
    """The decrypted bytes of stored media. Callers must audit the read."""
    if media.status != ReportMedia.STORED or not media.stored_name:
        raise FileNotFoundError(f"media {media.pk} is not stored (status {media.status})")
    with _storage().open(media.stored_name, "rb") as f:
        token = f.read()
    data = decrypt_for(media.organization_id, token)
    if hashlib.sha256(data).hexdigest() != media.sha256:
        raise MediaIntegrityError(f"media {media.pk} does not match its recorded SHA-256")
    return data
