"""Background jobs of the voice hotline.

Recordings: once the report's copy is stored (encrypted, by the reports
app's media task), the recording is deleted at Twilio, so that no copy
outlives Amparo's retention. The delete waits (retries) while the fetch is
pending, and never runs when the fetch failed: then Twilio's copy is the
only one, and the report shows the media as failed for a person to handle.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task
from twilio.base.exceptions import TwilioRestException

from amparo.reports.models import ReportMedia
from amparo.voice.actions import file_overdue_calls
from amparo.voice.client import twilio_client
from amparo.voice.models import Call

log = logging.getLogger(__name__)

DELETE_RETRIES = 12
DELETE_RETRY_DELAY = 120  # seconds; a media fetch retries every minute, five times


class RecordingNotStoredYet(Exception):
    """Our copy is still being fetched: try the delete later."""


def delete_recording(call_id: int) -> str:
    """Delete the call's recording at Twilio if our copy is stored. Returns what happened."""
    call = Call.objects.select_related("organization").filter(pk=call_id).first()
    if call is None or not call.recording_sid or not call.report_id:
        return "nothing"
    if call.recording_deleted_at is not None:
        return "deleted"
    statuses = set(ReportMedia.objects.filter(organization_id=call.organization_id, report_id=call.report_id)
                   .values_list("status", flat=True))
    if ReportMedia.STORED not in statuses:
        if ReportMedia.PENDING in statuses:
            raise RecordingNotStoredYet(f"call {call.pk}: recording not stored yet")
        log.error("call %s: the recording could not be stored; kept at Twilio", call.pk)
        return "kept"
    client = twilio_client(call.organization)
    if client is None:
        log.error("call %s: no Twilio account to delete the recording with", call.pk)
        return "no-account"
    try:
        client.recordings(call.recording_sid).delete()
    except TwilioRestException as exc:
        if exc.status != 404:  # 404: already gone, which is what we want
            raise
    Call.objects.filter(pk=call.pk).update(recording_deleted_at=timezone.now())
    return "deleted"


@db_task(retries=DELETE_RETRIES, retry_delay=DELETE_RETRY_DELAY)
def delete_twilio_recording(call_id: int) -> str:
    return delete_recording(call_id)


def sweep(now=None) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    """Catch what a crash or a lost callback left behind: calls that ended while
    recording get their captured report; stored recordings not yet deleted at
    Twilio get their delete queued again."""
    now = now or timezone.now()
    filed = file_overdue_calls(now)
    stale = Call.objects.filter(
        recording_deleted_at__isnull=True, report__media__status=ReportMedia.STORED,
        started_at__lt=now - timedelta(minutes=10),
    ).exclude(recording_sid="").values_list("pk", flat=True).distinct()[:200]
    deletes = list(stale)
    for call_id in deletes:
        delete_twilio_recording(call_id)
    return {"filed": filed, "deletes": deletes}


@db_periodic_task(crontab(minute="*/2"))
def sweep_calls() -> dict[str, list[int]]:
    return sweep()
