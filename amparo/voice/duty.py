"""Who is on duty now, and the weekly schedule format."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, time
from zoneinfo import ZoneInfo

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.orgs.models import Membership, Organization, Role
from amparo.voice.models import DutyStatus

DUTY_ROLES = (Role.DISPATCHER, Role.ADMIN)
_HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]\Z")


def parse_phone(raw: str) -> str:
    """E.164 of a dispatcher's phone, or ValidationError. US numbers may omit +1."""
    try:
        parsed = phonenumbers.parse(raw.strip(), "US")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Enter a phone number, for example +1 213 555 0100."))
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_("This is not a valid phone number."))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def clean_schedule(value: object) -> list[dict]:
    """A validated copy of a weekly schedule, or ValidationError."""
    if not isinstance(value, list):
        raise ValidationError(_("The schedule must be a list of shifts."))
    shifts = []
    for item in value:
        if not isinstance(item, dict):
            raise ValidationError(_("Each shift needs a day, a start and an end."))
        day, start, end = item.get("day"), str(item.get("start", "")), str(item.get("end", ""))
        if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 6:
            raise ValidationError(_("A shift's day must be 0 (Monday) to 6 (Sunday)."))
        if not _HHMM.match(start) or not _HHMM.match(end) or start == end:
            raise ValidationError(_("A shift needs a start and an end time as HH:MM, and they must differ."))
        shifts.append({"day": day, "start": start, "end": end})
    return shifts


def _t(hhmm: str) -> time:
    h, m = hhmm.split(":")
    return time(int(h), int(m))


def in_schedule(schedule: list[dict], org: Organization, now: datetime) -> bool:
    """Whether ``now`` falls in a shift, read in the organization's time zone.

    A shift whose end is before its start runs overnight into the next day."""
    local = now.astimezone(ZoneInfo(org.time_zone))
    today, clock = local.weekday(), local.time().replace(second=0, microsecond=0)
    yesterday = (today - 1) % 7
    for shift in schedule:
        start, end = _t(shift["start"]), _t(shift["end"])
        if start < end:
            if shift["day"] == today and start <= clock < end:
                return True
        else:
            if shift["day"] == today and clock >= start:
                return True
            if shift["day"] == yesterday and clock < end:
                return True
    return False


# "Who else is on duty now": each source answers the user ids on duty in ``org`` at ``now`` beyond the
# toggle and the weekly schedule. Volunteers fills it with the holders of the desk shift under way
# (voice sits below volunteers and never imports it; docs/volunteers.md "Shifts").
OnDutySource = Callable[[Organization, datetime], set[int]]
ON_DUTY_SOURCES: list[OnDutySource] = []


def register_on_duty_source(source: OnDutySource) -> None:
    if source not in ON_DUTY_SOURCES:
        ON_DUTY_SOURCES.append(source)


def rostered_now(org: Organization, now: datetime) -> set[int]:
    """User ids the registered sources put on duty now (a desk shift)."""
    ids: set[int] = set()
    for source in ON_DUTY_SOURCES:
        ids |= source(org, now)
    return ids


def is_on_duty(status: DutyStatus, org: Organization, now: datetime | None = None,
               rostered: set[int] | None = None) -> bool:
    """The toggle (the manual override: on is on), OR the weekly schedule, OR a desk shift under way.
    ``rostered``: the sources' answer when the caller already asked them (one query for a list)."""
    now = now or timezone.now()
    if status.on_duty or in_schedule(status.schedule or [], org, now):
        return True
    return status.user_id in (rostered if rostered is not None else rostered_now(org, now))


def on_duty(org: Organization, now: datetime | None = None) -> list[DutyStatus]:
    """The dispatchers and admins of ``org`` on duty now with a phone set,
    longest on the toggle first (the order Twilio is handed the numbers)."""
    now = now or timezone.now()
    members = Membership.objects.filter(organization=org, role__in=DUTY_ROLES, is_active=True).values("user_id")
    rows = list(DutyStatus.objects.filter(organization=org, user_id__in=members).exclude(phone_hash="")
                .select_related("user").order_by("updated_at", "pk"))
    # Ask the sources (a query) only when someone is neither on the toggle nor on the schedule.
    rest = [s for s in rows if not (s.on_duty or in_schedule(s.schedule or [], org, now))]
    rostered = rostered_now(org, now) if rest else set()
    return [s for s in rows if s not in rest or s.user_id in rostered]

