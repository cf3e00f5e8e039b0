"""Retention of subscribers (registered in the purge registry by ``AlertsConfig.ready``).

A subscription that ended (stopped, lapsed, undeliverable) or was never
confirmed is deleted with its areas and consent log once the organization's
``unattached_days`` have passed since it last changed: nothing is left to
consent to. A live subscriber's consent log is kept for as long as the
subscription lives, and so are the texts that carried it (ALERTAS, SI, ZIP...),
which the unattached purge would otherwise blank (``keep_consent_texts``).
``OptOut`` rows are never purged: a STOP must outlive everything else.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q

from amparo.alerts.areas import language_words
from amparo.alerts.models import Subscriber, SubscriberStatus
from amparo.alerts.subscriptions import CONFIRM_WINDOW
from amparo.audit.log import audit
from amparo.intake.keywords import fold
from amparo.orgs.models import Organization
from amparo.reports.models import Report, Route
from amparo.retention.actions import retention_for

ENDED = [SubscriberStatus.STOPPED, SubscriberStatus.LAPSED, SubscriberStatus.UNDELIVERABLE]
LIVE = [SubscriberStatus.ACTIVE, SubscriberStatus.PENDING]
CONSENT_WORDS = frozenset({"ALERTAS", "ALERTS", "SI", "YES", "ZIP"})


@transaction.atomic
def purge_subscribers(org: Organization, now: datetime) -> int:
    """Delete the organization's ended or never-confirmed subscriptions past the period; returns how many."""
    cutoff = now - timedelta(days=retention_for(org).unattached_days)
    due = Subscriber.objects.filter(organization=org, updated_at__lt=cutoff).filter(
        Q(status__in=ENDED) | Q(status=SubscriberStatus.PENDING, confirmation_sent_at__lt=now - CONFIRM_WINDOW))
    ids = list(due.values_list("pk", flat=True))
    if ids:
        # Areas, consent log and delivery rows go with them (CASCADE).
        Subscriber.objects.filter(organization=org, pk__in=ids).delete()
        audit(org.pk, action="purge", object_type="subscriber", object_ids=ids, actor_label="retention",
              reason=f"ended subscriptions: {len(ids)}")
    return len(ids)


def keep_consent_texts(org_id: int, report_ids: list[int]) -> set[int]:
    """Of the unattached reports due for blanking, the texts with which a live subscriber consented."""
    live = Subscriber.objects.filter(organization_id=org_id, status__in=LIVE).values("phone_hash")
    words = CONSENT_WORDS | set(language_words())
    kept = set()
    for report in Report.objects.filter(organization_id=org_id, pk__in=report_ids, route=Route.KEYWORD,
                                        caller_hash__in=live).only("pk", "body"):
        first = fold(report.body[:40]).split()[:1]
        if first and first[0] in words:
            kept.add(report.pk)
    return kept
