"""Evidence: sniffed by content, hashed at upload, encrypted, re-verifiable, every read audited."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from amparo.audit.models import AuditEntry
from amparo.crypto.keys import decrypt_for, encrypt_for
from amparo.reports.media import MediaRejected
from amparo.verification import actions, evidence
from amparo.verification.models import Evidence, EvidenceKind, Offer
from amparo.verification.tests.conftest import T0, make_incident

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40 + b"pixels"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 40
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + b"\x00" * 40
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm" + b"\0" * 30


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}


@pytest.fixture
def offer(north, dispatcher, crew):  # type: ignore[no-untyped-def]
    incident = make_incident(north)
    actions.offer_incident(incident, by=dispatcher, now=T0)
    offer = Offer.objects.get(responder=crew[0], incident=incident)
    actions.accept_offer(offer, now=T0)
    offer.refresh_from_db()
    return offer


@pytest.mark.parametrize("data,kind,content_type", [
    (PNG, EvidenceKind.PHOTO, "image/png"), (MP4, EvidenceKind.VIDEO, "video/mp4"),
    (MOV, EvidenceKind.VIDEO, "video/quicktime"), (WEBM, EvidenceKind.VIDEO, "video/webm"),
])
def test_it_stores_a_file_with_its_hash_taken_at_upload(offer, data, kind, content_type):
    item = evidence.store_file(offer, SimpleUploadedFile("x.bin", data, content_type="text/html"), now=T0)
    assert (item.kind, item.content_type, item.size) == (kind, content_type, len(data))
    assert item.sha256 == hashlib.sha256(data).hexdigest()
    assert item.incident_id == offer.incident_id and item.organization_id == offer.organization_id
    raw = storages["default"].open(item.stored_name, "rb").read()
    assert data not in raw and decrypt_for(offer.organization_id, raw) == data  # encrypted at rest
    assert evidence.verify_evidence(item) is True


def test_it_detects_a_file_altered_on_disk(offer):
    item = evidence.store_file(offer, SimpleUploadedFile("p.png", PNG), now=T0)
    storage = storages["default"]
    storage.delete(item.stored_name)
    storage.save(item.stored_name, __import__("io").BytesIO(encrypt_for(offer.organization_id, PNG + b"edited")))
    assert evidence.verify_evidence(item) is False
    with pytest.raises(evidence.EvidenceIntegrityError):
        evidence.read_evidence(item, actor_label="test")


def test_it_detects_an_altered_observation(offer):
    item = evidence.add_observation(offer, "Three ICE vehicles, agents entered the building at 10:05.", now=T0)
    assert item.sha256 == hashlib.sha256(item.note.encode()).hexdigest() and evidence.verify_evidence(item)
    item.note = "Nothing happened."
    item.save(update_fields=["note"])
    assert evidence.verify_evidence(Evidence.objects.get(pk=item.pk)) is False


def test_every_read_is_audited(offer, dispatcher):
    item = evidence.store_file(offer, SimpleUploadedFile("p.png", PNG), now=T0)
    assert evidence.read_evidence(item, actor=dispatcher, reason="dossier") == PNG
    evidence.verify_evidence(item, actor=dispatcher)
    entries = AuditEntry.objects.filter(object_type="evidence", object_id=str(item.pk))
    assert sorted(entries.values_list("action", flat=True)) == ["read", "verify"]
    assert entries.filter(actor=dispatcher).count() == 2


@pytest.mark.parametrize("data,reason", [(b"<html>not a photo</html>", "not_media"), (b"", "empty"),
                                         (b"GIF89a" + b"\0" * 30, "not_media")])
def test_it_refuses_what_is_not_a_photo_or_video(offer, data, reason):
    with pytest.raises(MediaRejected) as exc:
        evidence.store_file(offer, SimpleUploadedFile("photo.jpg", data, content_type="image/jpeg"))
    assert exc.value.reason == reason and not Evidence.objects.exists()


def test_it_refuses_an_oversize_file_before_reading_it(offer, settings):
    settings.EVIDENCE_MAX_BYTES = settings.MEDIA_MAX_BYTES = 100
    upload = SimpleUploadedFile("big.png", PNG + b"\0" * 200)

    class Unreadable:
        def __getattr__(self, name):  # type: ignore[no-untyped-def]
            raise AssertionError("touched an oversize file")

    upload.file = Unreadable()
    with pytest.raises(MediaRejected) as exc:
        evidence.store_file(offer, upload)
    assert exc.value.reason == "too_large"


def test_a_removed_responder_cannot_file(offer, crew, admin_user):
    actions.remove_responder(crew[0], by=admin_user)
    with pytest.raises(PermissionDenied):
        evidence.store_file(offer, SimpleUploadedFile("p.png", PNG))
    with pytest.raises(PermissionDenied):
        evidence.add_observation(offer, "text")
    assert not Evidence.objects.exists()


def test_a_responder_who_only_got_an_offer_cannot_file(north, crew, offer):
    other = Offer.objects.exclude(pk=offer.pk).filter(incident_id=offer.incident_id).first()
    with pytest.raises(PermissionDenied):
        evidence.add_observation(other, "text")
