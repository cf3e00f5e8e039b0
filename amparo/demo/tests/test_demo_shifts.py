"""The demo's week of desk shifts has exactly one gap, and a field shift at a school has a member on it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from amparo.orgs.models import Organization
from amparo.volunteers.models import Shift, ShiftKind


@pytest.mark.django_db
def test_the_demo_has_a_week_of_desk_shifts_with_one_gap_and_a_school_shift():
    for _ in range(2):  # a second run changes nothing
        call_command("load_demo", stdout=io.StringIO())
    org = Organization.objects.get(slug="demo")
    now = timezone.now()
    week = Shift.objects.filter(organization=org, kind=ShiftKind.DESK, ends_at__gt=now,
                                starts_at__lt=now + timedelta(days=7))
    assert week.count() >= 41 and [s.taken for s in week].count(0) == 1
    [school] = Shift.objects.filter(organization=org, kind=ShiftKind.FIELD)
    assert school.place is not None and school.place.kind == "school" and (school.taken, school.seats) == (1, 2)
