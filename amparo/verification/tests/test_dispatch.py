from __future__ import annotations

from datetime import timedelta

import pytest

from amparo.crypto.keys import keyed_hash
from amparo.incidents.models import IncidentEvent, Status
from amparo.messaging.models import OutboundMessage
from amparo.reports.models import Report
from amparo.verification import actions
from amparo.verification.models import Dispatch, DispatchStatus, Offer, OfferStatus
from amparo.verification.sweep import sweep
from amparo.verification.tests.conftest import FAR, T0, configure, make_incident, make_responder

pytestmark = pytest.mark.django_db


def texts_to(org, responder):  # type: ignore[no-untyped-def]
    return [m.body for m in OutboundMessage.objects.filter(organization=org, to_hash=responder.phone_hash)]


def test_it_offers_to_the_best_ring_and_starts_verifying(north, dispatcher, crew, django_capture_on_commit_callbacks):
    configure(north, ring_size=2, seats=1)
    far = make_responder(north, "+12135550299", zips=(FAR,))
    make_responder(north, "+12135550298", field_eligible=False)
    incident = make_incident(north)
    Report.objects.create(organization=north, channel="sms", provider_id="SMx1", body="Agents at the Garcia home",
                          language="en", received_at=T0, incident=incident)
    dispatch = actions.offer_incident(incident, by=dispatcher, now=T0)
    incident.refresh_from_db()
    assert incident.status == Status.VERIFYING
    offered = set(Offer.objects.filter(dispatch=dispatch).values_list("responder_id", flat=True))
    assert offered == {crew[0].pk, crew[1].pk} and far.pk not in offered
    body = texts_to(north, crew[0])[0]
    assert f"YES #{incident.number}" in body and "Zone 90033" in body and "/verification/o/" in body
    assert "lawful distance" in body and "Garcia" not in body
    assert dispatch.escalate_at == T0 + timedelta(minutes=10)


def test_it_assigns_the_first_k_and_tells_the_others(north, dispatcher, crew):  # type: ignore[no-untyped-def]
    configure(north, seats=1, ring_size=3)
    incident = make_incident(north)
    dispatch = actions.offer_incident(incident, by=dispatcher, now=T0)
    first, second, third = Offer.objects.filter(dispatch=dispatch).order_by("id")
    assert actions.accept_offer(first, now=T0) == actions.Accept.ASSIGNED
    assert actions.accept_offer(second, now=T0) == actions.Accept.NOT_NEEDED
    assert actions.accept_offer(first, now=T0) == actions.Accept.ALREADY
    dispatch.refresh_from_db()
    assert (dispatch.status, dispatch.accepted_count, dispatch.escalate_at) == (DispatchStatus.STAFFED, 1, None)
    third.refresh_from_db()
    assert third.status == OfferStatus.NOT_NEEDED
    assert any("no longer needs" in b for b in texts_to(north, third.responder))
    assert not any("no longer needs" in b for b in texts_to(north, first.responder))
    assert dispatch.first_accepted_at == T0


def test_it_escalates_to_the_next_ring_then_alerts_the_dispatcher(north, dispatcher, crew):  # type: ignore[no-untyped-def]
    configure(north, seats=1, ring_size=2, max_rings=2, offer_minutes=10)
    incident = make_incident(north)
    dispatch = actions.offer_incident(incident, by=dispatcher, now=T0)
    # The on-scene steps (safety.SWEEP_STEPS) report their own counts beside these.
    assert sweep(now=T0 + timedelta(minutes=9)).items() >= {"expired": 0, "escalated": 0}.items()
    assert sweep(now=T0 + timedelta(minutes=10)).items() >= {"expired": 2, "escalated": 1}.items()
    ring2 = Offer.objects.filter(dispatch=dispatch, ring=2)
    assert [o.responder_id for o in ring2] == [crew[2].pk]
    assert sweep(now=T0 + timedelta(minutes=10, seconds=30))["escalated"] == 0  # nothing due twice
    assert sweep(now=T0 + timedelta(minutes=20))["escalated"] == 1
    dispatch.refresh_from_db()
    assert dispatch.status == DispatchStatus.STALLED and dispatch.stalled_at == T0 + timedelta(minutes=20)
    assert IncidentEvent.objects.filter(incident=incident, kind="dispatch_stalled").count() == 1
    # A late YES on an expired offer still takes the free seat.
    late = Offer.objects.get(dispatch=dispatch, responder=crew[0])
    assert late.status == OfferStatus.EXPIRED
    assert actions.accept_offer(late, now=T0 + timedelta(minutes=21)) == actions.Accept.ASSIGNED


def test_it_texts_on_duty_dispatchers_when_stalled(north, dispatcher, crew):  # type: ignore[no-untyped-def]
    from amparo.voice.models import DutyStatus

    DutyStatus.objects.create(organization=north, user=dispatcher, on_duty=True, phone="+12135550999",
                              phone_hash=keyed_hash(north.pk, "tel:+12135550999"))
    configure(north, max_rings=1)
    incident = make_incident(north)
    actions.offer_incident(incident, by=dispatcher, now=T0)
    sweep(now=T0 + timedelta(hours=1))
    msg = OutboundMessage.objects.get(organization=north, to_hash=keyed_hash(north.pk, "tel:+12135550999"))
    assert f"incident #{incident.number}" in msg.body


def test_it_escalates_at_once_when_everyone_declines(north, dispatcher, crew):  # type: ignore[no-untyped-def]
    configure(north, ring_size=3, max_rings=1)
    incident = make_incident(north)
    dispatch = actions.offer_incident(incident, by=dispatcher, now=T0)
    for offer in Offer.objects.filter(dispatch=dispatch):
        assert actions.decline_offer(offer, now=T0 + timedelta(minutes=1))
    assert sweep(now=T0 + timedelta(minutes=1))["escalated"] == 1
    dispatch.refresh_from_db()
    assert dispatch.status == DispatchStatus.STALLED


def test_the_periodic_task_calls_the_sweep(north, dispatcher, crew, monkeypatch):  # type: ignore[no-untyped-def]
    from amparo.verification import tasks

    incident = make_incident(north)
    dispatch = actions.offer_incident(incident, by=dispatcher, now=T0)
    # The real task, run by Huey (immediate mode in tests), with the clock past the deadline.
    monkeypatch.setattr("amparo.verification.sweep.timezone.now", lambda: T0 + timedelta(hours=2))
    result = tasks.sweep_verification.call_local()
    assert result["expired"] == 3 and result["escalated"] == 1
    assert Dispatch.objects.get(pk=dispatch.pk).ring == 1  # nobody left for ring 2
    from huey.contrib.djhuey import HUEY

    for minute in (0, 1, 37):  # the consumer's scheduler picks it every minute
        due = {t.name for t in HUEY.read_periodic(T0.replace(minute=minute, tzinfo=None))}
        assert "sweep_verification" in due


def test_removed_responders_cannot_accept_and_free_their_seat(north, dispatcher, admin_user, crew):  # type: ignore[no-untyped-def]
    configure(north, seats=1, ring_size=3)
    incident = make_incident(north)
    dispatch = actions.offer_incident(incident, by=dispatcher, now=T0)
    a, b, c = Offer.objects.filter(dispatch=dispatch).order_by("id")
    actions.remove_responder(b.responder, by=admin_user, now=T0)
    assert actions.accept_offer(b, now=T0) == actions.Accept.REFUSED
    assert actions.accept_offer(a, now=T0) == actions.Accept.ASSIGNED
    actions.remove_responder(a.responder, by=admin_user, now=T0)
    dispatch.refresh_from_db()
    assert (dispatch.status, dispatch.accepted_count) == (DispatchStatus.OFFERING, 0)
    a.refresh_from_db()
    assert a.status == OfferStatus.RELEASED


def test_it_refuses_hand_picked_responders_not_cleared_for_field_work(north, dispatcher, outsider, south):
    from django.core.exceptions import PermissionDenied

    incident = make_incident(north)
    benched = make_responder(north, "+12135550297", field_eligible=False)
    stranger = make_responder(south, "+12135550296")
    for picked in (benched, stranger):
        with pytest.raises(PermissionDenied):
            actions.offer_incident(incident, by=dispatcher, responders=[picked], now=T0)
    assert not Offer.objects.exists()


def test_it_cancels_a_dispatch(north, dispatcher, crew):  # type: ignore[no-untyped-def]
    incident = make_incident(north)
    dispatch = actions.offer_incident(incident, by=dispatcher, now=T0)
    first = Offer.objects.filter(dispatch=dispatch).first()
    actions.accept_offer(first, now=T0)
    assert actions.cancel_dispatch(dispatch, by=dispatcher, now=T0)
    assert not actions.cancel_dispatch(dispatch, by=dispatcher, now=T0)
    statuses = set(Offer.objects.filter(dispatch=dispatch).values_list("status", flat=True))
    assert statuses == {OfferStatus.RELEASED, OfferStatus.CANCELLED}
    assert any("released you" in b for b in texts_to(north, first.responder))
