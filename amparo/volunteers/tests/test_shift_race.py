"""Four members take the last place of a shift at the same moment: exactly one gets it.

Runs in the PostgreSQL pass (``DATABASE_URL=postgres://... pytest -m slow``), one connection per thread,
committed rows (transaction=True), as verification's seat race does.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

pytestmark = pytest.mark.slow


@pytest.mark.django_db(transaction=True)
def test_the_last_place_of_a_shift_goes_to_exactly_one_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (make test-postgres)")
    from amparo.orgs.actions import create_organization
    from amparo.volunteers import shifts
    from amparo.volunteers.models import Shift, ShiftSignup
    from conftest import make_member

    org = create_organization(slug="shift-race", name="Shift race", twilio_auth_token="x")
    shifts.save_shift_settings(org, by=None, block_hours=4, desk_seats=2, drop_hours=12, reminder_minutes=120)
    monday = shifts.week_monday(org, timezone.now()) + timedelta(days=7)
    shifts.ensure_desk_blocks(org, monday)
    members = [make_member(org, f"d{i}@race.test", "dispatcher") for i in range(5)]
    for round_ in range(3):
        block = Shift.objects.filter(organization=org, kind="desk").order_by("starts_at")[round_]
        assert shifts.take_shift(block, members[0]) == shifts.Take.TAKEN  # one of two places taken
        barrier = threading.Barrier(4)
        results: list[str] = []
        errors: list[BaseException] = []

        def run(user_id: int, shift_id: int) -> None:
            try:
                user = type(members[0]).objects.get(pk=user_id)
                shift = Shift.objects.select_related("organization").get(pk=shift_id)
                barrier.wait()
                results.append(shifts.take_shift(shift, user).value)
            except BaseException as exc:  # reported to the test
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(m.pk, block.pk)) for m in members[1:]]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors, errors
        assert sorted(results) == ["full", "full", "full", "taken"]
        block.refresh_from_db()
        assert block.taken == 2 == ShiftSignup.objects.filter(shift=block, status="held").count()
