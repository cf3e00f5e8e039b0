from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from amparo.legal.actions import change_status, remind_hearings, reminder_due_at, schedule_hearing
from amparo.legal.models import HearingReminder

LA = ZoneInfo("America/Los_Angeles")
UTC = ZoneInfo("UTC")


def test_seven_days_before_is_the_same_wall_clock_across_daylight_saving():
    # DST starts in Los Angeles on 2027-03-14: a week before a 9:00 PDT hearing is 9:00 PST, 167 hours earlier.
    hearing = datetime(2027, 3, 16, 9, 0, tzinfo=LA)
    due = reminder_due_at(hearing, "week", LA)
    assert (due.astimezone(LA).hour, due.astimezone(LA).day) == (9, 9)
    assert hearing.astimezone(UTC) - due.astimezone(UTC) == timedelta(hours=167)  # one zone: wall-clock arithmetic


def test_the_sweep_reminds_once_a_week_and_a_day_before(case, legal, north):
    north.time_zone = "America/Los_Angeles"
    north.save(update_fields=["time_zone"])
    start = datetime(2027, 3, 16, 9, 0, tzinfo=LA)
    now = start - timedelta(days=10)
    schedule_hearing(case, starts_at=start, court="Adelanto", by=legal, version=None, now=now)
    assert remind_hearings(now) == 0
    week = datetime(2027, 3, 9, 9, 0, tzinfo=LA)
    assert remind_hearings(week - timedelta(minutes=1)) == 0
    assert remind_hearings(week) == 1
    assert remind_hearings(week + timedelta(minutes=1)) == 0  # once
    assert remind_hearings(start - timedelta(days=1)) == 1
    assert sorted(HearingReminder.objects.values_list("kind", flat=True)) == ["day", "week"]


def test_a_hearing_scheduled_tomorrow_gets_only_the_days_reminder(case, legal):
    from django.utils import timezone

    now = timezone.now()
    schedule_hearing(case, starts_at=now + timedelta(hours=20), court="Adelanto", by=legal, version=None, now=now)
    assert remind_hearings(now) == 1
    assert list(HearingReminder.objects.values_list("kind", flat=True)) == ["day"]


def test_a_closed_case_is_not_reminded(case, legal):
    from django.utils import timezone

    now = timezone.now()
    schedule_hearing(case, starts_at=now + timedelta(hours=20), court="Adelanto", by=legal, version=None, now=now)
    change_status(case, status="closed", reason="moved away", by=legal, version=None)
    assert remind_hearings(now) == 0


def test_the_coordinator_sees_and_dismisses_reminders(client, case, legal):
    from django.urls import reverse
    from django.utils import timezone

    now = timezone.now()
    schedule_hearing(case, starts_at=now + timedelta(hours=20), court="Adelanto", by=legal, version=None, now=now)
    remind_hearings(now)
    reminder = HearingReminder.objects.get()
    client.force_login(legal)
    assert f'id="reminder-{reminder.pk}"' in client.get(reverse("legal:cases")).content.decode()
    client.post(reverse("legal:reminder_done", args=[reminder.pk]))
    assert f'id="reminder-{reminder.pk}"' not in client.get(reverse("legal:cases")).content.decode()
