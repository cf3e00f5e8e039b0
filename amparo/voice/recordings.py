"""Deleting a call's recording at the provider once Amparo holds its own copy,
so the provider keeps none longer than we do."""

from __future__ import annotations

import logging

from django.utils import timezone
from huey.contrib.djhuey import db_task

from amparo.core.provider import ProviderError, provider_account
from amparo.reports.models import ReportMedia
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
    account = provider_account(call.organization)
    if account is None:
        log.error("call %s: no Twilio account to delete the recording with", call.pk)
        return "no-account"
    try:
        account.delete_recording(call.recording_sid)
    except ProviderError:
        raise  # Huey retries (DELETE_RETRIES); the sweep comes back after that
    Call.objects.filter(pk=call.pk).update(recording_deleted_at=timezone.now())
    return "deleted"


@db_task(retries=DELETE_RETRIES, retry_delay=DELETE_RETRY_DELAY)
def delete_twilio_recording(call_id: int) -> str:
    return delete_recording(call_id)
