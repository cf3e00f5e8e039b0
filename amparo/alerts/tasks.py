"""The alerts' minute sweep: expiry, dead workers' batches, lost tasks, interrupted planning."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from amparo.alerts import batches
from amparo.alerts.fanout import enqueue_batches, plan_alert_task
from amparo.alerts.models import Alert, AlertStatus

# Planning 500,000 subscribers takes under a minute; one still unplanned after this died.
PLANNING_GRACE = timedelta(minutes=10)


def sweep_alerts() -> dict[str, int]:
    now = timezone.now()
    result = batches.sweep(now)
    enqueue_batches(result.enqueue)
    stuck = list(Alert.objects.filter(status=AlertStatus.SENDING, planned_at__isnull=True,
                                      approved_at__lt=now - PLANNING_GRACE).values_list("pk", flat=True)[:100])
    for alert_id in stuck:
        plan_alert_task(alert_id)
    return {"enqueued": len(result.enqueue), "unknown": result.unknown, "expired": result.expired,
            "replanned": len(stuck)}


@db_periodic_task(crontab(minute="*"))
def sweep_alert_batches() -> dict[str, int]:
    return sweep_alerts()
