"""Times and durations as people read them.

Every page shows times in the organization's time zone (never UTC, never the
server's), and names the zone where a time could be read in another one; a
duration reads "1 min 36 s", never Python's ``0:01:35.928968``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

UTC = ZoneInfo("UTC")


def zone_named(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def org_zone(org: Any) -> ZoneInfo:
    """``org.time_zone`` as a zone; UTC for a name the zone database does not know
    (a page must still open)."""
    return zone_named(getattr(org, "time_zone", "") or "") or UTC


def zone_abbreviation(value: datetime) -> str:
    """The active zone's abbreviation at ``value``: "PST" or "PDT" in Los Angeles.
    Zones without letters ("-03") read "UTC-03"."""
    name = timezone.localtime(value).tzname() or ""
    return f"UTC{name}" if name[:1] in ("+", "-") else name


def local_datetime(value: datetime | None) -> str:
    """Date, time and zone, in the active language's format: "March 2, 2026, 10 a.m. PST"."""
    if value is None:
        return ""
    return f"{date_format(timezone.localtime(value), 'DATETIME_FORMAT')} {zone_abbreviation(value)}"


def local_clock(value: datetime | None) -> str:
    """The time of day and zone: "10:00 PST"."""
    if value is None:
        return ""
    return f"{date_format(timezone.localtime(value), 'H:i')} {zone_abbreviation(value)}"


def humanize_duration(delta: timedelta | None) -> str:
    """ "45 s", "1 min 36 s", "2 h 5 min", "3 d 4 h": the two largest units, rounded
    to the second. Negative durations (clock skew) read as 0 s."""
    if delta is None:
        return ""
    total = max(0, round(delta.total_seconds()))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        if hours:
            return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
        return _("%(days)d d") % {"days": days}
    if hours:
        if minutes:
            return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
        return _("%(hours)d h") % {"hours": hours}
    if minutes:
        if seconds:
            return _("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": seconds}
        return _("%(minutes)d min") % {"minutes": minutes}
    return _("%(seconds)d s") % {"seconds": seconds}
