"""Is the background worker alive? The minute sweep beats; the web process reads the beat.

The worker writes ``Heartbeat(name).beat_at`` each time it runs the minute sweep.
The web process, which needs no worker for this, calls it silent when that is
older than ``AMPARO_WORKER_SILENT_SECONDS``. A row that does not exist yet is
created at the first look, so a worker that never started is caught too.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from amparo.core.models import Heartbeat

MINUTE_SWEEP = "minute-sweep"


def beat(name: str = MINUTE_SWEEP, *, now: datetime | None = None) -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": now or timezone.now()})


def silent_since(name: str = MINUTE_SWEEP, *, now: datetime | None = None) -> datetime | None:
    """The last beat when it is too old, else None."""
    now = now or timezone.now()
    last = Heartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()
    if last is None:
        Heartbeat.objects.get_or_create(name=name, defaults={"beat_at": now})
        return None
    if now - last > timedelta(seconds=settings.AMPARO_WORKER_SILENT_SECONDS):
        return last
    return None


def claim_alert(name: str = MINUTE_SWEEP, *, now: datetime | None = None) -> bool:
    """True for exactly one caller per silence, whichever process asks first (a conditional UPDATE)."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.AMPARO_WORKER_SILENT_SECONDS)
    return bool(Heartbeat.objects.filter(name=name, beat_at__lt=cutoff)
                .filter(Q(alerted_at__isnull=True) | Q(alerted_at__lt=F("beat_at")))
                .update(alerted_at=now))
