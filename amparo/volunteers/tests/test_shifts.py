"""Shifts: desk blocks in local time (both US daylight-saving changes), seats, drops, offboarding,
and the desk shift on the hotline's ring list."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from amparo.audit.models import AuditEntry
from amparo.places.actions import create_place
from amparo.voice.actions import set_duty
from amparo.voice.duty import on_duty
from amparo.volunteers import shifts
from amparo.volunteers.models import Shift, ShiftKind, ShiftSignup, SignupStatus
from amparo.volunteers.shifts import Drop, Take

LA = ZoneInfo("America/Los_Angeles")
SPRING = date(2026, 3, 9) - timedelta(days=7)  # Monday 2026-03-02; the change is Sunday 2026-03-08
FALL = date(2026, 10, 26)  # Monday; the change is Sunday 2026-11-01
PLAIN = date(2026, 2, 2)


def hours(blocks: list[tuple[datetime, datetime]]) -> list[float]:
    return [(b - a).total_seconds() / 3600 for a, b in blocks]


def desk(org, monday: date = PLAIN, index: int = 0) -> Shift:  # type: ignore[no-untyped-def]
    shifts.ensure_desk_blocks(org, monday)
    return Shift.objects.filter(organization=org, kind=ShiftKind.DESK).order_by("starts_at")[index]


def test_a_plain_week_has_42_blocks_of_4_real_hours(north):
    blocks = shifts.desk_blocks(north, PLAIN, 4)
    assert len(blocks) == 42 and set(hours(blocks)) == {4.0}
    assert blocks[0][0] == datetime(2026, 2, 2, 0, 0, tzinfo=LA)


def test_spring_forward_makes_the_night_block_three_real_hours(north):
    blocks = shifts.desk_blocks(north, SPRING, 4)
    assert len(blocks) == 42 and sum(hours(blocks)) == 167
    sunday_night = blocks[6 * 6]
    assert sunday_night[0] == datetime(2026, 3, 8, 0, 0, tzinfo=LA) and hours([sunday_night]) == [3.0]
    assert sunday_night[1].astimezone(LA).hour == 4  # 04:00 local, as the block says


def test_fall_back_makes_the_night_block_five_real_hours(north):
    blocks = shifts.desk_blocks(north, FALL, 4)
    assert len(blocks) == 42 and sum(hours(blocks)) == 169
    assert hours([blocks[6 * 6]]) == [5.0] and blocks[6 * 6][1].astimezone(LA).hour == 4


def test_hour_blocks_skip_the_hour_the_clock_skips(north):
    blocks = shifts.desk_blocks(north, SPRING, 1)
    assert len(blocks) == 167 and set(hours(blocks)) == {1.0}


def test_blocks_are_made_once_and_a_new_block_size_never_overlaps(north):
    shifts.ensure_desk_blocks(north, PLAIN)
    shifts.ensure_desk_blocks(north, PLAIN)
    assert Shift.objects.filter(organization=north).count() == 42
    shifts.shift_settings(north)
    north.shift_settings.block_hours = 8
    north.shift_settings.save(update_fields=["block_hours"])
    shifts.ensure_desk_blocks(north, PLAIN)
    assert Shift.objects.filter(organization=north).count() == 42
    shifts.ensure_desk_blocks(north, PLAIN + timedelta(days=7))
    assert Shift.objects.filter(organization=north).count() == 42 + 21


def test_a_dispatcher_takes_the_last_seat_and_the_next_is_told_it_is_full(north, dispatcher, admin_user):
    block = desk(north)
    now = block.starts_at - timedelta(days=1)
    assert shifts.take_shift(block, dispatcher, now=now) == Take.TAKEN
    assert shifts.take_shift(block, dispatcher, now=now) == Take.ALREADY
    assert shifts.take_shift(block, admin_user, now=now) == Take.FULL
    block.refresh_from_db()
    assert block.taken == 1 and ShiftSignup.objects.filter(shift=block, status="held").count() == 1
    assert shifts.take_shift(block, admin_user, now=block.ends_at) == Take.ENDED


def test_desk_shifts_are_for_dispatchers_and_field_shifts_never_at_a_home(north, responder, admin_user):
    assert shifts.take_shift(desk(north), responder, now=datetime(2026, 1, 1, tzinfo=LA)) == Take.NOT_ALLOWED
    home = create_place(north, name="A family's home", aliases=[], lat=34.05, lon=-118.25, kind="home")
    start = datetime(2026, 2, 3, 7, 30, tzinfo=LA)
    with pytest.raises(shifts.FieldShiftError):
        shifts.create_field_shift(north, place=home, starts_at=start, ends_at=start + timedelta(hours=1), seats=2,
                                  by=admin_user)


def test_a_certification_check_can_refuse_with_its_reason(north, dispatcher, monkeypatch):
    monkeypatch.setattr(shifts, "ELIGIBILITY_CHECKS", [lambda org, user, kind: "Dispatcher training needed."])
    assert shifts.may_hold(north, dispatcher, ShiftKind.DESK) == "Dispatcher training needed."
    assert shifts.take_shift(desk(north), dispatcher, now=datetime(2026, 1, 1, tzinfo=LA)) == Take.NOT_ALLOWED


def test_a_member_drops_up_to_the_deadline_and_the_admins_are_told(north, dispatcher, admin_user,
                                                                   django_capture_on_commit_callbacks):
    block = desk(north, index=10)
    taken_at = block.starts_at - timedelta(days=2)
    assert shifts.take_shift(block, dispatcher, now=taken_at) == Take.TAKEN
    signup = ShiftSignup.objects.get(shift=block)
    too_late = block.starts_at - timedelta(hours=11)  # drop_hours defaults to 12
    assert shifts.drop_shift(signup, now=too_late) == Drop.TOO_LATE
    with_time = block.starts_at - timedelta(hours=13)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert shifts.drop_shift(signup, now=with_time) == Drop.DROPPED
    assert shifts.drop_shift(signup, now=with_time) == Drop.NOT_HELD
    block.refresh_from_db()
    assert block.taken == 0
    assert [m.to for m in mail.outbox] == [[admin_user.email]] and "dropped" in mail.outbox[0].body
    assert AuditEntry.objects.filter(organization=north, action="shift_dropped").count() == 1


def test_offboarding_releases_every_shift_that_has_not_ended(north, dispatcher, admin_user):
    shifts.ensure_desk_blocks(north, PLAIN)
    blocks = list(Shift.objects.filter(organization=north).order_by("starts_at")[:3])
    taken = blocks[0].starts_at - timedelta(days=1)
    for b in blocks:
        assert shifts.take_shift(b, dispatcher, now=taken) == Take.TAKEN
    assert shifts.take_shift(blocks[2], admin_user, now=taken) == Take.FULL
    under_way = blocks[1].starts_at + timedelta(hours=1)
    assert shifts.release_future_shifts(north, dispatcher, now=under_way) == 2  # the one under way and the next
    assert list(ShiftSignup.objects.filter(user=dispatcher).order_by("shift__starts_at")
                .values_list("status", flat=True)) == [SignupStatus.HELD, SignupStatus.RELEASED, SignupStatus.RELEASED]
    assert shifts.take_shift(blocks[2], admin_user, now=under_way) == Take.TAKEN  # the seat is open again
    assert shifts.on_desk_now(north, under_way) == set()


def test_a_dispatcher_holding_the_desk_block_is_on_the_ring_list_only_during_it(north, dispatcher):
    set_duty(north, dispatcher, on_duty=False, phone="+13105550111", schedule=[])
    block = desk(north, index=3)
    assert shifts.take_shift(block, dispatcher, now=block.starts_at - timedelta(days=1)) == Take.TAKEN
    assert [s.user for s in on_duty(north, block.starts_at)] == [dispatcher]
    assert [s.user for s in on_duty(north, block.ends_at - timedelta(seconds=1))] == [dispatcher]
    assert on_duty(north, block.ends_at) == []  # toggle off, outside the shift: not rung
    assert on_duty(north, block.starts_at - timedelta(minutes=1)) == []
    set_duty(north, dispatcher, on_duty=True, phone="+13105550111", schedule=[])
    assert [s.user for s in on_duty(north, block.ends_at)] == [dispatcher]  # the toggle stays the override


def test_on_desk_now_is_scoped_to_the_organization(north, south, dispatcher, outsider):
    block = desk(north)
    other = desk(south)
    shifts.take_shift(block, dispatcher, now=block.starts_at - timedelta(days=1))
    shifts.take_shift(other, outsider, now=block.starts_at - timedelta(days=1))
    assert shifts.on_desk_now(north, block.starts_at) == {dispatcher.pk}
    assert shifts.on_desk_now(south, other.starts_at) == {outsider.pk}


def test_the_hotline_rings_the_desk_shift_holder_during_the_block_and_not_after(north, dispatcher, twilio_post,
                                                                                settings):
    from amparo.voice.tests.conftest import Caller

    north.languages = ["en", "es"]
    north.save(update_fields=["languages"])
    set_duty(north, dispatcher, on_duty=False, phone="+13105550111", schedule=[])
    now = timezone.now()
    shifts.ensure_desk_blocks(north, shifts.week_monday(north, now))
    block = Shift.objects.get(organization=north, kind=ShiftKind.DESK, starts_at__lte=now, ends_at__gt=now)

    def rung(sid: str) -> list[str]:
        caller = Caller(twilio_post, settings, call_sid=sid)
        caller.dial_in()
        caller.press("1")
        root = caller.press("1")  # report now
        return [n.text for n in root.iter("Number")]

    assert rung("CA" + "1" * 32) == []  # toggle off, no shift: nobody to ring
    assert shifts.take_shift(block, dispatcher, now=now) == Take.TAKEN
    assert rung("CA" + "2" * 32) == ["+13105550111"]
    Shift.objects.filter(pk=block.pk).update(starts_at=now - timedelta(hours=5), ends_at=now - timedelta(hours=1))
    assert rung("CA" + "3" * 32) == []  # the block is over: not rung outside it


def test_the_offboarding_action_takes_the_member_off_their_future_shifts(north, dispatcher, admin_user):
    from amparo.orgs.models import Membership
    from amparo.volunteers.offboarding import offboard_member

    block = desk(north, index=40)
    assert shifts.take_shift(block, dispatcher, now=block.starts_at - timedelta(days=1)) == Take.TAKEN
    offboard_member(Membership.objects.get(organization=north, user=dispatcher), by=admin_user,
                    now=block.starts_at - timedelta(hours=20))
    assert ShiftSignup.objects.get(shift=block).status == SignupStatus.RELEASED
    block.refresh_from_db()
    assert block.taken == 0
