"""Hearing reminders: 7 days and 1 day before, into the coordinator's queue.

Written by the minute sweep (``amparo.legal.tasks``). The truth is two columns per
hearing, ``reminded_week_at`` and ``reminded_day_at``, each claimed with a
conditional UPDATE, so two sweeps at once remind once. "7 days before" is the same
wall-clock time a week earlier in the organization's zone, so a daylight-saving
change in between still reminds at the hour people expect. A new date is a new
hearing event, with its own columns.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from amparo.audit.log import audit
from amparo.core.clock import org_zone
from amparo.legal.models import CaseStatus, Hearing, HearingReminder, ReminderKind

__all__ = ["reminder_due_at", "remind_hearings", "dismiss_reminder"]

LEADS = {ReminderKind.WEEK: timedelta(days=7), ReminderKind.DAY: timedelta(days=1)}
COLUMNS = {ReminderKind.WEEK: "reminded_week_at", ReminderKind.DAY: "reminded_day_at"}
BATCH = 500


def reminder_due_at(starts_at: datetime, kind: str, zone: Any) -> datetime:
    """The same wall-clock time ``LEADS[kind]`` earlier, in ``zone`` (aware arithmetic in one zone is wall-clock)."""
    local = starts_at.astimezone(zone)
    return local - LEADS[ReminderKind(kind)]


def _claim(hearing: Hearing, kind: str, now: datetime) -> bool:
    column = COLUMNS[ReminderKind(kind)]
    return Hearing.objects.filter(pk=hearing.pk, **{f"{column}__isnull": True}).update(**{column: now}) == 1


def remind_hearings(now: datetime | None = None) -> int:
    """Put every reminder now due into its organization's queue. Returns how many were written."""
    now = now or timezone.now()
    # Coarse in SQL (a week and a day ahead, a day of margin for zones), exact per row.
    horizon = now + timedelta(days=9)
    due = list(Hearing.objects.filter(starts_at__gt=now, starts_at__lte=horizon)
               .filter(reminded_week_at__isnull=True).select_related("case__organization")[:BATCH])
    due += list(Hearing.objects.filter(starts_at__gt=now, starts_at__lte=horizon, reminded_week_at__isnull=False,
                                       reminded_day_at__isnull=True).select_related("case__organization")[:BATCH])
    written = 0
    for h in due:
        zone = org_zone(h.case.organization)
        if h.case.status == CaseStatus.CLOSED:
            _claim(h, ReminderKind.WEEK, now)
            _claim(h, ReminderKind.DAY, now)
            continue
        day_due = reminder_due_at(h.starts_at, ReminderKind.DAY, zone) <= now
        week_due = reminder_due_at(h.starts_at, ReminderKind.WEEK, zone) <= now
        for kind, is_due in ((ReminderKind.WEEK, week_due and not day_due), (ReminderKind.DAY, day_due)):
            with transaction.atomic():
                if is_due and _claim(h, kind, now):
                    HearingReminder.objects.get_or_create(
                        hearing=h, kind=kind,
                        defaults={"organization_id": h.organization_id, "case_id": h.case_id, "created_at": now})
                    written += 1
        if day_due and h.reminded_week_at is None:
            _claim(h, ReminderKind.WEEK, now)  # a day away already: the week's reminder would only repeat it
    return written


def dismiss_reminder(reminder: HearingReminder, *, by: Any) -> None:
    HearingReminder.objects.filter(pk=reminder.pk, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=by if getattr(by, "is_authenticated", False) else None)
    audit(reminder.organization_id, action="change", object_type="legal_case", object_ids=[reminder.case_id],
          actor=by, reason="hearing reminder done")
