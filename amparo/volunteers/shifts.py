"""Shifts: one named function per state change (issue 14, item 5).

Desk blocks are cut in the organization's local time: a 4-hour block runs
00:00-04:00, 04:00-08:00 ... of the local clock, so across a daylight-saving
change the block holding the change is 3 or 5 real hours. Blocks are rows
(made for a week when its view or the sweep first needs them), so a seat can
be held by a conditional UPDATE like a dispatch seat.

Who holds a desk block now is on duty for the hotline: ``on_desk_now`` fills
the registry of ``amparo.voice.duty`` (VolunteersConfig.ready()).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from amparo.audit.log import audit
from amparo.core.clock import org_zone
from amparo.orgs.models import Membership, Organization, Role
from amparo.places.models import Place, PlaceKind
from amparo.voice.duty import DUTY_ROLES
from amparo.volunteers import shift_notify
from amparo.volunteers.models import Shift, ShiftKind, ShiftSettings, ShiftSignup, SignupStatus

log = logging.getLogger(__name__)

BLOCK_HOURS = (1, 2, 3, 4, 6, 8, 12, 24)
DESK_ROLES = tuple(DUTY_ROLES)  # the hotline rings dispatchers and admins
FIELD_ROLES = (Role.RESPONDER, Role.DISPATCHER, Role.ADMIN)

# Who may hold a kind of shift beyond the role, by certification (vol-certs fills it): each check
# answers None when the member may hold it, else the reason shown to them.
ELIGIBILITY_CHECKS: list[Callable[[Organization, Any, str], str | None]] = []


def register_eligibility_check(check: Callable[[Organization, Any, str], str | None]) -> None:
    ELIGIBILITY_CHECKS.append(check)


def shift_settings(org: Organization) -> ShiftSettings:
    row, _created = ShiftSettings.objects.get_or_create(organization_id=org.pk)
    return row


def save_shift_settings(org: Organization, *, by: Any, block_hours: int, desk_seats: int, drop_hours: int,
                        reminder_minutes: int) -> ShiftSettings:
    """New values apply to blocks made from now on; a block already made keeps its length and places."""
    if block_hours not in BLOCK_HOURS:
        raise ValueError(block_hours)
    conf = shift_settings(org)
    conf.block_hours, conf.desk_seats, conf.drop_hours = block_hours, desk_seats, drop_hours
    conf.reminder_minutes = reminder_minutes
    conf.save(update_fields=["block_hours", "desk_seats", "drop_hours", "reminder_minutes"])
    audit(org.pk, action="shift_settings_changed", object_type="shift_settings", object_ids=[conf.pk], actor=by)
    return conf


# --- desk blocks in local time ---------------------------------------------------------------

def week_monday(org: Organization, when: datetime | date) -> date:
    """The Monday (local) of the week holding ``when``."""
    day = timezone.localtime(when, org_zone(org)).date() if isinstance(when, datetime) else when
    return day - timedelta(days=day.weekday())


def local_midnight(org: Organization, day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=org_zone(org))


def desk_blocks(org: Organization, monday: date, block_hours: int) -> list[tuple[datetime, datetime]]:
    """(start, end) of every desk block of the week, as aware datetimes. A block starts at a local hour
    that is a multiple of ``block_hours`` and ends where the next one starts: 3 or 5 real hours across
    a daylight-saving change. A local start the clock skips (02:00 in spring) is read as zoneinfo does
    (the hour after); a block left without length is dropped."""
    zone = org_zone(org)
    starts = [datetime.combine(monday + timedelta(days=d), time(h), tzinfo=zone)
              for d in range(7) for h in range(0, 24, block_hours)]
    starts.append(datetime.combine(monday + timedelta(days=7), time(0), tzinfo=zone))
    utc = [s.astimezone(UTC) for s in starts]
    return [(a, b) for a, b in zip(utc, utc[1:], strict=False) if b > a]


def ensure_desk_blocks(org: Organization, monday: date) -> None:
    """Make the week's desk blocks that do not exist yet. A block that would overlap one kept from an
    earlier block size is left out, so a change of ``block_hours`` never double-counts an hour."""
    conf = shift_settings(org)
    blocks = desk_blocks(org, monday, conf.block_hours)
    existing = list(Shift.objects.filter(organization=org, kind=ShiftKind.DESK, starts_at__lt=blocks[-1][1],
                                         ends_at__gt=blocks[0][0]).values_list("starts_at", "ends_at"))
    new = [Shift(organization=org, kind=ShiftKind.DESK, starts_at=a, ends_at=b, seats=conf.desk_seats)
           for a, b in blocks if not any(s < b and a < e for s, e in existing)]
    if new:
        Shift.objects.bulk_create(new, ignore_conflicts=True)


# --- taking and dropping --------------------------------------------------------------------

class Take(enum.Enum):
    TAKEN = "taken"
    FULL = "full"
    ALREADY = "already"
    ENDED = "ended"
    NOT_ALLOWED = "not_allowed"


def may_hold(org: Organization, user: Any, kind: str) -> str | None:
    """None when ``user`` may hold a shift of ``kind`` in ``org``, else why not."""
    roles = DESK_ROLES if kind == ShiftKind.DESK else FIELD_ROLES
    if not Membership.objects.filter(organization=org, user=user, is_active=True, role__in=roles).exists():
        return (_("Desk shifts are for dispatchers.") if kind == ShiftKind.DESK
                else _("Field shifts are for responders and dispatchers."))
    for check in ELIGIBILITY_CHECKS:
        reason = check(org, user, kind)
        if reason:
            return reason
    return None


def take_shift(shift: Shift, user: Any, *, now: datetime | None = None) -> Take:
    """Hold a seat of ``shift``. The seat is counted by a conditional UPDATE (``taken < seats``), so of
    two members taking the last seat at once exactly one gets it; the other is told it is full."""
    now = now or timezone.now()
    if may_hold(shift.organization, user, shift.kind):
        return Take.NOT_ALLOWED
    if shift.ends_at <= now:
        return Take.ENDED
    if ShiftSignup.objects.filter(shift=shift, user=user, status=SignupStatus.HELD).exists():
        return Take.ALREADY
    try:
        with transaction.atomic():
            if not Shift.objects.filter(pk=shift.pk, taken__lt=F("seats"), ends_at__gt=now).update(
                    taken=F("taken") + 1):
                return Take.FULL
            # A field shift arms its check-out deadline now, as an accepted dispatch does: holding the
            # shift says the member will be there, checked in or not.
            due = (shift.ends_at + timedelta(minutes=shift_settings(shift.organization).checkout_grace_minutes)
                   if shift.kind == ShiftKind.FIELD else None)
            ShiftSignup.objects.create(organization_id=shift.organization_id, shift=shift, user=user, taken_at=now,
                                       checkout_due_at=due)
    except IntegrityError:  # the same member, twice at once: the unique held seat refused the second
        return Take.ALREADY
    audit(shift.organization_id, action="shift_taken", object_type="shift", object_ids=[shift.pk], actor=user)
    return Take.TAKEN


class Drop(enum.Enum):
    DROPPED = "dropped"
    TOO_LATE = "too_late"
    NOT_HELD = "not_held"


def _end_signup(signup: ShiftSignup, status: str, now: datetime) -> bool:
    """Free the seat once: the signup's status moves by a conditional UPDATE, then the count."""
    with transaction.atomic():
        if not ShiftSignup.objects.filter(pk=signup.pk, status=SignupStatus.HELD).update(
                status=status, ended_at=now, checkout_due_at=None, dispatchers_due_at=None, safety_due_at=None):
            return False
        Shift.objects.filter(pk=signup.shift_id, taken__gt=0).update(taken=F("taken") - 1)
    return True


def drop_deadline(signup: ShiftSignup) -> datetime:
    hours = shift_settings(signup.shift.organization).drop_hours
    return signup.shift.starts_at - timedelta(hours=hours)


def drop_shift(signup: ShiftSignup, *, now: datetime | None = None) -> Drop:
    """The member gives a shift back, up to ``drop_hours`` before it starts; the admins are told by
    e-mail (the gap shows on their week view either way). Later, only an admin can release it."""
    now = now or timezone.now()
    if now > drop_deadline(signup):
        return Drop.TOO_LATE
    if not _end_signup(signup, SignupStatus.DROPPED, now):
        return Drop.NOT_HELD
    audit(signup.organization_id, action="shift_dropped", object_type="shift", object_ids=[signup.shift_id],
          actor=signup.user)
    transaction.on_commit(lambda: _tell_admins(signup))
    return Drop.DROPPED


def release_signup(signup: ShiftSignup, *, by: Any, now: datetime | None = None) -> bool:
    """An admin takes a member off a shift, at any time (a dispatcher who cannot answer tonight)."""
    if not _end_signup(signup, SignupStatus.RELEASED, now or timezone.now()):
        return False
    audit(signup.organization_id, action="shift_released", object_type="shift", object_ids=[signup.shift_id],
          actor=by)
    return True


def release_future_shifts(organization: Organization, user: Any, *, now: datetime | None = None) -> int:
    """Take ``user`` off every shift of ``organization`` that has not ended (the one under way too):
    offboarding calls it, so a person who left is never rung or expected on site again."""
    now = now or timezone.now()
    held = ShiftSignup.objects.filter(organization=organization, user=user, status=SignupStatus.HELD,
                                      shift__ends_at__gt=now)
    released = [s for s in held if _end_signup(s, SignupStatus.RELEASED, now)]
    if released:
        audit(organization.pk, action="shift_released", object_type="shift",
              object_ids=[s.shift_id for s in released], actor_label="offboarding")
    return len(released)


def _tell_admins(signup: ShiftSignup) -> None:
    org = Organization.objects.get(pk=signup.organization_id)
    shift = Shift.objects.get(pk=signup.shift_id)
    emails = list(Membership.objects.filter(organization=org, role=Role.ADMIN, is_active=True)
                  .exclude(user__email="").values_list("user__email", flat=True))
    if not emails:
        return
    with override(org.default_language), timezone.override(org_zone(org)):
        start = timezone.localtime(shift.starts_at).strftime("%Y-%m-%d %H:%M")
        body = _("A member dropped the %(kind)s shift of %(start)s. It is open again: see the week's shifts.") % {
            "kind": shift.get_kind_display().lower(), "start": start}
        subject = _("Amparo: a shift was dropped")
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails)
    except OSError:
        log.warning("volunteers: cannot e-mail the admins of org %s about a dropped shift", org.pk)


# --- field shifts ---------------------------------------------------------------------------

class FieldShiftError(ValueError):
    pass


def create_field_shift(org: Organization, *, place: Place, starts_at: datetime, ends_at: datetime, seats: int,
                       by: Any) -> Shift:
    """A field shift at a site of the gazetteer. A home is never a site: a list of who stands at a
    family's door is not lawful observation presence, and it would name the family."""
    if place.organization_id != org.pk or place.kind == PlaceKind.HOME:
        raise FieldShiftError(_("Choose a site of your network that is not a home."))
    if ends_at <= starts_at:
        raise FieldShiftError(_("The shift must end after it starts."))
    if ends_at - starts_at > timedelta(hours=12):
        raise FieldShiftError(_("A field shift lasts 12 hours at most."))
    if not 1 <= seats <= 20:
        raise FieldShiftError(_("A field shift has 1 to 20 places."))
    shift = Shift.objects.create(organization=org, kind=ShiftKind.FIELD, place=place, starts_at=starts_at,
                                 ends_at=ends_at, seats=seats, created_by=by)
    audit(org.pk, action="shift_created", object_type="shift", object_ids=[shift.pk], actor=by)
    return shift


def check_in(signup: ShiftSignup, *, now: datetime | None = None) -> bool:
    """The member is on site. Only a held field shift, from an hour before it starts."""
    now = now or timezone.now()
    shift = signup.shift
    if shift.kind != ShiftKind.FIELD or now < shift.starts_at - timedelta(hours=1) or now >= shift.ends_at:
        return False
    return bool(ShiftSignup.objects.filter(pk=signup.pk, status=SignupStatus.HELD, checked_in_at__isnull=True,
                                           checked_out_at__isnull=True).update(checked_in_at=now))


def check_out(signup: ShiftSignup, *, now: datetime | None = None) -> bool:
    """The member left safely: every deadline of the safety chain is cleared. Those already alerted
    are told."""
    now = now or timezone.now()
    if signup.shift.kind != ShiftKind.FIELD:
        return False
    done = bool(ShiftSignup.objects.filter(pk=signup.pk, status=SignupStatus.HELD, checked_out_at__isnull=True)
                .update(checked_out_at=now, checkout_due_at=None, dispatchers_due_at=None, safety_due_at=None))
    if done and (signup.dispatchers_alerted_at or signup.safety_alerted_at):
        shift_notify.tell_safe_again(signup, now)
    return done


# --- who is on the desk now (the voice registry) ---------------------------------------------

def on_desk_now(org: Organization, now: datetime) -> set[int]:
    """Ids of the members holding the desk block under way: the hotline rings them."""
    return set(ShiftSignup.objects.filter(organization=org, status=SignupStatus.HELD, shift__kind=ShiftKind.DESK,
                                          shift__starts_at__lte=now, shift__ends_at__gt=now)
               .values_list("user_id", flat=True))
