from __future__ import annotations

import itertools

import pytest

from amparo.alerts.models import AlertSettings
from amparo.crypto.keys import keyed_hash
from amparo.intake.pipeline import IngestResult, ingest_report
from amparo.messaging.models import OutboundMessage
from amparo.orgs.models import Zone
from amparo.reports.models import Sender
from conftest import NORTH_NUMBER

ALERTS_SID = "MG" + "a1" * 16
ANA = "+13235550142"
BETO = "+13235550177"
_ids = itertools.count()


def with_alerts(org):  # type: ignore[no-untyped-def]
    """``org`` with an alerts sender, English and Spanish, and a zone in Los Angeles (California)."""
    org.languages = ["en", "es"]
    org.save(update_fields=["languages"])
    AlertSettings.objects.create(organization=org, messaging_service_sid=ALERTS_SID)
    Zone.objects.create(organization=org, name="Boyle Heights", zips=["90033", "90023"])
    return org


@pytest.fixture
def net(north):  # type: ignore[no-untyped-def]
    return with_alerts(north)


def sms(org, body: str, *, sender: Sender = Sender.HOTLINE, frm: str = ANA) -> IngestResult:  # type: ignore[no-untyped-def]
    """A text through the real pipeline, to the hotline or to the alerts sender."""
    to = NORTH_NUMBER if sender == Sender.HOTLINE else "+12135550999"
    return ingest_report(org=org, channel="sms", provider_id=f"SMsub{next(_ids)}", from_number=frm, to_number=to,
                         body=body, sender=sender)


def texts_to(org, e164: str = ANA) -> list[OutboundMessage]:  # type: ignore[no-untyped-def]
    return list(OutboundMessage.objects.filter(organization=org, to_hash=keyed_hash(org.pk, "tel:" + e164))
                .order_by("pk"))


def hash_of(org, e164: str = ANA) -> str:  # type: ignore[no-untyped-def]
    return keyed_hash(org.pk, "tel:" + e164)
