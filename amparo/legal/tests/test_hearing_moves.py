"""Moving a hearing: a named action and a timeline line; the reminders re-arm for the new date (across a
daylight-saving change), the coordinator's reminders of the old date leave the queue, the .ics follows."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from amparo.legal.actions import (
    HearingInPast,
    remind_hearings,
    reschedule_hearing,
    schedule_hearing,
)
from amparo.legal.models import CaseEvent, CaseEventKind, Hearing, HearingReminder

LA = ZoneInfo("America/Los_Angeles")
UTC = ZoneInfo("UTC")


@pytest.fixture
def la(north):  # type: ignore[no-untyped-def]
    north.time_zone = "America/Los_Angeles"
    north.save(update_fields=["time_zone"])
    return north


def test_a_moved_hearing_is_reminded_again_for_its_new_date_across_daylight_saving(case, legal, la):
    # First set for Thursday 4 March 2027, 9:00 PST; both reminders go out for it.
    first = datetime(2027, 3, 4, 9, 0, tzinfo=LA)
    hearing = schedule_hearing(case, starts_at=first, court="Adelanto", by=legal, version=None,
                               now=first - timedelta(days=10))
    assert remind_hearings(first - timedelta(days=7)) == 1
    assert remind_hearings(first - timedelta(days=1)) == 1
    # The day before, the court moves it to Tuesday 16 March, 9:00 PDT: after DST starts (14 March).
    moved_at = first - timedelta(hours=20)
    new = datetime(2027, 3, 16, 9, 0, tzinfo=LA)
    event = reschedule_hearing(hearing, starts_at=new, by=legal, version=None, now=moved_at)
    hearing.refresh_from_db()
    assert (hearing.starts_at, hearing.reminded_week_at, hearing.reminded_day_at) == (new, None, None)
    assert HearingReminder.objects.count() == 0  # "hearing tomorrow" named the old date: it leaves the queue
    assert (event.kind, event.hearing_from, event.hearing_at) == (CaseEventKind.HEARING_MOVED, first, new)
    # Re-armed: nothing until 9:00 PST on 9 March (167 hours before 9:00 PDT on the 16th), then once.
    week = datetime(2027, 3, 9, 9, 0, tzinfo=LA)
    assert new.astimezone(UTC) - week.astimezone(UTC) == timedelta(hours=167)
    assert remind_hearings(moved_at + timedelta(days=1)) == 0
    assert remind_hearings(week - timedelta(minutes=1)) == 0
    assert remind_hearings(week) == 1
    assert remind_hearings(week + timedelta(minutes=1)) == 0
    day = datetime(2027, 3, 15, 9, 0, tzinfo=LA)
    assert remind_hearings(day - timedelta(minutes=1)) == 0
    assert remind_hearings(day) == 1
    assert sorted(HearingReminder.objects.values_list("kind", flat=True)) == ["day", "week"]


def test_a_hearing_moved_to_tomorrow_gets_only_the_days_reminder(case, legal, la):
    start = datetime(2027, 6, 20, 10, 0, tzinfo=LA)
    hearing = schedule_hearing(case, starts_at=start, court="Adelanto", by=legal, version=None,
                               now=start - timedelta(days=10))
    now = start - timedelta(days=8)
    reschedule_hearing(hearing, starts_at=now + timedelta(hours=20), by=legal, version=None, now=now)
    assert remind_hearings(now) == 1
    assert list(HearingReminder.objects.values_list("kind", flat=True)) == ["day"]


def test_moving_into_the_past_needs_the_confirmation_and_then_reminds_nothing(case, legal, la):
    start = datetime(2027, 6, 20, 10, 0, tzinfo=LA)
    now = start - timedelta(days=3)
    hearing = schedule_hearing(case, starts_at=start, court="Adelanto", by=legal, version=None,
                               now=now - timedelta(days=10))
    with pytest.raises(HearingInPast):
        reschedule_hearing(hearing, starts_at=now - timedelta(days=1), by=legal, version=None, now=now)
    hearing.refresh_from_db()
    assert hearing.starts_at == start  # refused: nothing moved
    reschedule_hearing(hearing, starts_at=now - timedelta(days=1), by=legal, version=None, now=now,
                       confirm_past=True)
    assert remind_hearings(now) == 0


def test_the_calendar_carries_the_new_time_under_the_same_uid_with_a_higher_sequence(client, case, legal, la):
    start = datetime(2027, 3, 4, 9, 0, tzinfo=LA)
    hearing = schedule_hearing(case, starts_at=start, court="Adelanto", by=legal, version=None,
                               now=start - timedelta(days=10))
    client.force_login(legal)
    url = reverse("legal:hearings_ics", args=[case.pk])
    before = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]
    reschedule_hearing(hearing, starts_at=datetime(2027, 3, 16, 9, 0, tzinfo=LA), court="San Francisco",
                       by=legal, version=None, now=start - timedelta(days=9))
    after = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert len(after) == 1
    assert str(after[0]["uid"]) == str(before["uid"])
    assert (int(before["sequence"]), int(after[0]["sequence"])) == (0, 1)
    assert after[0].decoded("dtstart").astimezone(UTC) == datetime(2027, 3, 16, 16, 0, tzinfo=UTC)  # 9:00 PDT
    assert str(after[0]["location"]) == "San Francisco"


def test_the_case_page_moves_a_hearing_and_says_so_in_the_timeline(client, case, legal, la):
    from django.utils import timezone

    start = timezone.now() + timedelta(days=20)
    hearing = schedule_hearing(case, starts_at=start, court="Adelanto", by=legal, version=None)
    client.force_login(legal)
    page = client.get(reverse("legal:case", args=[case.pk])).content.decode()
    assert 'id="form-move_hearing"' in page
    case.refresh_from_db()
    new_day = (start + timedelta(days=7)).astimezone(LA).date()
    response = client.post(reverse("legal:record", args=[case.pk]), {
        "event": "move_hearing", "move_hearing-version": case.version, "move_hearing-hearing": hearing.pk,
        "move_hearing-day": new_day.isoformat(), "move_hearing-time": "09:30", "move_hearing-court": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    hearing.refresh_from_db()
    assert hearing.starts_at.astimezone(LA).date() == new_day
    assert hearing.court == "Adelanto"  # empty court: the same court
    page = client.get(reverse("legal:case", args=[case.pk])).content.decode()
    assert "Hearing moved from" in page
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.HEARING_MOVED).count() == 1


def test_a_past_date_on_the_move_form_keeps_what_was_typed(client, case, legal, la):
    from django.utils import timezone

    hearing = schedule_hearing(case, starts_at=timezone.now() + timedelta(days=20), court="Adelanto", by=legal,
                               version=None)
    case.refresh_from_db()
    client.force_login(legal)
    response = client.post(reverse("legal:record", args=[case.pk]), {
        "event": "move_hearing", "move_hearing-version": case.version, "move_hearing-hearing": hearing.pk,
        "move_hearing-day": "2020-01-02", "move_hearing-time": "09:30", "move_hearing-court": "Otay Mesa"},
        HTTP_ACCEPT_LANGUAGE="es")
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="2020-01-02"' in page and 'value="Otay Mesa"' in page
    assert Hearing.objects.get(pk=hearing.pk).court == "Adelanto"


def test_another_organizations_hearing_cannot_be_moved_from_this_case(client, case, legal, la):
    from django.utils import timezone

    hearing = schedule_hearing(case, starts_at=timezone.now() + timedelta(days=20), court="Adelanto", by=legal,
                               version=None)
    case.refresh_from_db()
    client.force_login(legal)
    response = client.post(reverse("legal:record", args=[case.pk]), {
        "event": "move_hearing", "move_hearing-version": case.version, "move_hearing-hearing": hearing.pk + 999,
        "move_hearing-day": "2030-01-02", "move_hearing-time": "09:30"})
    assert response.status_code == 400
    assert "Choose the hearing to move." in response.content.decode()
