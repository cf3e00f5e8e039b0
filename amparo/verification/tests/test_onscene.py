"""On scene through the real router: ARRIVED / OUT / SOS in both languages, the
outcome table, the dispatcher's override, overdue check-outs swept at given times."""

from __future__ import annotations

from datetime import timedelta

import pytest

from amparo.incidents.actions import InvalidTransition
from amparo.incidents.models import Incident, IncidentEvent, Status
from amparo.intake.pipeline import ingest_report
from amparo.messaging.models import OutboundMessage
from amparo.reports.models import Report, Route
from amparo.verification import actions, onscene
from amparo.verification.models import Agency, Dispatch, DispatchStatus, Offer, OfferStatus, Outcome
from amparo.verification.sweep import sweep
from amparo.verification.tests.conftest import T0, configure, make_incident
from amparo.voice.actions import set_duty

NORTH_NUMBER = "+12135550100"
DUTY_PHONE = "+12135550900"
SAFETY_PHONE = "+12135550901"


def text(org, sender: str, body: str, sid: str, at=T0):  # type: ignore[no-untyped-def]
    return ingest_report(org=org, channel="sms", provider_id=sid, from_number=sender, body=body,
                         received_at=at, to_number=NORTH_NUMBER)


def sent_to(phone: str) -> list[str]:
    return [m.body for m in OutboundMessage.objects.all() if m.to_number == phone]


@pytest.fixture
def assigned(north, dispatcher, crew):  # type: ignore[no-untyped-def]
    """crew[0] accepted incident; dispatcher on duty with a phone; a safety contact."""
    configure(north, seats=1, checkout_minutes=60, safety_contact_minutes=15)
    vs = actions.settings_for(north)
    vs.safety_contact_phone, vs.safety_contact_name = SAFETY_PHONE, "Safety Desk"
    vs.save()
    set_duty(north, dispatcher, on_duty=True, phone=DUTY_PHONE, schedule=[])
    incident = make_incident(north)
    actions.offer_incident(incident, by=dispatcher, now=T0)
    offer = Offer.objects.get(responder=crew[0], incident=incident)
    assert actions.accept_offer(offer, now=T0) == actions.Accept.ASSIGNED
    offer.refresh_from_db()
    return offer


@pytest.mark.parametrize("arrive,leave", [("ARRIVED {ref}", "OUT {ref}"), ("llegué {ref}", "Salí {ref}"),
                                          ("LLEGUE", "sali")])
def test_it_checks_in_and_out_by_sms_in_both_languages(north, crew, assigned, arrive, leave):
    ref = assigned.incident.number
    result = text(north, crew[0].phone, arrive.format(ref=ref), "SMa1", at=T0 + timedelta(minutes=9))
    assert result.report.route == Route.RESPONDER and result.report.incident_id is None
    assert "lawful distance" in result.reply and f"OUT #{ref}" in result.reply and "never intervene" in result.reply
    assigned.refresh_from_db()
    assert assigned.status == OfferStatus.ON_SCENE
    assert assigned.arrived_at == T0 + timedelta(minutes=9)
    assert assigned.checkout_due_at == T0 + timedelta(minutes=69)
    again = text(north, crew[0].phone, arrive.format(ref=ref), "SMa2", at=T0 + timedelta(minutes=10))
    assert "already checked in" in again.reply
    out = text(north, crew[0].phone, leave.format(ref=ref), "SMa3", at=T0 + timedelta(minutes=40))
    assert "checked out" in out.reply
    assigned.refresh_from_db()
    assert assigned.status == OfferStatus.CHECKED_OUT and assigned.checkout_due_at is None
    # Every dispatch ends in a recorded state: the only seat checked out, so it is done.
    assert Dispatch.objects.get(pk=assigned.dispatch_id).status == DispatchStatus.DONE
    kinds = list(IncidentEvent.objects.filter(incident_id=assigned.incident_id).values_list("kind", flat=True))
    assert "responder_arrived" in kinds and "responder_checked_out" in kinds


def test_a_duplicate_callback_checks_in_once(north, crew, assigned):
    text(north, crew[0].phone, "ARRIVED", "SMd1")
    text(north, crew[0].phone, "ARRIVED", "SMd1")
    assert IncidentEvent.objects.filter(kind="responder_arrived").count() == 1


def test_arrived_without_an_assignment_gets_a_helpful_answer(north, crew, assigned):
    result = text(north, crew[1].phone, f"ARRIVED {assigned.incident.number}", "SMn1")
    assert "closed" in result.reply or "no open offer" in result.reply
    assert Offer.objects.get(responder=crew[1], incident_id=assigned.incident_id).status == OfferStatus.NOT_NEEDED
    assert not IncidentEvent.objects.filter(kind="responder_arrived").exists()


def test_a_removed_responder_cannot_check_in_by_sms(north, crew, assigned, admin_user):
    actions.remove_responder(crew[0], by=admin_user)
    result = text(north, crew[0].phone, f"ARRIVED {assigned.incident.number}", "SMx1")
    assert "not on the responder roster" in result.reply
    assigned.refresh_from_db()
    assert assigned.status == OfferStatus.RELEASED and assigned.arrived_at is None


@pytest.mark.parametrize("word", ["SOS", "ayuda"])
def test_sos_alerts_the_dispatcher_and_the_safety_contact_at_once(north, crew, assigned, word):
    result = text(north, crew[0].phone, word, "SMs1")
    assert "alerted the dispatcher" in result.reply
    assert any("SOS" in b and crew[0].name in b for b in sent_to(DUTY_PHONE))
    assert any("SOS" in b for b in sent_to(SAFETY_PHONE))
    assigned.refresh_from_db()
    assert assigned.sos_at == T0
    event = IncidentEvent.objects.get(kind="responder_sos")
    assert event.data["dispatchers"] == 1 and event.data["safety_contact"] == 1


def test_sos_without_an_assignment_still_alerts(north, crew, assigned):
    text(north, crew[2].phone, "AYUDA", "SMs2")
    assert len(sent_to(SAFETY_PHONE)) == 1 and len(sent_to(DUTY_PHONE)) == 1
    # No incident to name: the alert says who asked, and no "at - near -" placeholder for a missing incident.
    [alert] = sent_to(DUTY_PHONE)
    assert alert.startswith("Amparo SOS: responder") and "asked for help. Call them now." in alert
    assert "incident" not in alert and " - " not in alert


def test_an_overdue_check_out_alerts_the_dispatcher_then_the_safety_contact(north, crew, assigned):
    onscene.arrive(assigned, now=T0 + timedelta(minutes=10), via="sms")  # due at T0+70
    assert sweep(T0 + timedelta(minutes=69))["checkout_alerted"] == 0
    assert sweep(T0 + timedelta(minutes=70))["checkout_alerted"] == 1
    assert any("has not checked out" in b for b in sent_to(DUTY_PHONE))
    assert sent_to(SAFETY_PHONE) == []
    assert sweep(T0 + timedelta(minutes=71))["checkout_alerted"] == 0  # once
    assert sweep(T0 + timedelta(minutes=84))["safety_alerted"] == 0
    assert sweep(T0 + timedelta(minutes=85))["safety_alerted"] == 1
    assert any("still not checked out" in b for b in sent_to(SAFETY_PHONE))
    assert sweep(T0 + timedelta(minutes=90))["safety_alerted"] == 0
    # Checking out late tells those alerted that the responder is safe.
    onscene.check_out(assigned, now=T0 + timedelta(minutes=91), via="sms")
    assert any("safely" in b for b in sent_to(SAFETY_PHONE)) and any("safely" in b for b in sent_to(DUTY_PHONE))
    kinds = list(IncidentEvent.objects.values_list("kind", flat=True))
    assert "checkout_overdue" in kinds and "safety_contact_alerted" in kinds


def test_an_accepted_responder_who_never_arrives_is_checked_on_too(north, crew, assigned):
    assert sweep(T0 + timedelta(minutes=1))["checkout_armed"] == 1
    assigned.refresh_from_db()
    assert assigned.checkout_due_at == T0 + timedelta(minutes=60)
    assert sweep(T0 + timedelta(minutes=60))["checkout_alerted"] == 1


def test_the_real_periodic_task_runs_the_on_scene_steps(north, crew, assigned):
    from amparo.verification.tasks import sweep_verification

    onscene.arrive(assigned, now=T0, via="sms")
    Offer.objects.filter(pk=assigned.pk).update(checkout_due_at=T0)  # long past
    result = sweep_verification.call_local()
    assert result["checkout_alerted"] == 1


@pytest.mark.parametrize("outcome,agency,status,reason", [
    (Outcome.ENFORCEMENT_SEEN, Agency.ICE, Status.CONFIRMED, "enforcement seen: ICE"),
    (Outcome.ENFORCEMENT_SEEN, Agency.CBP, Status.CONFIRMED, "enforcement seen: CBP"),
    (Outcome.OTHER_AGENCY, Agency.LOCAL_POLICE, Status.FALSE_ALARM, "other agency: Local police"),
    (Outcome.NOTHING_FOUND, "", Status.UNVERIFIABLE, "nothing found on arrival"),
    (Outcome.NORMAL_ACTIVITY, "", Status.FALSE_ALARM, "normal activity"),
])
def test_the_outcome_proposes_and_applies_the_status(north, crew, assigned, outcome, agency, status, reason):
    onscene.arrive(assigned, now=T0, via="page")
    assert onscene.report_outcome(assigned, outcome=outcome, agency=agency, now=T0) == status
    incident = Incident.objects.get(pk=assigned.incident_id)
    assert incident.status == status and incident.status_reason == reason
    assigned.refresh_from_db()
    assert assigned.outcome == outcome and assigned.outcome_reported_at == T0
    event = IncidentEvent.objects.get(kind="outcome_reported")
    assert event.data["attested_by"] == crew[0].pk and event.data["proposed"] == status


@pytest.mark.parametrize("outcome,agency", [(Outcome.ENFORCEMENT_SEEN, Agency.LOCAL_POLICE),
                                            (Outcome.ENFORCEMENT_SEEN, ""), (Outcome.OTHER_AGENCY, Agency.ICE),
                                            ("made_up", "")])
def test_an_outcome_that_does_not_fit_its_agency_is_refused(north, crew, assigned, outcome, agency):
    with pytest.raises(ValueError):
        onscene.report_outcome(assigned, outcome=outcome, agency=agency, now=T0)
    assert Incident.objects.get(pk=assigned.incident_id).status == Status.VERIFYING


def test_a_second_outcome_does_not_overturn_the_first(north, dispatcher, crew, assigned):
    onscene.report_outcome(assigned, outcome=Outcome.ENFORCEMENT_SEEN, agency=Agency.ICE, now=T0)
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        onscene.report_outcome(assigned, outcome=Outcome.NOTHING_FOUND, now=T0)
    assert Incident.objects.get(pk=assigned.incident_id).status == Status.CONFIRMED


def test_the_dispatcher_overrides_the_outcome_with_a_reason(north, dispatcher, crew, assigned):
    onscene.report_outcome(assigned, outcome=Outcome.ENFORCEMENT_SEEN, agency=Agency.ICE, now=T0)
    incident = Incident.objects.get(pk=assigned.incident_id)
    with pytest.raises(ValueError):
        onscene.override_outcome(incident, Status.FALSE_ALARM, by=dispatcher, reason=" ")
    with pytest.raises(InvalidTransition):
        onscene.override_outcome(incident, Status.CLOSED, by=dispatcher, reason="x")
    onscene.override_outcome(incident, Status.FALSE_ALARM, by=dispatcher, reason="they were county sheriff")
    incident.refresh_from_db()
    assert incident.status == Status.FALSE_ALARM and incident.status_reason == "they were county sheriff"
    event = IncidentEvent.objects.get(kind="outcome_overridden")
    assert event.actor == dispatcher and event.data["before"] == Status.CONFIRMED


def test_a_report_from_a_reporter_saying_arrived_is_not_a_responder_reply(north, crew, assigned):
    text(north, "+12135550777", "ICE at Soto and 1st 90033", "SMp1")
    text(north, "+12135550777", "OUT", "SMp2")
    assert Report.objects.get(provider_id="SMp2").route != Route.RESPONDER
    assigned.refresh_from_db()
    assert assigned.status == OfferStatus.ACCEPTED


def test_a_verdict_given_by_hand_can_be_changed_on_the_incident_page(client, north, dispatcher):  # type: ignore[no-untyped-def]
    # A dispatcher confirmed without a responder (a trusted partner's call), then learned it was a utility crew:
    # the page must offer the change, or the false alarm can never be corrected (issue 13's rumor control).
    from django.urls import reverse

    from amparo.incidents.actions import transition
    from amparo.testing.i18n import translated

    incident = make_incident(north)
    incident = transition(transition(incident, Status.VERIFYING, by=dispatcher), Status.CONFIRMED, by=dispatcher)
    client.force_login(dispatcher)
    page = client.get(reverse("console:incident", args=[incident.pk]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'class="action-form override-form"' in page and translated("es", "Change the verdict") in page
    response = client.post(reverse("verification:override", args=[incident.pk]),
                           {"status": Status.FALSE_ALARM, "reason": "a utility crew", "version": incident.version})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == Status.FALSE_ALARM
    page = client.get(reverse("console:incident", args=[incident.pk])).content.decode()
    assert 'value="confirmed"' in page.split('id="override-status"')[1].split("</select>")[0]


def test_a_reported_incident_offers_no_verdict_change(client, north, dispatcher):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    incident = make_incident(north)
    client.force_login(dispatcher)
    page = client.get(reverse("console:incident", args=[incident.pk])).content.decode()
    assert "override-form" not in page and 'id="onscene"' not in page
