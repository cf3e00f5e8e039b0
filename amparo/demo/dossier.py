"""The demo's dossier-ready incident: Mariachi Plaza, verified by an observer who filed a photo and an
observation, reported the outcome and checked out, all through the real actions. A legal coordinator
or the admin can then download its evidence dossier (docs/dossier.md)."""

from __future__ import annotations

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from amparo.crypto.signing import org_public_key
from amparo.incidents.models import Incident
from amparo.orgs.models import Organization
from amparo.reports.models import Report
from amparo.verification import evidence, onscene
from amparo.verification.actions import accept_offer, offer_incident, phone_hash
from amparo.verification.models import Evidence, Offer, Responder

REPORT = "DEMO-007"  # "migra en la Plaza del Mariachi, 2 camionetas negras"
OBSERVER_PHONE = "+12135550202"  # Rosa M., Boyle Heights
OBSERVATION = ("Dos camionetas negras sin placas frente a la Plaza del Mariachi; agentes con chalecos "
               "\"POLICE ICE\". Una persona detenida y llevada en la segunda camioneta hacia el norte. "
               "Observado desde la acera de enfrente.")


def photo_png(width: int = 96, height: int = 64) -> bytes:
    """A small real PNG (a plain picture of a street at dusk: two bands), made without an image library."""
    rows = b"".join(b"\x00" + (b"\x2a\x3b\x5c" if y < height * 2 // 3 else b"\x55\x55\x55") * width
                    for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def ensure_dossier_incident(org: Organization, dispatcher: object) -> Incident | None:
    """Verify the Mariachi Plaza incident with evidence, once. Returns it, or None if its report is missing."""
    report = Report.objects.filter(organization=org, provider_id=REPORT).select_related("incident").first()
    if report is None or report.incident is None:
        return None
    incident = report.incident
    if Evidence.objects.filter(organization=org, incident=incident).exists():
        return incident
    responder = Responder.objects.get(organization=org, phone_hash=phone_hash(org.pk, OBSERVER_PHONE))
    offer_incident(incident, by=dispatcher, responders=[responder])
    offer = Offer.objects.get(organization=org, incident=incident, responder=responder)
    accept_offer(offer, via="page")
    offer.refresh_from_db()
    onscene.arrive(offer)
    offer.refresh_from_db()
    evidence.store_file(offer, SimpleUploadedFile("plaza.png", photo_png(), content_type="image/png"))
    evidence.add_observation(offer, OBSERVATION)
    onscene.report_outcome(offer, outcome="enforcement_seen", agency="ice")
    offer.refresh_from_db()
    onscene.check_out(offer)
    org_public_key(org.pk)  # the signing key exists before anyone asks for it
    return incident
