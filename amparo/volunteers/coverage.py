"""Reads for the shift pages: the week's board, a member's own view, and the coverage numbers.

Hours are real hours (``ends_at - starts_at``): the block that holds a
daylight-saving change counts 3 or 5. What a member may see is decided here,
not in a template: ``member_week`` returns their own shifts and the open
places, and never a holder of anything else, so no template can leak who
stands where and when.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from amparo.core.clock import org_zone
from amparo.orgs.models import Organization
from amparo.volunteers.models import Shift, ShiftKind, ShiftSignup, SignupStatus
from amparo.volunteers.shifts import DESK_ROLES, FIELD_ROLES, ensure_desk_blocks, shift_settings

HELD = SignupStatus.HELD


@dataclass
class CertificationFigures:
    """What the certifications part of the volunteers app reports for the coverage page."""

    per_kind: list[tuple[str, int]] = field(default_factory=list)  # (certification, members holding a valid one)
    expiring: list[tuple[str, str, date]] = field(default_factory=list)  # (member, certification, expires on)


# Filled by the certifications part (vol-certs) in VolunteersConfig.ready(): (org, now) -> figures.
# Without a provider the page leaves the certification figures out rather than showing zeros.
CERTIFICATION_FIGURES: list[Callable[[Organization, datetime], CertificationFigures]] = []


def register_certification_figures(provider: Callable[[Organization, datetime], CertificationFigures]) -> None:
    CERTIFICATION_FIGURES.append(provider)


def week_bounds(org: Organization, monday: date) -> tuple[datetime, datetime]:
    zone = org_zone(org)
    start = datetime(monday.year, monday.month, monday.day, tzinfo=zone)
    end_day = monday + timedelta(days=7)
    return start, datetime(end_day.year, end_day.month, end_day.day, tzinfo=zone)


def week_shifts(org: Organization, monday: date, *, with_holders: bool) -> list[Shift]:
    """Every shift starting in the week (local), desk blocks made if missing. ``with_holders``: the held
    signups and their users come along (the admin's board only)."""
    ensure_desk_blocks(org, monday)
    start, end = week_bounds(org, monday)
    rows = Shift.objects.filter(organization=org, starts_at__gte=start, starts_at__lt=end).select_related("place")
    if with_holders:
        rows = rows.prefetch_related(Prefetch(
            "signups", queryset=ShiftSignup.objects.filter(organization=org, status=HELD).select_related("user"),
            to_attr="held"))
    return list(rows.order_by("starts_at", "kind", "pk"))


@dataclass
class Day:
    day: date
    desk: list[Shift]
    field: list[Shift]


def by_day(org: Organization, monday: date, shifts: list[Shift]) -> list[Day]:
    zone = org_zone(org)
    days = [Day(monday + timedelta(days=i), [], []) for i in range(7)]
    for s in shifts:
        d = days[(timezone.localtime(s.starts_at, zone).date() - monday).days]
        (d.desk if s.kind == ShiftKind.DESK else d.field).append(s)
    return days


@dataclass
class Coverage:
    desk_needed: float
    desk_covered: float
    desk_gaps: int
    field_places: int
    field_filled: int
    median_hours: float | None
    active_members: int
    certifications: CertificationFigures | None

    @property
    def desk_percent(self) -> int:
        return round(100 * self.desk_covered / self.desk_needed) if self.desk_needed else 0


def coverage(org: Organization, shifts: list[Shift], now: datetime) -> Coverage:
    """The week's figures from the board's rows (no extra query but the certification provider's).
    Desk: hours needed = real hours x seats of every block; covered = real hours x seats held.
    Median hours per active member: over the members holding at least one shift this week."""
    desk = [s for s in shifts if s.kind == ShiftKind.DESK]
    per_member: dict[int, float] = {}
    for s in shifts:
        for signup in getattr(s, "held", []):
            per_member[signup.user_id] = per_member.get(signup.user_id, 0.0) + s.hours
    figures = None
    if CERTIFICATION_FIGURES:
        figures = CertificationFigures()
        for provider in CERTIFICATION_FIGURES:
            more = provider(org, now)
            figures.per_kind += more.per_kind
            figures.expiring += more.expiring
    fields = [s for s in shifts if s.kind == ShiftKind.FIELD]
    return Coverage(
        desk_needed=sum(s.hours * s.seats for s in desk),
        desk_covered=sum(s.hours * min(s.taken, s.seats) for s in desk),
        desk_gaps=sum(1 for s in desk if s.taken < s.seats),
        field_places=sum(s.seats for s in fields), field_filled=sum(min(s.taken, s.seats) for s in fields),
        median_hours=round(median(per_member.values()), 1) if per_member else None,
        active_members=len(per_member), certifications=figures,
    )


@dataclass
class MemberWeek:
    mine: list[ShiftSignup]
    open_days: list[Day]
    kinds: tuple[str, ...]


def member_week(org: Organization, user: Any, role: str, monday: date, now: datetime) -> MemberWeek:
    """A member's view: their own held shifts (upcoming ones, and this week's), and the shifts of the week
    with a free place they may hold, not yet ended. Nothing about who holds anything else."""
    kinds = tuple(k for k, roles in ((ShiftKind.DESK, DESK_ROLES), (ShiftKind.FIELD, FIELD_ROLES)) if role in roles)
    shifts = [s for s in week_shifts(org, monday, with_holders=False)
              if s.kind in kinds and s.taken < s.seats and s.ends_at > now]
    start, _end = week_bounds(org, monday)
    mine = list(ShiftSignup.objects.filter(organization=org, user=user, status=HELD,
                                           shift__ends_at__gt=min(now, start))
                .select_related("shift__place").order_by("shift__starts_at")[:60])
    held = {s.shift_id for s in mine}
    return MemberWeek(mine=mine, open_days=by_day(org, monday, [s for s in shifts if s.pk not in held]), kinds=kinds)


def drop_until(org: Organization, signup: ShiftSignup) -> datetime:
    return signup.shift.starts_at - timedelta(hours=shift_settings(org).drop_hours)
