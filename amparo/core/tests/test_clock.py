"""Durations and times as people read them (issue 15, items 4 and 5)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from amparo.core.clock import (
    humanize_duration,
    local_clock,
    local_datetime,
    org_zone,
    zone_abbreviation,
)


@pytest.mark.parametrize(("delta", "text"), [
    (timedelta(minutes=1, seconds=35.928968), "1 min 36 s"),  # the dispatch panel's "0:01:35.928968"
    (timedelta(seconds=45), "45 s"),
    (timedelta(seconds=0.4), "0 s"),
    (timedelta(minutes=3), "3 min"),
    (timedelta(hours=2, minutes=5, seconds=59), "2 h 5 min"),
    (timedelta(hours=2), "2 h"),
    (timedelta(days=3, hours=4, minutes=1), "3 d 4 h"),
    (timedelta(days=1), "1 d"),
    (timedelta(seconds=-5), "0 s"),  # clocks that disagree never read as a negative time
])
def test_it_humanizes_durations(delta, text):
    assert humanize_duration(delta) == text


def test_it_humanizes_in_spanish_too():
    with translation.override("es"):
        assert humanize_duration(timedelta(minutes=1, seconds=36)) == "1 min 36 s"


def test_the_filters_read_the_active_zone():
    at = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)  # 10:00 in Los Angeles (PST), 13:00 in New York (EST)
    with timezone.override(ZoneInfo("America/Los_Angeles")):
        assert local_clock(at) == "10:00 PST" and zone_abbreviation(at) == "PST"
        assert local_datetime(at).endswith(" PST") and "10" in local_datetime(at)
    with timezone.override(ZoneInfo("America/New_York")):
        assert local_clock(at) == "13:00 EST"
    summer = datetime(2026, 7, 1, 18, 0, tzinfo=UTC)
    with timezone.override(ZoneInfo("America/Los_Angeles")):
        assert local_clock(summer) == "11:00 PDT"
    with timezone.override(ZoneInfo("America/Sao_Paulo")):  # a zone with no letters
        assert local_clock(at) == "15:00 UTC-03"


def test_the_template_filters_and_a_bad_zone_name():
    html = Template("{% load amparo_time %}{{ d|duration }} · {{ at|clock }} · {{ nothing|when }}").render(
        Context({"d": timedelta(seconds=96), "at": datetime(2026, 3, 2, 18, 0, tzinfo=UTC), "nothing": None}))
    assert html == "1 min 36 s · 18:00 UTC · "

    class Org:
        time_zone = "Not/AZone"

    assert org_zone(Org()) == ZoneInfo("UTC")
