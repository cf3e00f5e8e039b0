"""Background jobs of the voice hotline.

Recordings: once the report's copy is stored (encrypted, by the reports
app's media task), the recording is deleted at Twilio, so that no copy
outlives Amparo's retention. The delete waits (retries) while the fetch is
pending, and never runs when the fetch failed: then Twilio's copy is the
only one, and the report shows the media as failed for a person to handle.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from amparo.reports.models import ReportMedia
from amparo.voice.actions import file_overdue_calls
from amparo.voice.models import Call
from amparo.voice.recordings import delete_twilio_recording

log = logging.getLogger(__name__)



def sweep(now: datetime | None = None) -> dict[str, list[int]]:
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
