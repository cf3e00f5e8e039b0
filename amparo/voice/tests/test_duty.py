"""Who is on duty (toggle or weekly schedule in the organization's time zone), and the duty page."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from amparo.orgs.models import Membership
from amparo.voice.actions import set_duty, set_surge
from amparo.voice.duty import clean_schedule, in_schedule, on_duty, parse_phone
from amparo.voice.models import DutyStatus, VoiceSettings

from .conftest import DISPATCHER_PHONE

LA = ZoneInfo("America/Los_Angeles")
WEEKDAYS_9_TO_5 = [{"day": d, "start": "09:00", "end": "17:00"} for d in range(5)]


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=LA)  # 2025-02-03 is a Monday


def test_it_reads_the_schedule_in_the_organizations_time_zone(north):
    assert in_schedule(WEEKDAYS_9_TO_5, north, at(2025, 2, 3, 16, 30))
    # 17:30 in Los Angeles is 01:30 UTC on Tuesday: still Monday evening there, off duty.
    assert not in_schedule(WEEKDAYS_9_TO_5, north, at(2025, 2, 3, 17, 30).astimezone(ZoneInfo("UTC")))
    assert not in_schedule(WEEKDAYS_9_TO_5, north, at(2025, 2, 8, 10, 0))  # Saturday
    north.time_zone = "America/New_York"
    assert not in_schedule(WEEKDAYS_9_TO_5, north, at(2025, 2, 3, 16, 30))  # 19:30 in New York


def test_it_runs_an_overnight_shift_into_the_next_day(north):
    friday_night = [{"day": 4, "start": "22:00", "end": "06:00"}]
    assert in_schedule(friday_night, north, at(2025, 2, 7, 23, 0))
    assert in_schedule(friday_night, north, at(2025, 2, 8, 5, 59))
    assert not in_schedule(friday_night, north, at(2025, 2, 8, 6, 0))
    assert not in_schedule(friday_night, north, at(2025, 2, 7, 21, 59))
    assert not in_schedule(friday_night, north, at(2025, 2, 6, 23, 0))  # Thursday


def test_it_lists_dispatchers_on_duty_by_toggle_or_schedule_with_a_phone(north, dispatcher, admin_user, responder):
    set_duty(north, dispatcher, on_duty=False, phone=DISPATCHER_PHONE, schedule=WEEKDAYS_9_TO_5)
    set_duty(north, admin_user, on_duty=True, phone="+13105550122", schedule=[])
    set_duty(north, responder, on_duty=True, phone="+13105550133", schedule=[])
    monday_morning, sunday = at(2025, 2, 3, 10, 0), at(2025, 2, 9, 10, 0)
    assert {s.user for s in on_duty(north, monday_morning)} == {dispatcher, admin_user}
    assert {s.user for s in on_duty(north, sunday)} == {admin_user}
    Membership.objects.filter(user=admin_user).update(is_active=False)
    assert on_duty(north, sunday) == []
    set_duty(north, dispatcher, on_duty=True, phone="", schedule=[])
    assert on_duty(north, monday_morning) == []  # no phone to ring


def test_it_validates_phones_and_schedules():
    assert parse_phone("(310) 555-0111") == "+13105550111"
    for bad in ("12", "not a number", "+1 555"):
        with pytest.raises(ValidationError):
            parse_phone(bad)
    assert clean_schedule([{"day": 6, "start": "22:00", "end": "02:00"}]) == [{"day": 6, "start": "22:00", "end": "02:00"}]
    for bad in ([{"day": 7, "start": "09:00", "end": "10:00"}], [{"day": 1, "start": "9", "end": "10:00"}],
                [{"day": True, "start": "09:00", "end": "10:00"}], [{"day": 1, "start": "09:00", "end": "09:00"}], "x"):
        with pytest.raises(ValidationError):
            clean_schedule(bad)


def test_it_lets_a_dispatcher_set_duty_phone_and_schedule(north, dispatcher, login):
    client = login(dispatcher)
    page = client.get("/voice/duty/")
    assert page.status_code == 200 and b"You are off duty" in page.content
    resp = client.post("/voice/duty/", {"on_duty": "on", "phone": "(310) 555-0111",
                                         "day0_start": "09:00", "day0_end": "17:00", "day4_start": "22:00",
                                         "day4_end": "06:00"})
    assert resp.status_code == 302
    status = DutyStatus.objects.get(organization=north, user=dispatcher)
    assert (status.on_duty, status.phone) == (True, DISPATCHER_PHONE)
    assert status.schedule == [{"day": 0, "start": "09:00", "end": "17:00"}, {"day": 4, "start": "22:00", "end": "06:00"}]
    raw = DutyStatus.objects.filter(pk=status.pk).values_list("phone", flat=True)[0].token
    assert "555" not in raw and status.phone_hash
    page = client.get("/voice/duty/")
    assert b"You are on duty" in page.content and b"+13105550111" in page.content


def test_it_refuses_bad_duty_input(north, dispatcher, login):
    client = login(dispatcher)
    for data in ({"on_duty": "on", "phone": ""}, {"phone": "12"}, {"phone": DISPATCHER_PHONE, "day2_start": "09:00"}):
        resp = client.post("/voice/duty/", data)
        assert resp.status_code == 200 and b"errorlist" in resp.content
    assert not DutyStatus.objects.exists()


def test_it_lets_dispatchers_switch_surge_and_only_admins_set_the_threshold(north, dispatcher, admin_user, login):
    client = login(dispatcher)
    client.post("/voice/duty/surge", {"surge_forced": "on", "surge_threshold": "3"})
    vs = VoiceSettings.objects.get(organization=north)
    assert (vs.surge_forced, vs.surge_threshold, vs.surge_changed_by) == (True, 0, dispatcher)
    assert b"Surge mode is ON" in client.get("/voice/duty/").content
    client = login(admin_user)
    client.post("/voice/duty/surge", {"surge_threshold": "3"})
    vs.refresh_from_db()
    assert (vs.surge_forced, vs.surge_threshold) == (False, 3)


def test_it_shows_who_is_on_duty_in_few_queries(north, dispatcher, admin_user, login, django_assert_max_num_queries):
    from conftest import make_member

    for i in range(6):
        set_duty(north, make_member(north, f"d{i}@north.test", "dispatcher"), on_duty=True,
                 phone=f"+1310555020{i}", schedule=[])
    client = login(dispatcher)
    with django_assert_max_num_queries(11):
        page = client.get("/voice/duty/")
    assert page.content.count(b"@north.test") >= 6


def test_it_lets_a_colleague_switch_off_a_forgotten_toggle(north, dispatcher, admin_user, login):
    status = set_duty(north, admin_user, on_duty=True, phone="+13105550122", schedule=WEEKDAYS_9_TO_5)
    assert login(dispatcher).post(f"/voice/duty/{status.pk}/off").status_code == 302
    status.refresh_from_db()
    assert (status.on_duty, status.schedule) == (False, WEEKDAYS_9_TO_5)


def test_it_refuses_responders_and_anonymous(north, responder, client, login):
    assert client.get("/voice/duty/").status_code == 302  # to the login page
    assert login(responder).get("/voice/duty/").status_code == 403
    assert login(responder).post("/voice/duty/surge", {"surge_forced": "on"}).status_code == 403
    assert not VoiceSettings.objects.filter(surge_forced=True).exists()


def test_it_keeps_the_outsider_out_of_another_networks_duty(north, south, dispatcher, outsider, login):
    status = set_duty(north, dispatcher, on_duty=True, phone=DISPATCHER_PHONE, schedule=[])
    client = login(outsider)
    page = client.get("/voice/duty/")
    assert page.status_code == 200 and b"dispatcher@north.test" not in page.content and b"555" not in page.content
    assert client.post(f"/voice/duty/{status.pk}/off").status_code == 404
    status.refresh_from_db()
    assert status.on_duty
    client.post("/voice/duty/surge", {"surge_forced": "on"})
    assert not VoiceSettings.objects.filter(organization=north, surge_forced=True).exists()
    set_surge(north, forced=False, by=dispatcher)
