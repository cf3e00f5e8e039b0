"""Leave, then file: the outcome after check-out, on the phone page and by SMS (en, es),
within the organization's window; and the dispatch and queue counters afterwards."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from amparo.console.views.queue import queue
from amparo.incidents.models import Incident, IncidentEvent, Status
from amparo.intake.pipeline import ingest_report
from amparo.messaging.models import OutboundMessage
from amparo.reports.models import Report, Route
from amparo.verification import actions, notify, onscene
from amparo.verification.live import queue_state
from amparo.verification.models import Dispatch, DispatchStatus, Offer, OfferStatus, Outcome
from amparo.verification.tests.conftest import T0, configure, make_incident
from conftest import NORTH_NUMBER

_sids = iter(range(10_000))


def text(org, sender: str, body: str, at=T0):  # type: ignore[no-untyped-def]
    return ingest_report(org=org, channel="sms", provider_id=f"SMout{next(_sids):05d}", from_number=sender,
                         body=body, received_at=at, to_number=NORTH_NUMBER)


def scene(offer) -> str:  # type: ignore[no-untyped-def]
    return reverse("verification:scene", args=[notify.offer_token(offer)])


@pytest.fixture
def assigned(north, dispatcher, crew):  # type: ignore[no-untyped-def]
    """Two seats, three responders offered; crew[0] accepted at T0: "Offering · 1 of 2 seats taken"."""
    incident = make_incident(north, at=T0 - timedelta(minutes=5))
    actions.offer_incident(incident, by=dispatcher, now=T0)
    offer = Offer.objects.get(responder=crew[0], incident=incident)
    assert actions.accept_offer(offer, now=T0) == actions.Accept.ASSIGNED
    offer.refresh_from_db()
    return offer


def counters(offer):  # type: ignore[no-untyped-def]
    state = queue_state(offer.organization_id, [Incident.objects.get(pk=offer.incident_id)])[offer.incident_id]
    return state.offered, state.accepted, state.on_scene, state.checked_out


def queue_html(dispatcher) -> str:  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/console/")
    request.user, request.session = dispatcher, {}
    return queue(request).content.decode()


def assert_settled(offer, status: str) -> None:  # type: ignore[no-untyped-def]
    """The outcome decided the incident; the dispatch is done and nobody else is asked to go."""
    incident = Incident.objects.get(pk=offer.incident_id)
    assert incident.status == status
    dispatch = Dispatch.objects.get(pk=offer.dispatch_id)
    assert dispatch.status == DispatchStatus.DONE and dispatch.escalate_at is None
    others = Offer.objects.filter(dispatch=dispatch).exclude(pk=offer.pk)
    assert set(others.values_list("status", flat=True)) == {OfferStatus.NOT_NEEDED}
    assert counters(offer) == (0, 1, 0, 1)  # nobody offered, one accepted, none on scene, one left


def test_it_files_the_outcome_on_the_page_after_checking_out(client, north, dispatcher, crew, assigned):
    url = scene(assigned)
    client.post(url, {"action": "arrive"})
    client.post(url, {"action": "out"})
    assigned.refresh_from_db()
    assert assigned.status == OfferStatus.CHECKED_OUT
    assert counters(assigned) == (2, 1, 0, 1)
    html = queue_html(dispatcher)
    assert "2 offered · 1 accepted · 0 on scene · 1 checked out" in html
    page = client.get(url).content.decode()
    assert 'id="outcome-send"' in page and 'id="outcome-after-checkout"' in page and "for 6 hours" in page
    assert "NOTHING" in page and "HOMELAND (HSI)" in page  # the SMS codes, on the page
    r = client.post(url, {"action": "outcome", "outcome": "other_agency", "agency_other": "sheriff",
                          "note": "Sheriff's deputies at a traffic stop."}, follow=True)
    assert b"Outcome reported" in r.content
    assert_settled(assigned, Status.FALSE_ALARM)
    event = IncidentEvent.objects.get(kind="outcome_reported")
    assert event.data["after_checkout"] is True and event.data["offers_closed"] == 2
    html = queue_html(dispatcher)
    assert "0 offered · 1 accepted · 0 on scene · 1 checked out" in html and "verified in" in html
    # The two who had the offer open are told not to go.
    told = [m.body for m in OutboundMessage.objects.all() if m.to_number in (crew[1].phone, crew[2].phone)]
    assert sum("no longer needs responders" in b for b in told) == 2


def test_it_files_the_outcome_by_sms_after_checking_out(north, dispatcher, crew, assigned):
    ref = assigned.incident.number  # the network's own number, what the texts say
    text(north, crew[0].phone, f"ARRIVED {ref}", at=T0 + timedelta(minutes=10))
    out = text(north, crew[0].phone, f"OUT {ref}", at=T0 + timedelta(minutes=30)).reply
    assert "checked out" in out
    assert f"NOTHING #{ref}" in out and "ICE, CBP, HOMELAND (HSI), FEDERAL: Immigration enforcement seen" in out
    result = text(north, crew[0].phone, f"nothing {ref}", at=T0 + timedelta(hours=2))
    assert result.report.route == Route.RESPONDER and result.report.incident_id is None
    assert result.reply == f"Amparo: thank you, the outcome of incident #{ref} is recorded: Nothing found on arrival."
    assigned.refresh_from_db()
    assert assigned.outcome == Outcome.NOTHING_FOUND and assigned.outcome_reported_at == T0 + timedelta(hours=2)
    assert_settled(assigned, Status.UNVERIFIABLE)
    again = text(north, crew[0].phone, f"NORMAL {ref}", at=T0 + timedelta(hours=3)).reply
    assert "already recorded (Nothing found on arrival)" in again
    assert Offer.objects.get(pk=assigned.pk).outcome == Outcome.NOTHING_FOUND


def test_spanish_responders_are_answered_in_spanish(north, dispatcher, assigned):
    responder = assigned.responder
    responder.languages = ["es"]
    responder.save(update_fields=["languages"])
    ref = assigned.incident.number  # the network's own number, what the texts say
    out = text(north, responder.phone, f"Salí {ref}", at=T0 + timedelta(minutes=30)).reply
    assert f"NADA #{ref}" in out and "ICE, CBP, HOMELAND (HSI), FEDERAL: Se vio un operativo de inmigración" in out
    assert "POLICIA (Policía local)" not in out and "POLICIA, SHERIFF, OTRO: Solo otra agencia" in out
    reply = text(north, responder.phone, f"alguacil {ref}", at=T0 + timedelta(minutes=40)).reply
    assert reply == f"Amparo: gracias, registramos el resultado del incidente #{ref}: Solo otra agencia: Sheriff."
    assert_settled(assigned, Status.FALSE_ALARM)


def test_an_outcome_after_the_window_is_refused_with_a_clear_answer(client, north, crew, assigned):
    ref = assigned.incident.number  # the network's own number, what the texts say
    onscene.check_out(assigned, now=T0 + timedelta(minutes=30), via="sms")
    late = text(north, crew[0].phone, f"ICE {ref}", at=T0 + timedelta(hours=6, minutes=31)).reply
    assert late == (f"Amparo: the outcome of incident #{ref} can no longer be reported by text: you checked out more than "
                    "6 hours ago. Please call the dispatcher.")
    assigned.refresh_from_db()
    assert assigned.outcome == "" and Incident.objects.get(pk=assigned.incident_id).status == Status.VERIFYING
    # The page says so too, and refuses a post (its clock is now: long after T0).
    url = scene(assigned)
    page = client.get(url).content.decode()
    assert 'id="outcome-too-late"' in page and 'id="outcome-send"' not in page
    r = client.post(url, {"action": "outcome", "outcome": "nothing_found"}, follow=True)
    assert b"It is too long since you checked out" in r.content
    assert Offer.objects.get(pk=assigned.pk).outcome == ""


def test_the_window_is_the_organizations_setting(north, crew, assigned):
    configure(north, outcome_hours_after_checkout=1)
    ref = assigned.incident.number  # the network's own number, what the texts say
    onscene.check_out(assigned, now=T0, via="sms")
    assert "more than 1 hours" in text(north, crew[0].phone, f"NADA {ref}", at=T0 + timedelta(minutes=61)).reply
    assert "is recorded" in text(north, crew[0].phone, f"NADA {ref}", at=T0 + timedelta(minutes=59)).reply


def test_a_code_is_not_a_decline_and_needs_an_accepted_offer(north, crew, assigned):
    """crew[1] still has the offer open: an outcome code neither declines nor accepts it."""
    ref = assigned.incident.number  # the network's own number, what the texts say
    reply = text(north, crew[1].phone, f"NADA {ref}").reply
    assert reply.startswith(f"Amparo: you have no assignment for incident #{ref}, so no outcome was recorded")
    offer = Offer.objects.get(responder=crew[1], incident__number=ref)
    assert offer.status == OfferStatus.OFFERED and offer.outcome == ""
    assert "you have no assignment for incident #999999" in text(north, crew[0].phone, "NADA 999999").reply
    assert Incident.objects.get(pk=assigned.incident_id).status == Status.VERIFYING


def test_a_word_without_its_number_is_a_report(north, crew, assigned):
    """ "ICE" alone from a responder is news of a new sighting, never an outcome for their assignment."""
    result = text(north, crew[0].phone, "ICE")
    assert result.report.route == Route.REPORT and result.report.incident_id is not None
    assert Offer.objects.get(pk=assigned.pk).outcome == ""


def test_a_strangers_code_with_a_number_is_a_report(north, assigned):
    result = text(north, "+12135559999", f"ICE {assigned.incident.number}")
    assert result.report.route == Route.REPORT
    assert "not on the responder roster" not in (result.reply or "")


def test_a_released_responder_is_no_longer_counted_as_accepted(north, dispatcher, crew, assigned, admin_user):
    actions.remove_responder(crew[0], by=admin_user, now=T0 + timedelta(minutes=5))
    assert counters(assigned) == (2, 0, 0, 0)
    assert Dispatch.objects.get(pk=assigned.dispatch_id).accepted_count == 0


def test_a_second_responders_outcome_is_recorded_and_the_dispatch_ends_when_they_leave(north, dispatcher, crew,
                                                                                        assigned):
    second = Offer.objects.get(responder=crew[1], incident_id=assigned.incident_id)
    actions.accept_offer(second, now=T0 + timedelta(minutes=1))  # both seats: staffed
    onscene.report_outcome(assigned, outcome=Outcome.ENFORCEMENT_SEEN, agency="ice", now=T0 + timedelta(minutes=20))
    dispatch = Dispatch.objects.get(pk=assigned.dispatch_id)
    assert dispatch.status == DispatchStatus.STAFFED  # crew[1] is still out: no more offers, not done yet
    onscene.check_out(second, now=T0 + timedelta(minutes=25), via="sms")
    onscene.check_out(assigned, now=T0 + timedelta(minutes=26), via="sms")
    assert Dispatch.objects.get(pk=dispatch.pk).status == DispatchStatus.DONE
    assert onscene.report_outcome(second, outcome=Outcome.ENFORCEMENT_SEEN, agency="cbp",
                                  now=T0 + timedelta(hours=1)) is None  # recorded, the incident already decided
    assert Offer.objects.get(pk=second.pk).agency == "cbp"


def test_an_outcome_on_scene_closes_the_open_offers_and_the_dispatch_ends_at_check_out(north, dispatcher,
                                                                                        assigned):
    onscene.report_outcome(assigned, outcome=Outcome.NORMAL_ACTIVITY, now=T0 + timedelta(minutes=3))
    dispatch = Dispatch.objects.get(pk=assigned.dispatch_id)
    assert dispatch.status == DispatchStatus.STAFFED and dispatch.escalate_at is None  # no more rings
    late = Offer.objects.filter(dispatch_id=assigned.dispatch_id).exclude(pk=assigned.pk).first()
    assert late.status == OfferStatus.NOT_NEEDED
    assert actions.accept_offer(late, now=T0 + timedelta(minutes=4)) != actions.Accept.ASSIGNED
    assert counters(assigned) == (0, 1, 0, 0)
    onscene.check_out(assigned, now=T0 + timedelta(minutes=9), via="sms")
    assert_settled(assigned, Status.FALSE_ALARM)


def test_a_responder_with_another_incident_later_can_still_file_the_first(north, dispatcher, crew, assigned):
    ref = assigned.incident.number  # the network's own number, what the texts say
    onscene.check_out(assigned, now=T0 + timedelta(minutes=30), via="sms")
    other = make_incident(north, at=T0 + timedelta(minutes=40))
    actions.offer_incident(other, by=dispatcher, responders=[crew[0]], now=T0 + timedelta(minutes=41))
    offer = Offer.objects.get(incident=other)
    actions.accept_offer(offer, now=T0 + timedelta(minutes=42))
    assert "is recorded" in text(north, crew[0].phone, f"ICE {ref}", at=T0 + timedelta(minutes=50)).reply
    assert Offer.objects.get(pk=assigned.pk).outcome == Outcome.ENFORCEMENT_SEEN
    assert Offer.objects.get(pk=offer.pk).outcome == ""


def test_the_phone_page_of_a_responder_still_on_scene_lists_the_codes(client, north, assigned):
    html = client.get(scene(assigned)).content.decode()
    assert 'id="outcome-sms"' in html and f"NOTHING #{assigned.incident.number}" in html
    assert 'id="outcome-after-checkout"' not in html


def test_nothing_is_stored_as_a_report_for_an_outcome(north, crew, assigned):
    text(north, crew[0].phone, f"ICE {assigned.incident.number}")
    assert not Report.objects.filter(route=Route.REPORT).exists()


def test_timezone_now_is_used_by_the_page(client, north, assigned):
    onscene.check_out(assigned, now=timezone.now() - timedelta(hours=5, minutes=59), via="page")
    assert 'id="outcome-send"' in client.get(scene(assigned)).content.decode()


def test_my_verifications_leads_a_checked_out_responder_to_the_outcome_form(client, north, responder, dispatcher,
                                                                              crew):
    from amparo.verification.models import Responder

    Responder.objects.filter(pk=crew[0].pk).update(user=responder)
    incident = make_incident(north, at=timezone.now())
    actions.offer_incident(incident, by=dispatcher, responders=[crew[0]])
    offer = Offer.objects.get(incident=incident)
    actions.accept_offer(offer)
    onscene.check_out(offer, via="page")
    client.force_login(responder)
    listing = client.get(reverse("verification:my_offers")).content.decode()
    page = reverse("verification:my_offer", args=[offer.pk])
    assert f"my-offer-{offer.pk}" in listing and page in listing
    assert 'id="outcome-send"' in client.get(page).content.decode()
    r = client.post(page, {"action": "outcome", "outcome": "normal_activity"}, follow=True)
    assert b"Outcome reported" in r.content
    assert Incident.objects.get(pk=incident.pk).status == Status.FALSE_ALARM
