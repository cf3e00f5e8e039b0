"""The alerts app's periodic work (found by Huey's autodiscovery): the minute sweep of
batches (expiry, dead workers' batches, lost tasks, interrupted planning) and the daily
lapse of silent subscriptions."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from amparo.alerts import batches
from amparo.alerts.fanout import enqueue_batches, plan_alert_task
from amparo.alerts.models import Alert, AlertStatus, Subscriber, SubscriberStatus
from amparo.alerts.subscriptions import due_to_lapse, lapse
from amparo.orgs.models import Organization

log = logging.getLogger(__name__)

# Planning 500,000 subscribers takes about a minute; one still unplanned after this died.
PLANNING_GRACE = timedelta(minutes=10)


def sweep_alerts() -> dict[str, int]:
    now = timezone.now()
    result = batches.sweep(now)
    enqueue_batches(result.enqueue)
    # A correction's alert too: its audience is its own (the people earlier alerts reached), read from
    # the alert, and planning twice plans nobody twice.
    stuck = list(Alert.objects.filter(status=AlertStatus.SENDING, planned_at__isnull=True,
                                      approved_at__lt=now - PLANNING_GRACE)
                 .order_by("approved_at").values_list("pk", flat=True)[:100])
    for alert_id in stuck:
        plan_alert_task(alert_id)
    return {"enqueued": len(result.enqueue), "unknown": result.unknown, "expired": result.expired,
            "replanned": len(stuck)}


@db_periodic_task(crontab(minute="*"))
def sweep_alert_batches() -> dict[str, int]:
    return sweep_alerts()


def lapse_silent_subscriptions() -> int:
    """Every organization's silent subscriptions lapse, each with one notice (stored failed if the
    organization has no alerts sender any more: the subscription still ends)."""
    now, count = timezone.now(), 0
    org_ids = Subscriber.objects.filter(status=SubscriberStatus.ACTIVE).values_list("organization_id", flat=True).distinct()
    for org in Organization.objects.filter(pk__in=list(org_ids)):
        lapsed = sum(1 for pk in due_to_lapse(org, now) if lapse(org, pk, now=now))
        if lapsed:
            log.info("alerts: %s subscriptions lapsed in %s", lapsed, org.slug)
        count += lapsed
    return count


@db_periodic_task(crontab(hour="4", minute="41"))
def lapse_subscriptions() -> int:
    """Daily: silent subscriptions lapse (AlertSettings.lapse_months), with a notice from the alerts sender."""
    return lapse_silent_subscriptions()
