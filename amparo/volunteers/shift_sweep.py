"""The shifts' minute sweep: reminders, and the field shift's check-out safety chain.

The same chain as a dispatch's (amparo/verification/safety.py), with one step
in front: a member whose field shift ended ``checkout_grace_minutes`` ago
without a check-out is texted first (most have simply forgotten); if they
still have not checked out ``escalate_minutes`` later, the dispatchers on
duty are alerted; ``safety_contact_minutes`` (verification's setting) after
that, the organization's safety contact. Each step claims its row with a
conditional UPDATE of its deadline column, so two sweeps never text twice.
Nothing here calls anyone to an incident.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from amparo.texts.render import render_text
from amparo.verification.actions import settings_for
from amparo.volunteers import shift_notify as notify
from amparo.volunteers.models import ShiftKind, ShiftSettings, ShiftSignup, SignupStatus

BATCH = 200
HELD = SignupStatus.HELD


def _conf(org_id: int) -> ShiftSettings:
    row, _created = ShiftSettings.objects.get_or_create(organization_id=org_id)
    return row


def _rows(**filters: object) -> list[ShiftSignup]:
    return list(ShiftSignup.objects.filter(status=HELD, **filters)
                .select_related("shift__organization", "shift__place", "user").order_by("pk")[:BATCH])


def remind(now: datetime) -> int:
    """Before each shift: desk or field, ``reminder_minutes`` ahead (an org setting)."""
    done = 0
    for signup in _rows(reminded_at__isnull=True, shift__starts_at__gt=now,
                        shift__starts_at__lte=now + timedelta(days=1)):
        shift, org = signup.shift, signup.shift.organization
        if shift.starts_at - timedelta(minutes=_conf(org.pk).reminder_minutes) > now:
            continue
        if not ShiftSignup.objects.filter(pk=signup.pk, status=HELD, reminded_at__isnull=True).update(
                reminded_at=now):
            continue
        ctx = {"start": notify.local(org, shift.starts_at), "end": notify.local(org, shift.ends_at, "H:i")}
        if shift.kind == ShiftKind.FIELD:
            notify.text_member(org, signup.user_id, "shifts.field_reminder", site=notify.site_name(shift),
                               link=notify.shifts_link(), **ctx)
        else:
            notify.text_member(org, signup.user_id, "shifts.desk_reminder", **ctx)
        done += 1
    return done


def remind_checkout(now: datetime) -> int:
    """The field shift ended and the member has not checked out: text them first."""
    done = 0
    for signup in _rows(checkout_due_at__lte=now, checked_out_at__isnull=True):
        org = signup.shift.organization
        with transaction.atomic():
            if not ShiftSignup.objects.filter(pk=signup.pk, status=HELD, checked_out_at__isnull=True,
                                              checkout_due_at=signup.checkout_due_at).update(
                    checkout_due_at=None, checkout_reminded_at=now,
                    dispatchers_due_at=now + timedelta(minutes=_conf(org.pk).escalate_minutes)):
                continue
            notify.text_member(org, signup.user_id, "shifts.checkout_reminder", site=notify.site_name(signup.shift),
                               end=notify.local(org, signup.shift.ends_at, "H:i"), link=notify.shifts_link())
        done += 1
    return done


def alert_dispatchers(now: datetime) -> int:
    done = 0
    for signup in _rows(dispatchers_due_at__lte=now, dispatchers_alerted_at__isnull=True,
                        checked_out_at__isnull=True):
        org = signup.shift.organization
        safety_at = now + timedelta(minutes=settings_for(org).safety_contact_minutes)
        with transaction.atomic():
            if not ShiftSignup.objects.filter(pk=signup.pk, status=HELD, dispatchers_alerted_at__isnull=True,
                                              dispatchers_due_at=signup.dispatchers_due_at).update(
                    dispatchers_due_at=None, dispatchers_alerted_at=now, safety_due_at=safety_at):
                continue
            body = render_text(org.pk, "shifts.checkout_overdue", org.default_language, **notify.who(org, signup))
            notify.text_dispatchers(org, body, now, skip_user=signup.user_id)
        done += 1
    return done


def alert_safety_contact(now: datetime) -> int:
    done = 0
    for signup in _rows(safety_due_at__lte=now, safety_alerted_at__isnull=True, checked_out_at__isnull=True):
        org = signup.shift.organization
        with transaction.atomic():
            if not ShiftSignup.objects.filter(pk=signup.pk, status=HELD, safety_alerted_at__isnull=True,
                                              safety_due_at=signup.safety_due_at).update(
                    safety_due_at=None, safety_alerted_at=now):
                continue
            alerted = signup.dispatchers_alerted_at or now
            body = render_text(org.pk, "shifts.safety_overdue", org.default_language, **notify.who(org, signup),
                               alerted=notify.local(org, alerted, "H:i"))
            notify.text_safety_contact(org, body)
        done += 1
    return done


def forget_history(now: datetime) -> int:
    """Delete the signups of shifts that ended more than ``history_days`` ago (the shifts stay: they name
    no one). Per organization, in batches."""
    done = 0
    for conf in ShiftSettings.objects.all():
        old = list(ShiftSignup.objects.filter(organization_id=conf.organization_id,
                                              shift__ends_at__lt=now - timedelta(days=conf.history_days))
                   .values_list("pk", flat=True)[:BATCH * 5])
        if old:
            done += ShiftSignup.objects.filter(organization_id=conf.organization_id, pk__in=old).delete()[0]
    return done


STEPS: list[tuple[str, Callable[[datetime], int]]] = [
    ("reminded", remind),
    ("checkout_reminded", remind_checkout),
    ("dispatchers_alerted", alert_dispatchers),
    ("safety_alerted", alert_safety_contact),
    ("forgotten", forget_history),
]


def sweep(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {name: step(now) for name, step in STEPS}


@db_periodic_task(crontab(minute="*"))
def sweep_shifts() -> dict[str, int]:
    return sweep()
