"""The demo's rumor control: one incident checked and found a false alarm, its reporters
corrected through the real actions, and its verdict past the public page's delay so the page shows it,
yet after the incident's last report (a verdict checked before anyone reported would read as nonsense)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from amparo.alerts.corrections import CorrectionError, offer_correction, send_correction
from amparo.alerts.models import Correction
from amparo.alerts.selectors import alert_settings, publishable_incidents
from amparo.incidents.actions import transition
from amparo.incidents.models import Incident, IncidentEvent, Status
from amparo.orgs.models import Organization
from amparo.reports.models import Report


def ensure_false_alarm_correction(org: Organization, dispatcher: Any, *, skip: Incident | None) -> Correction | None:
    """Idempotent: a second run finds the correction and changes nothing."""
    existing = Correction.objects.filter(organization=org).first()
    if existing is not None or dispatcher is None:
        return existing
    # An incident people texted about, so the correction has someone to reach.
    texted = Report.objects.filter(incident=OuterRef("pk"), channel="sms").exclude(caller_hash="")
    delay = timedelta(minutes=alert_settings(org).updates_delay_minutes)
    checked_after = timedelta(minutes=5)
    now = timezone.now()
    candidates = (publishable_incidents(org.pk).filter(status=Status.REPORTED).filter(Exists(texted))
                  .filter(last_report_at__lte=now - delay - 2 * checked_after)
                  .order_by("-first_report_at"))
    if skip is not None:
        candidates = candidates.exclude(pk=skip.pk)
    incident = candidates.first()
    if incident is None:
        return None
    with transaction.atomic():
        incident = transition(incident, Status.VERIFYING, by=dispatcher)
        incident = transition(incident, Status.FALSE_ALARM, by=dispatcher, reason="a city crew, not enforcement")
        # Checked a few minutes after the last report: past the public page's delay, so the page shows it.
        IncidentEvent.objects.filter(incident=incident, kind="status").update(
            at=incident.last_report_at + checked_after)
    try:
        with transaction.atomic():
            correction = offer_correction(incident, by=dispatcher)
            send_correction(correction, by=dispatcher)
    except CorrectionError:
        return None
    return Correction.objects.get(pk=correction.pk)
