"""Trainings: seats (the last one to exactly one), sign-up by web and by SMS,
reminders a day and two hours before, attendance that grants the certification,
the .ics invitation, and the expiry reminder."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from amparo.messaging.models import OutboundMessage
from amparo.verification.tests.conftest import make_responder
from amparo.volunteers.certifications import grant_certification, valid_q
from amparo.volunteers.models import Certification, Training, TrainingSeat
from amparo.volunteers.tests.training_helpers import kind, training
from amparo.volunteers.training_sweep import sweep
from amparo.volunteers.trainings import SignUp, leave, record_attendance, sign_up, training_ics
from conftest import NORTH_NUMBER, NORTH_TOKEN

pytestmark = pytest.mark.django_db


def sent_to(phone: str) -> list[str]:
    return [m.body for m in OutboundMessage.objects.order_by("pk") if m.to_number == phone]


def sms(twilio_post, sid: str, sender: str, body: str):  # type: ignore[no-untyped-def]
    return twilio_post("/hooks/twilio/sms", {"MessageSid": sid, "From": sender, "To": NORTH_NUMBER, "Body": body},
                       token=NORTH_TOKEN)


def test_the_last_seat_goes_to_one_and_the_other_is_told(north, responder, dispatcher):
    t = training(north, capacity=1)
    assert sign_up(t, user=responder) == SignUp.TAKEN
    assert sign_up(t, user=responder) == SignUp.ALREADY
    assert sign_up(t, user=dispatcher) == SignUp.FULL
    t.refresh_from_db()
    assert t.seats_taken == 1
    assert leave(TrainingSeat.objects.get(training=t, user=responder))
    assert sign_up(t, user=dispatcher) == SignUp.TAKEN
    assert sign_up(t, user=responder) == SignUp.FULL  # back after leaving: the seat is gone
    t.refresh_from_db()
    assert t.seats_taken == 1


def test_a_started_or_cancelled_training_takes_no_seat(north, responder):
    t = training(north, starts_in=timedelta(minutes=-5))
    assert sign_up(t, user=responder) == SignUp.CLOSED
    t2 = training(north)
    Training.objects.filter(pk=t2.pk).update(cancelled_at=timezone.now())
    assert sign_up(t2, user=responder) == SignUp.CLOSED


def test_a_roster_member_signs_up_by_sms_in_spanish(north, twilio_post):
    r = make_responder(north, "+12135550601", languages=("es",))
    t = training(north, capacity=1)
    response = sms(twilio_post, "SMt1", r.phone, f"taller {t.pk}")
    assert response.status_code == 200
    assert "Tienes un lugar" in response.content.decode()
    assert TrainingSeat.objects.get(training=t).responder == r
    other = make_responder(north, "+12135550602")
    response = sms(twilio_post, "SMt2", other.phone, f"TRAINING {t.pk}")
    assert "is full" in response.content.decode()
    response = sms(twilio_post, "SMt3", other.phone, "Training")
    assert f"{t.pk}: Observer training" in response.content.decode()


def test_a_strangers_training_word_routes_on_as_a_report(north, twilio_post):
    from amparo.reports.models import Report

    t = training(north)
    sms(twilio_post, "SMt4", "+12135550699", f"TRAINING {t.pk}")
    assert Report.objects.get(provider_id="SMt4").route == "report"
    assert not TrainingSeat.objects.exists()


def test_reminders_go_a_day_and_two_hours_before_once_each(north):
    r = make_responder(north, "+12135550603", languages=("es",))
    now = timezone.now()
    t = training(north, starts_in=timedelta(hours=30), now=now)
    assert sign_up(t, responder=r, now=now) == SignUp.TAKEN
    assert sweep(now)["training_reminders"] == 0
    assert sweep(now + timedelta(hours=7))["training_reminders"] == 1  # 23 h before
    assert sweep(now + timedelta(hours=8))["training_reminders"] == 0
    assert sweep(now + timedelta(hours=28, minutes=30))["training_reminders"] == 1  # 1.5 h before
    assert sweep(now + timedelta(hours=29))["training_reminders"] == 0
    texts = sent_to(r.phone)
    assert len(texts) == 2 and all(body.startswith("Recordatorio") for body in texts)
    assert "Community hall" in texts[0]


def test_a_late_sign_up_gets_only_the_two_hour_reminder(north):
    r = make_responder(north, "+12135550604")
    now = timezone.now()
    t = training(north, starts_in=timedelta(minutes=90), now=now)
    sign_up(t, responder=r, now=now)
    assert sweep(now)["training_reminders"] == 1
    assert sweep(now + timedelta(minutes=1))["training_reminders"] == 0


def test_attendance_grants_the_certification_once(north, admin_user, responder):
    t = training(north, trainer=admin_user)
    sign_up(t, user=responder)
    seat = TrainingSeat.objects.get(training=t)
    assert record_attendance(t, {seat.pk: True}, by=admin_user) == 1
    assert record_attendance(t, {seat.pk: True}, by=admin_user) == 0
    cert = Certification.objects.get(user=responder)
    assert cert.kind == kind(north) and cert.training == t
    assert (cert.expires_at - cert.granted_at).days in (365, 366)
    record_attendance(t, {seat.pk: False}, by=admin_user)  # a mistake corrected
    assert not Certification.objects.filter(valid_q(timezone.now()), user=responder).exists()


def test_the_invitation_is_an_ics_with_the_training_only(north, admin_user, responder):
    t = training(north)
    cal = Calendar.from_ical(training_ics(t, "es"))
    event = cal.walk("VEVENT")[0]
    assert str(event["summary"]).startswith("Capacitación de observadores")
    assert str(event["location"]) == "Community hall, 1st St"
    assert event.decoded("dtstart") == t.starts_at.replace(microsecond=0)


def test_a_certification_about_to_expire_is_reminded_once_and_not_after_renewal(north):
    r = make_responder(north, "+12135550605")
    now = timezone.now()
    old = grant_certification(north, kind(north), responder=r, now=now - timedelta(days=350))
    assert sweep(now)["expiry_reminders"] == 1
    assert sweep(now)["expiry_reminders"] == 0
    assert "expires on" in sent_to(r.phone)[-1]
    Certification.objects.filter(pk=old.pk).update(expiry_reminded_at=None)
    grant_certification(north, kind(north), responder=r, now=now)  # renewed
    assert sweep(now)["expiry_reminders"] == 0


# --- the pages ----------------------------------------------------------------------------

def test_a_member_takes_a_seat_on_their_page_and_the_trainer_records_attendance(client, north, responder,
                                                                                dispatcher, admin_user):
    t = training(north, trainer=dispatcher, capacity=1)
    client.force_login(responder)
    page = client.get("/volunteers/my/trainings/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Capacitación de observadores" in page and "Apartar un lugar" in page
    r = client.post(f"/volunteers/trainings/{t.pk}/signup", follow=True)
    assert "You have a seat" in r.content.decode()
    assert client.get(f"/volunteers/trainings/{t.pk}/invite.ics")["Content-Type"] == "text/calendar"
    assert client.get(f"/volunteers/trainings/{t.pk}/").status_code == 403  # not the trainer
    client.force_login(admin_user)
    assert "full" in client.post(f"/volunteers/trainings/{t.pk}/signup", follow=True).content.decode()
    client.force_login(dispatcher)  # the trainer
    seat = TrainingSeat.objects.get(training=t)
    r = client.post(f"/volunteers/trainings/{t.pk}/", {f"seat-{seat.pk}": "yes"}, follow=True)
    assert "Certifications granted: 1" in r.content.decode()
    client.force_login(responder)
    page = client.get("/volunteers/my/trainings/").content.decode()
    assert "valid until" in page


def test_the_admin_sees_what_expires_within_30_days(client, north, admin_user, outsider, south):
    r = make_responder(north, "+12135550606", name="Rosa Expira")
    now = timezone.now()
    grant_certification(north, kind(north), responder=r, now=now - timedelta(days=340))
    grant_certification(north, kind(north), responder=make_responder(north, "+12135550607", name="Lejos"), now=now)
    client.force_login(admin_user)
    page = client.get("/volunteers/certifications/expiring/").content.decode()
    assert "Rosa Expira" in page and "Lejos" not in page
    client.force_login(outsider)  # a dispatcher of south
    assert client.get("/volunteers/certifications/expiring/").status_code == 403


def test_the_admin_changes_a_kinds_period(client, north, admin_user):
    k = kind(north, "dispatcher")
    client.force_login(admin_user)
    client.post("/volunteers/certifications/kinds/", {"kind": k.pk, "validity_months": "6",
                                                       "required_for_roles": ["dispatcher", "admin"]})
    k.refresh_from_db()
    assert (k.validity_months, k.field, k.required_for_roles) == (6, False, ["dispatcher", "admin"])


def test_the_admin_adds_a_training_in_local_time(client, north, admin_user):
    client.force_login(admin_user)
    k = kind(north)
    start = (timezone.now() + timedelta(days=10)).astimezone(__import__("zoneinfo").ZoneInfo("America/Los_Angeles"))
    r = client.post("/volunteers/trainings/new", {
        "kind": k.pk, "starts_at": start.strftime("%Y-%m-%dT18:00"), "hours": "2", "place": "Iglesia San José",
        "capacity": "12", "language": "es"})
    assert r.status_code == 302
    t = Training.objects.get()
    assert timezone.localtime(t.starts_at, start.tzinfo).hour == 18
    assert (t.ends_at - t.starts_at) == timedelta(hours=2) and t.place == "Iglesia San José"
    assert "Iglesia San José" not in str(Training.objects.values_list("place", flat=True).query)


def test_the_roster_says_why_a_cleared_responder_is_not_dispatchable(client, north, dispatcher):
    from amparo.volunteers.certifications import ensure_default_kinds

    ensure_default_kinds(north)
    make_responder(north, "+12135550608", name="Sin Certificado")
    client.force_login(dispatcher)
    page = client.get("/verification/responders/").content.decode()
    assert "not dispatchable" in page and "No valid field certification (Observer training)" in page


def test_the_list_pages_make_a_bounded_number_of_queries(client, north, admin_user, responder,
                                                         django_assert_max_num_queries):
    now = timezone.now()
    for i in range(6):
        t = training(north, starts_in=timedelta(days=i + 1))
        r = make_responder(north, f"+1213555061{i}")
        sign_up(t, responder=r)
        grant_certification(north, kind(north), responder=r, now=now - timedelta(days=350))
    client.force_login(admin_user)
    for url in ("/volunteers/trainings/", "/volunteers/certifications/expiring/", "/volunteers/my/trainings/",
                f"/volunteers/trainings/{t.pk}/"):
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200, url
    client.force_login(responder)
    with django_assert_max_num_queries(25):
        assert client.get("/volunteers/my/trainings/").status_code == 200


def test_the_training_words_are_no_carrier_word_and_no_other_keyword():
    from amparo.intake.keywords import keywords
    from amparo.volunteers.training_keywords import KEYWORD, WORDS

    carrier = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE", "PARAR", "BAJA",
               "START", "UNSTOP", "OPTIN", "HELP", "INFO"}
    assert not set(WORDS) & carrier
    others = {w for k in keywords() if k.name != KEYWORD for w in k.words}
    assert not set(WORDS) & others


def test_the_invitation_is_only_for_a_seat_holder_the_trainer_or_an_admin(client, north, responder, legal,
                                                                          dispatcher, south):
    t = training(north, trainer=dispatcher)
    client.force_login(legal)
    assert client.get(f"/volunteers/trainings/{t.pk}/invite.ics").status_code == 404
    client.force_login(dispatcher)
    assert client.get(f"/volunteers/trainings/{t.pk}/invite.ics").status_code == 200
    sign_up(t, user=responder)
    client.force_login(responder)
    assert b"Community hall" in client.get(f"/volunteers/trainings/{t.pk}/invite.ics").content
