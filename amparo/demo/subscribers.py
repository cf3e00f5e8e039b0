"""The demo's alerts subscribers: an alerts sender (a fictional Messaging Service) and three dozen
subscribers in English and Spanish across the demo's ZIP codes, each made the way a person would:
ALERTAS or ALERTS texted to the hotline, then SI/YES to the alerts sender. A second run adds nothing
(the texts' provider ids are stored once)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from amparo.alerts.actions import update_alert_settings
from amparo.alerts.models import Subscriber, SubscriberStatus
from amparo.alerts.selectors import alert_settings
from amparo.intake.pipeline import ingest_report
from amparo.orgs.models import Organization
from amparo.reports.models import Sender

DEMO_SERVICE = "MG" + "0d" * 16  # fictional: the console transport records what it would send
ZIPS = ["90033", "90023", "90063", "90022", "90012", "90013", "90015", "90021", "90031", "90032", "90057", "90004"]
COUNT = 36


def ensure_subscribers(org: Organization, hotline: str) -> int:
    """Returns the number of active subscribers of the demo network."""
    if not alert_settings(org).messaging_service_sid:
        update_alert_settings(org, values={"messaging_service_sid": DEMO_SERVICE}, actor=None)
    # Within the last hours: SI/YES counts only while the confirmation is recent (by the clock).
    start = timezone.now() - timedelta(minutes=10 * COUNT)
    for i in range(COUNT):
        spanish = i % 3 != 2  # two in three ask in Spanish
        number = f"+1323555{800 + i:04d}"
        at = start + timedelta(minutes=10 * i)
        ingest_report(org=org, channel="sms", provider_id=f"SMdemo-alerts-{i}-ask", from_number=number,
                      to_number=hotline, body=f"{'ALERTAS' if spanish else 'ALERTS'} {ZIPS[i % len(ZIPS)]}",
                      received_at=at)
        if i % 12 != 11:  # a few never answered the confirmation
            ingest_report(org=org, channel="sms", provider_id=f"SMdemo-alerts-{i}-yes", from_number=number,
                          to_number="", body="SI" if spanish else "YES", received_at=at + timedelta(minutes=3),
                          sender=Sender.ALERTS)
    return Subscriber.objects.filter(organization=org, status=SubscriberStatus.ACTIVE).count()
