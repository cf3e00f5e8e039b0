"""The minute sweep of trainings and certifications (run by ``training_tasks``).

Every deadline is a column: a seat's ``reminded_day_at`` / ``reminded_hours_at``,
a certification's ``expiry_reminded_at``. Each row is claimed by a conditional
UPDATE before its text goes out, so two sweeps at once text once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation

from amparo.volunteers.certifications import kind_label, valid_q
from amparo.volunteers.models import Certification
from amparo.volunteers.trainings import BATCH, day_text, remind_seats, tell_person

EXPIRY_NOTICE = timedelta(days=30)


def remind_expiring(now: datetime) -> int:
    """A member whose certification ends within 30 days, and who has no later one of
    the same kind, is told once. The admin's list shows the same certifications."""
    later = Certification.objects.filter(
        valid_q(now), organization_id=OuterRef("organization_id"), kind_id=OuterRef("kind_id"),
        expires_at__gt=OuterRef("expires_at")).filter(
        Q(responder_id=OuterRef("responder_id")) | Q(user_id=OuterRef("user_id")))
    due = (Certification.objects.filter(valid_q(now), expiry_reminded_at__isnull=True,
                                        expires_at__lte=now + EXPIRY_NOTICE)
           .exclude(Exists(later)).select_related("kind", "organization", "user", "responder")[:BATCH])
    sent = 0
    for cert in list(due):
        if not Certification.objects.filter(pk=cert.pk, expiry_reminded_at__isnull=True).update(
                expiry_reminded_at=now):
            continue
        tell_person(cert.organization, "cert.expiring", user=cert.user, responder=cert.responder, context=partial(_expiry_context, cert))
        sent += 1
    return sent


def _expiry_context(cert: Certification, language: str) -> dict[str, str]:
    with translation.override(language):
        kind = kind_label(cert.kind)
    return {"kind": kind, "day": day_text(cert.organization, cert.expires_at, language)}


def sweep(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {"training_reminders": remind_seats(now), "expiry_reminders": remind_expiring(now)}
