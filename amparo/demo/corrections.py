"""The demo's rumor control: one incident checked and found a false alarm, its reporters
corrected through the real actions, and its verdict an hour old so the public page shows it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from amparo.alerts.corrections import CorrectionError, offer_correction, send_correction
from amparo.alerts.models import Correction
from amparo.alerts.selectors import publishable_incidents
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
    candidates = (publishable_incidents(org.pk).filter(status=Status.REPORTED).filter(Exists(texted))
                  .order_by("-first_report_at"))
    if skip is not None:
        candidates = candidates.exclude(pk=skip.pk)
    incident = candidates.first()
    if incident is None:
        return None
    with transaction.atomic():
        incident = transition(incident, Status.VERIFYING, by=dispatcher)
        incident = transition(incident, Status.FALSE_ALARM, by=dispatcher, reason="a city crew, not enforcement")
        # Checked an hour ago: past the public page's delay, so the demo's page shows the notice.
        IncidentEvent.objects.filter(incident=incident, kind="status").update(at=timezone.now() - timedelta(hours=1))
    try:
        with transaction.atomic():
            correction = offer_correction(incident, by=dispatcher)
            send_correction(correction, by=dispatcher)
    except CorrectionError:
        return None
    return Correction.objects.get(pk=correction.pk)
