"""The minute sweep of referrals nobody answered in time.

A pending referral past its ``answer_due_at`` is claimed once (a conditional
UPDATE on ``escalated_at``, so two sweeps never alert twice); the coordinator
who sent it is e-mailed with the next provider the match proposes, and the
case's referral page shows it. The referral stays open: the provider may still
accept until the coordinator refers the case to someone else, which closes it
as expired. Nothing is sent to the next provider: only a coordinator chooses.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from amparo.legal.models import Referral, ReferralStatus
from amparo.legal.referrals import next_proposal, notify_coordinator


def sweep_referrals(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    # Every organization by design: the ids come from this query, each row claimed by id below.
    due = list(Referral.objects.filter(status=ReferralStatus.PENDING, escalated_at__isnull=True,
                                       answer_due_at__lte=now).values_list("pk", "organization_id")[:500])
    alerted = 0
    for pk, org_id in due:
        claimed = Referral.objects.filter(pk=pk, organization_id=org_id, status=ReferralStatus.PENDING,
                                          escalated_at__isnull=True).update(escalated_at=now)
        if not claimed:
            continue
        referral = Referral.objects.select_related("case", "case__person", "case__facility").get(
            pk=pk, organization_id=org_id)
        best = next_proposal(referral.case)
        name = best.provider.name if best else ""
        transaction.on_commit(partial(notify_coordinator, pk, "unanswered", name))
        alerted += 1
    return {"unanswered": alerted}
