"""Deleting inbound messages at Twilio once Amparo has stored them, so that the
provider keeps no copy longer than Amparo does. Recordings: amparo/voice/tasks.py."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.utils import timezone

from amparo.core.provider import ProviderError, provider_account
from amparo.reports.models import Report, ReportMedia
from amparo.retention.models import ProviderDeletion

log = logging.getLogger(__name__)
SWEEP_DAYS = 7  # older messages the sweep leaves alone: Twilio's own retention has been asked already


def delete_inbound_message(report_id: int) -> str:
    """Delete the report's message at Twilio if our copy (media included) is stored."""
    report = Report.objects.select_related("organization").filter(pk=report_id).first()
    if report is None or report.channel not in ("sms", "whatsapp") or report.imported:
        return "nothing"
    if not report.provider_id.startswith(("SM", "MM")):
        return "nothing"
    if ProviderDeletion.objects.filter(report_id=report.pk).exists():
        return "deleted"
    if ReportMedia.objects.filter(report_id=report.pk, status=ReportMedia.PENDING).exists():
        return "waiting"  # the media is still being fetched from Twilio; the sweep comes back
    account = provider_account(report.organization)
    if account is None:
        return "no-account"
    try:
        account.delete_message(report.provider_id)
    except ProviderError as exc:
        log.warning("report %s: the provider refused to delete the message (%s)", report.pk, exc)
        return "failed"
    ProviderDeletion.objects.get_or_create(report_id=report.pk, defaults={
        "organization_id": report.organization_id, "at": timezone.now()})
    return "deleted"


def undeleted_reports(now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        Report.objects.filter(channel__in=("sms", "whatsapp"), imported=False,
                              created_at__gte=now - timedelta(days=SWEEP_DAYS))
        .exclude(pk__in=ProviderDeletion.objects.values("report_id"))
        .exclude(media__status=ReportMedia.PENDING)
        .values_list("pk", flat=True)[:500]
    )
