"""The shifts' sweep: a reminder before each shift, and the field shift's check-out chain
(the member first, then the dispatchers on duty, then the safety contact), each step once."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from amparo.messaging.models import OutboundMessage
from amparo.places.actions import create_place
from amparo.verification.actions import settings_for
from amparo.verification.models import Responder
from amparo.verification.tests.conftest import configure, make_responder
from amparo.voice.actions import set_duty
from amparo.volunteers import shifts
from amparo.volunteers.models import ShiftSignup
from amparo.volunteers.shift_sweep import sweep
from amparo.volunteers.shifts import Take

LA = ZoneInfo("America/Los_Angeles")
MEMBER_PHONE, DISPATCHER_PHONE, SAFETY_PHONE = "+12135550701", "+13105550111", "+13105550999"
START = datetime(2026, 2, 3, 7, 30, tzinfo=LA)


def texts_to(phone: str) -> list[str]:
    return [m.body for m in OutboundMessage.objects.order_by("pk") if m.to_number == phone]


@pytest.fixture
def field(north, responder, dispatcher, admin_user):  # type: ignore[no-untyped-def]
    rosa = make_responder(north, MEMBER_PHONE, name="Rosa", languages=("es",))
    Responder.objects.filter(pk=rosa.pk).update(user=responder)
    north.languages = ["en", "es"]
    north.save(update_fields=["languages"])
    set_duty(north, dispatcher, on_duty=True, phone=DISPATCHER_PHONE, schedule=[])
    configure(north, safety_contact_minutes=20)
    vs = settings_for(north)
    vs.safety_contact_phone = SAFETY_PHONE
    vs.save(update_fields=["safety_contact_phone"])
    school = create_place(north, name="Roosevelt Elementary", aliases=[], lat=34.05, lon=-118.22, kind="school")
    shift = shifts.create_field_shift(north, place=school, starts_at=START, ends_at=START + timedelta(hours=1),
                                      seats=2, by=admin_user)
    assert shifts.take_shift(shift, responder, now=START - timedelta(days=1)) == Take.TAKEN
    return ShiftSignup.objects.get(shift=shift)


def test_the_member_is_reminded_once_in_their_language_to_observe_and_never_block(field):
    assert sweep(START - timedelta(hours=3))["reminded"] == 0
    assert sweep(START - timedelta(minutes=119))["reminded"] == 1
    assert sweep(START - timedelta(minutes=100))["reminded"] == 0
    [text] = texts_to(MEMBER_PHONE)
    assert "Roosevelt Elementary" in text and "nunca para bloquear ni enfrentar" in text
    assert "distancia legal" in text  # the fixed lawful line, in Spanish
    assert "/volunteers/shifts/" in text


def test_a_desk_block_holder_is_reminded_on_their_duty_phone(north, dispatcher):
    set_duty(north, dispatcher, on_duty=False, phone=DISPATCHER_PHONE, schedule=[])
    shifts.ensure_desk_blocks(north, START.date() - timedelta(days=1))
    block = shifts.Shift.objects.filter(organization=north, starts_at__gt=START).order_by("starts_at").first()
    assert shifts.take_shift(block, dispatcher, now=START) == Take.TAKEN
    sweep(block.starts_at - timedelta(minutes=60))
    [text] = texts_to(DISPATCHER_PHONE)
    assert "desk shift" in text and "rings your duty phone" in text


def test_an_overdue_check_out_texts_the_member_then_the_dispatchers_then_the_safety_contact(field, north):
    shifts.check_in(field, now=START + timedelta(minutes=2))
    end = START + timedelta(hours=1)
    assert sweep(end + timedelta(minutes=14))["checkout_reminded"] == 0
    assert sweep(end + timedelta(minutes=15))["checkout_reminded"] == 1
    assert "¿Está a salvo?" in texts_to(MEMBER_PHONE)[-1]
    assert texts_to(DISPATCHER_PHONE) == []  # the member first
    step = sweep(end + timedelta(minutes=30))
    assert step["dispatchers_alerted"] == 1 and step["safety_alerted"] == 0
    [alert] = texts_to(DISPATCHER_PHONE)
    assert "Roosevelt Elementary" in alert and MEMBER_PHONE in alert
    assert sweep(end + timedelta(minutes=31)) == {"reminded": 0, "checkout_reminded": 0, "dispatchers_alerted": 0,
                                                  "safety_alerted": 0, "forgotten": 0}
    assert sweep(end + timedelta(minutes=50))["safety_alerted"] == 1
    assert "dispatcher was alerted" in texts_to(SAFETY_PHONE)[0]
    field.refresh_from_db()
    assert shifts.check_out(field, now=end + timedelta(minutes=55))
    assert "safely" in texts_to(DISPATCHER_PHONE)[-1] and "safely" in texts_to(SAFETY_PHONE)[-1]


def test_checking_out_in_time_stops_the_chain(field):
    shifts.check_in(field, now=START)
    assert shifts.check_out(field, now=START + timedelta(minutes=59))
    later = sweep(START + timedelta(hours=3))
    assert later["checkout_reminded"] == later["dispatchers_alerted"] == 0
    assert texts_to(DISPATCHER_PHONE) == []


def test_a_dropped_field_shift_owes_no_check_out(field):
    assert shifts.drop_shift(field, now=START - timedelta(days=1)) == shifts.Drop.DROPPED
    assert sweep(START + timedelta(hours=3))["checkout_reminded"] == 0


def test_who_held_a_shift_is_forgotten_after_the_history_days(field, north):
    end = START + timedelta(hours=1)
    shifts.check_out(field, now=end)
    assert sweep(end + timedelta(days=89))["forgotten"] == 0
    assert sweep(end + timedelta(days=91))["forgotten"] == 1
    assert not ShiftSignup.objects.filter(pk=field.pk).exists()
    assert shifts.Shift.objects.filter(pk=field.shift_id).exists()  # the shift names no one: it stays
