"""``{% load amparo_time %}``: times in the active zone (the organization's, see
``accounts.middleware.OrgTimeZoneMiddleware``) and durations for people.

    {{ event.at|when }}        March 2, 2026, 10 a.m. PST
    {{ offer.expires_at|clock }}  10:15 PST
    {{ dispatch_wait|duration }}  1 min 36 s
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template

from amparo.core.clock import humanize_duration, local_clock, local_datetime

register = template.Library()


@register.filter
def when(value: datetime | None) -> str:
    return local_datetime(value) if isinstance(value, datetime) else ""


@register.filter
def clock(value: datetime | None) -> str:
    return local_clock(value) if isinstance(value, datetime) else ""


@register.filter
def duration(value: timedelta | None) -> str:
    return humanize_duration(value) if isinstance(value, timedelta) else ""
