"""The alerts app's periodic work (found by Huey's autodiscovery)."""

from __future__ import annotations

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from amparo.alerts.models import Subscriber, SubscriberStatus
from amparo.alerts.subscriptions import due_to_lapse, lapse
from amparo.orgs.models import Organization

log = logging.getLogger(__name__)


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
