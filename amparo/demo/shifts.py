"""The demo's shifts: the next seven days of desk blocks held by the demo dispatcher and admin, but one
(a gap to see on the week's board and on a member's page), and a field shift at a school's drop-off.
Made through the real actions; a second run adds what is missing and changes nothing else."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from amparo.accounts.models import User
from amparo.core.clock import org_zone
from amparo.orgs.models import Organization
from amparo.places.models import Place, PlaceKind
from amparo.voice.actions import set_duty
from amparo.voice.models import DutyStatus
from amparo.volunteers import shifts
from amparo.volunteers.models import Shift, ShiftKind

# Fictional 555 duty phones, as the demo's responders have.
DESK = [("dispatcher@demo.amparo.test", "+12135550110"), ("admin@demo.amparo.test", "+12135550111")]
SCHOOL = "Roosevelt High School"


def ensure_shifts(org: Organization, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    zone = org_zone(org)
    holders = []
    for email, phone in DESK:
        user = User.objects.get(email=email)
        if not DutyStatus.objects.filter(organization=org, user=user).exclude(phone_hash="").exists():
            set_duty(org, user, on_duty=False, phone=phone, schedule=[])
        holders.append(user)
    monday = shifts.week_monday(org, now)
    for week in range(2):
        shifts.ensure_desk_blocks(org, monday + timedelta(days=7 * week))
    # The gap: the night block two days from now (local 00:00), left open on purpose.
    gap_day = timezone.localtime(now, zone).date() + timedelta(days=2)
    gap_start = datetime.combine(gap_day, time(0), tzinfo=zone)
    blocks = Shift.objects.filter(organization=org, kind=ShiftKind.DESK, taken=0, ends_at__gt=now,
                                  starts_at__lt=now + timedelta(days=7)).order_by("starts_at")
    taken = 0
    for i, block in enumerate(blocks):
        if block.starts_at == gap_start:
            continue
        if shifts.take_shift(block, holders[i % len(holders)], now=now) == shifts.Take.TAKEN:
            taken += 1
    return {"desk_taken": taken, "field": ensure_school_shift(org, now)}


def ensure_school_shift(org: Organization, now: datetime) -> int:
    """Tomorrow's drop-off at the school (07:30-08:30), two places, one held by the demo responder."""
    school = next((p for p in Place.objects.filter(organization=org, kind=PlaceKind.SCHOOL) if p.name == SCHOOL), None)
    if school is None:
        return 0
    zone = org_zone(org)
    day = timezone.localtime(now, zone).date() + timedelta(days=1)
    start = datetime.combine(day, time(7, 30), tzinfo=zone)
    shift = Shift.objects.filter(organization=org, kind=ShiftKind.FIELD, place=school, starts_at=start).first()
    made = 0
    if shift is None:
        admin = User.objects.get(email="admin@demo.amparo.test")
        shift = shifts.create_field_shift(org, place=school, starts_at=start, ends_at=start + timedelta(hours=1),
                                          seats=2, by=admin)
        made = 1
    shifts.take_shift(shift, User.objects.get(email="responder@demo.amparo.test"), now=now)
    return made
