"""Family updates: a shareable event texts the safe-to-call contacts in their language; their reply
joins the case's thread (not the dispatch queue) unless a dispatcher texted them more recently."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from amparo.crypto.keys import keyed_hash
from amparo.incidents.models import Incident
from amparo.intake.pipeline import ingest_report
from amparo.legal.family import remind_family_of_hearings, share_event
from amparo.legal.models import (
    CaseEvent,
    CaseEventKind,
    Facility,
    FamilyDirection,
    FamilyHearingReminder,
    FamilyMessage,
    Hearing,
    LegalSettings,
)
from amparo.legal.tests.referral_helpers import make_case, make_contact, run_on_commit
from amparo.messaging.models import MessageKind, MessageStatus, OutboundMessage
from amparo.reports.models import Report, Route, Sender
from amparo.reports.optouts import opt_out
from amparo.verification.tests.conftest import make_incident

pytestmark = pytest.mark.usefixtures("run_on_commit")
__all__ = ["run_on_commit"]

SISTER = "+12135550611"
COUSIN = "+12135550612"
NEIGHBOUR = "+12135550613"
STOPPED = "+12135550614"
_sids = count(1)


def inbound(org, sender: str, body: str, at=None):  # type: ignore[no-untyped-def]
    return ingest_report(org=org, channel="sms", provider_id=f"SMfam{next(_sids):05d}", from_number=sender,
                         body=body, received_at=at, to_number="+12135550100")


@pytest.fixture
def located(north):  # type: ignore[no-untyped-def]
    facility = Facility.objects.create(organization=north, name="Adelanto ICE Processing Center",
                                       county="San Bernardino")
    case = make_case(north, facility=facility)
    event = CaseEvent.objects.create(organization=north, case=case, kind=CaseEventKind.LOCATED, facility=facility)
    return event


def test_a_shareable_event_reaches_only_the_safe_consenting_contacts_in_their_language(north, legal, located):
    case = located.case
    make_contact(case, SISTER, language="es")
    make_contact(case, COUSIN, language="en")
    make_contact(case, NEIGHBOUR, safe=False)
    make_contact(case, "+12135550615", consent=False)
    make_contact(case, STOPPED)
    opt_out(north.pk, keyed_hash(north.pk, "tel:" + STOPPED), sender=Sender.HOTLINE)
    assert share_event(located, by=legal) == 2
    sent = {m.to_number: m for m in OutboundMessage.objects.filter(organization=north)}
    assert set(sent) == {SISTER, COUSIN}
    assert sent[SISTER].body.startswith("Amparo ayuda legal, caso C1: su ser querido fue localizado en Adelanto")
    assert sent[COUSIN].body.startswith("Amparo legal aid, case C1: your loved one has been located at Adelanto")
    for message in sent.values():
        assert "Canary" not in message.body and message.from_number == "+12135550100"
        assert message.kind == MessageKind.SYSTEM
    located.refresh_from_db()
    assert located.shareable and located.shared_at is not None
    assert share_event(located, by=legal) == 0  # once
    assert OutboundMessage.objects.count() == 2


def test_a_reply_joins_the_case_thread_not_the_queue(north, legal, located):
    make_contact(located.case, SISTER)
    share_event(located, by=legal)
    result = inbound(north, SISTER, "Gracias, ¿cuándo puedo visitarlo en Adelanto?",
                     at=timezone.now() + timedelta(hours=2))
    assert result.report.route == Route.FOLLOWUP and result.report.incident_id is None
    assert not Incident.objects.exists()
    reply = FamilyMessage.objects.get(direction=FamilyDirection.IN)
    assert reply.case_id == located.case_id and reply.report_id == result.report.pk
    assert result.reply and "equipo legal" in result.reply


def test_a_reply_after_the_window_is_a_new_report(north, legal, located):
    make_contact(located.case, SISTER)
    share_event(located, by=legal)
    LegalSettings.objects.update_or_create(organization=north, defaults={"family_reply_days": 3})
    result = inbound(north, SISTER, "ICE at 5th and Main", at=timezone.now() + timedelta(days=4))
    assert result.report.route == Route.REPORT and result.report.incident_id is not None
    assert not FamilyMessage.objects.filter(direction=FamilyDirection.IN).exists()


def test_a_dispatcher_who_texted_more_recently_wins(north, legal, dispatcher, located):
    make_contact(located.case, SISTER)
    share_event(located, by=legal)
    incident = make_incident(north, at=timezone.now())
    texted = OutboundMessage.objects.create(
        organization=north, incident=incident, to_hash=keyed_hash(north.pk, "tel:" + SISTER), to_number=SISTER,
        from_number="+12135550100", body="¿Dónde exactamente?", kind=MessageKind.REPLY, status=MessageStatus.SENT)
    OutboundMessage.objects.filter(pk=texted.pk).update(created_at=timezone.now() + timedelta(minutes=30))
    result = inbound(north, SISTER, "En la esquina de la escuela", at=timezone.now() + timedelta(hours=1))
    assert result.report.incident_id == incident.pk
    assert not FamilyMessage.objects.filter(direction=FamilyDirection.IN).exists()
    # A case text after the dispatcher's: the next reply is the case's again.
    transferred = CaseEvent.objects.create(organization=north, case=located.case, kind=CaseEventKind.TRANSFERRED,
                                           facility=located.facility)
    FamilyMessage.objects.filter(direction=FamilyDirection.OUT).update(created_at=timezone.now())
    share_event(transferred, by=legal, now=timezone.now() + timedelta(hours=2))
    later = inbound(north, SISTER, "Ok, gracias", at=timezone.now() + timedelta(hours=3))
    assert later.report.incident_id is None and FamilyMessage.objects.filter(direction=FamilyDirection.IN).count() == 1


def test_a_stop_to_the_hotline_ends_family_texts(north, legal, located):
    make_contact(located.case, SISTER)
    inbound(north, SISTER, "STOP")
    assert share_event(located, by=legal) == 0
    assert not OutboundMessage.objects.filter(to_hash=keyed_hash(north.pk, "tel:" + SISTER)).exists()


def test_legal_roles_see_the_thread_dispatchers_do_not(client, north, legal, dispatcher, located):
    make_contact(located.case, SISTER)
    share_event(located, by=legal)
    inbound(north, SISTER, "Gracias por avisar", at=timezone.now() + timedelta(minutes=5))
    url = reverse("legal:family_thread", args=[located.case_id])
    client.force_login(legal)
    page = client.get(url)
    assert page.status_code == 200 and "Gracias por avisar" in page.content.decode()
    assert "su ser querido" in page.content.decode()
    client.force_login(dispatcher)
    assert client.get(url).status_code == 403
    assert client.get(reverse("console:queue")).content.decode().count("Gracias por avisar") == 0


def test_the_family_is_reminded_a_week_and_a_day_before_a_shareable_hearing(north, legal, located):
    make_contact(located.case, SISTER)
    now = timezone.now()
    event = CaseEvent.objects.create(organization=north, case=located.case, kind=CaseEventKind.HEARING)
    CaseEvent.objects.filter(pk=event.pk).update(shared_at=now - timedelta(days=20), shareable=True)
    hearing = Hearing.objects.create(organization=north, case=located.case, event=event, court="Adelanto Court",
                                     starts_at=now + timedelta(days=10), shareable=True)
    assert remind_family_of_hearings(now) == 0
    assert remind_family_of_hearings(now + timedelta(days=3, hours=1)) == 1  # 7 days before
    assert remind_family_of_hearings(now + timedelta(days=3, hours=2)) == 0  # once
    assert remind_family_of_hearings(now + timedelta(days=9, hours=1)) == 1  # 1 day before
    bodies = [m.body for m in OutboundMessage.objects.order_by("pk")]
    assert all("recuerde, la audiencia" in b and "Adelanto Court" in b for b in bodies)
    # Moved: the new date is reminded again.
    Hearing.objects.filter(pk=hearing.pk).update(starts_at=now + timedelta(days=12))
    assert remind_family_of_hearings(now + timedelta(days=9, hours=2)) == 1
    assert FamilyHearingReminder.objects.count() == 3
    # Not shareable: nothing.
    Hearing.objects.filter(pk=hearing.pk).update(shareable=False, starts_at=now + timedelta(days=13))
    assert remind_family_of_hearings(now + timedelta(days=12, hours=1)) == 0


def test_reports_from_the_family_are_kept_as_received(north, legal, located):
    make_contact(located.case, SISTER)
    share_event(located, by=legal)
    result = inbound(north, SISTER, "¿Lo van a trasladar?", at=timezone.now() + timedelta(minutes=1))
    assert Report.objects.get(pk=result.report.pk).body == "¿Lo van a trasladar?"


def test_moving_a_shareable_hearing_texts_the_family_the_new_date_once(north, legal, located):
    from amparo.legal.actions import reschedule_hearing, schedule_hearing

    make_contact(located.case, SISTER, language="es")
    now = timezone.now()
    hearing = schedule_hearing(located.case, starts_at=now + timedelta(days=20), court="Adelanto Court", by=legal,
                               version=None, shareable=True)
    share_event(hearing.event, by=legal)
    assert OutboundMessage.objects.count() == 1
    event = reschedule_hearing(hearing, starts_at=now + timedelta(days=30), court="Otay Mesa Court", by=legal,
                               version=None)
    bodies = [m.body for m in OutboundMessage.objects.order_by("pk")]
    assert len(bodies) == 2 and "Otay Mesa Court" in bodies[1]
    event.refresh_from_db()
    assert event.shared_at is not None


def test_moving_a_hearing_the_family_was_not_told_of_texts_nobody(north, legal, located):
    from amparo.legal.actions import reschedule_hearing, schedule_hearing

    make_contact(located.case, SISTER)
    hearing = schedule_hearing(located.case, starts_at=timezone.now() + timedelta(days=20), court="Adelanto Court",
                               by=legal, version=None)
    reschedule_hearing(hearing, starts_at=timezone.now() + timedelta(days=30), by=legal, version=None)
    assert not OutboundMessage.objects.exists()


def test_the_cases_own_workings_are_never_texted(north, legal, located):
    make_contact(located.case, SISTER)
    for kind in (CaseEventKind.NOTE, CaseEventKind.OPENED, CaseEventKind.REFERRED, CaseEventKind.REFERRAL_ACCEPTED):
        event = CaseEvent.objects.create(organization=north, case=located.case, kind=kind, details="Canary internal")
        assert share_event(event, by=legal) == 0
        event.refresh_from_db()
        assert event.shared_at is None
    assert not OutboundMessage.objects.exists()


def test_a_hearing_ticked_shareable_is_texted_when_scheduled(north, legal, located):
    from amparo.legal.actions import schedule_hearing

    make_contact(located.case, SISTER)
    schedule_hearing(located.case, starts_at=timezone.now() + timedelta(days=20), court="Adelanto Court", by=legal,
                     version=None, shareable=True)
    bodies = [m.body for m in OutboundMessage.objects.all()]
    assert len(bodies) == 1 and "Adelanto Court" in bodies[0]
