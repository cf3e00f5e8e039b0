"""A dossier-ready incident: an observer's photo and observation, and a report's recording."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from amparo.reports.media import store_bytes
from amparo.reports.models import Report, ReportMedia
from amparo.verification import actions, evidence
from amparo.verification.models import Offer
from amparo.verification.tests.conftest import T0, make_incident, make_responder

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40 + b"pixels"
MP3 = b"ID3\x03\x00" + b"\x01" * 200


@pytest.fixture(autouse=True, name="media_root")
def dossier_media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}}}


def dossier_incident(org: Any, dispatcher: Any, *, photo: bytes = PNG, phone: str = "+12135550299") -> Any:
    incident = make_incident(org)
    report = Report.objects.create(organization=org, channel="sms", provider_id=f"SMdossier{incident.pk}",
                                   body="Agentes en la esquina de Cesar Chavez", caller_number="+13235550100",
                                   received_at=T0, incident=incident)
    media = ReportMedia.objects.create(organization=org, report=report)
    store_bytes(media, MP3, "audio/mpeg")
    responder = make_responder(org, phone, name="Maria Observadora")
    actions.offer_incident(incident, by=dispatcher, now=T0)
    offer = Offer.objects.get(responder=responder, incident=incident)
    actions.accept_offer(offer, now=T0)
    offer.refresh_from_db()
    evidence.store_file(offer, SimpleUploadedFile("p.png", photo), now=T0)
    evidence.add_observation(offer, "Two unmarked vans; agents in vests marked POLICE ICE.", now=T0)
    return incident


@pytest.fixture(name="incident")
def dossier_ready_incident(north, dispatcher):  # type: ignore[no-untyped-def]
    return dossier_incident(north, dispatcher)
