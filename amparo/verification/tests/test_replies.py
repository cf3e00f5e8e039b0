from __future__ import annotations

import pytest

from amparo.incidents.models import IncidentEvent
from amparo.reports.models import Report, Route
from amparo.verification import actions
from amparo.verification.models import Dispatch, Offer, OfferStatus
from amparo.verification.replies import ACCEPT, ARRIVED, DECLINE, OUT, SOS, Reply, parse_reply
from amparo.verification.tests.conftest import T0, make_incident, make_responder

NORTH_NUMBER = "+12135550100"
SOUTH_NUMBER = "+13105550199"


@pytest.mark.parametrize("body,expected", [
    ("YES 42", Reply(ACCEPT, 42)), ("yes", Reply(ACCEPT, None)), (" Yes #42! ", Reply(ACCEPT, 42)),
    ("NO 42", Reply(DECLINE, 42)), ("no", Reply(DECLINE, None)),
    ("ARRIVED 42", Reply(ARRIVED, 42)), ("OUT 42", Reply(OUT, 42)), ("SOS", Reply(SOS, None)),
    ("SI 42", Reply(ACCEPT, 42)), ("sí 42", Reply(ACCEPT, 42)), ("Sí", Reply(ACCEPT, None)),
    ("SÍ 42", Reply(ACCEPT, 42)), ("llegué 42", Reply(ARRIVED, 42)), ("LLEGUE", Reply(ARRIVED, None)),
    ("salí 42", Reply(OUT, 42)), ("AYUDA", Reply(SOS, None)),
    ("yes they are still there", None), ("si, en la esquina de Cesar Chavez", None), ("42", None),
    ("HELP", None), ("", None), ("NOPE 42", None),
])
def test_it_parses_replies_in_english_and_spanish(body, expected):  # type: ignore[no-untyped-def]
    assert parse_reply(body) == expected


def sms(twilio_post, sid: str, sender: str, body: str, to: str = NORTH_NUMBER, **kw):  # type: ignore[no-untyped-def]
    return twilio_post("/hooks/twilio/sms", {"MessageSid": sid, "From": sender, "To": to, "Body": body}, **kw)


@pytest.fixture
def offered(north, dispatcher, crew):  # type: ignore[no-untyped-def]
    incident = make_incident(north)
    actions.offer_incident(incident, by=dispatcher, now=T0)
    return incident


def test_it_accepts_by_sms_and_ignores_the_duplicate_callback(north, crew, offered, twilio_post):
    r = sms(twilio_post, "SMr1", crew[0].phone, f"SI {offered.number}")
    assert r.status_code == 200 and b"assigned" in r.content and b"lawful distance" in r.content
    offer = Offer.objects.get(responder=crew[0])
    assert offer.status == OfferStatus.ACCEPTED
    report = Report.objects.get(provider_id="SMr1")
    assert report.route == Route.RESPONDER and report.incident_id is None
    sms(twilio_post, "SMr1", crew[0].phone, f"SI {offered.number}")
    assert Dispatch.objects.get(incident=offered).accepted_count == 1
    assert IncidentEvent.objects.filter(incident=offered, kind="offer_accepted").count() == 1


def test_it_declines_without_a_code_when_one_offer_is_open(north, crew, offered, twilio_post):
    r = sms(twilio_post, "SMr2", crew[1].phone, "no")
    assert b"thanks for letting us know" in r.content
    assert Offer.objects.get(responder=crew[1]).status == OfferStatus.DECLINED


def test_it_answers_unknown_and_foreign_codes_and_changes_nothing(north, crew, offered, twilio_post):
    other = make_incident(north)
    loner = make_responder(north, "+12135550288")
    assert b"no open offer" in sms(twilio_post, "SMr3", crew[0].phone, "YES 999999").content
    actions.offer_incident(other, by=None, responders=[loner], now=T0)
    assert b"someone else" in sms(twilio_post, "SMr4", crew[0].phone, f"YES {other.number}").content
    assert not Offer.objects.filter(status=OfferStatus.ACCEPTED).exists()


def test_a_reporter_answering_si_is_a_follow_up(north, crew, offered, twilio_post):  # type: ignore[no-untyped-def]
    reporter = "+12135550777"
    sms(twilio_post, "SMp1", reporter, "ICE agents at 1st and Soto 90033")
    first = Report.objects.get(provider_id="SMp1")
    sms(twilio_post, "SMp2", reporter, "SI")
    assert Report.objects.get(provider_id="SMp2").route == Route.FOLLOWUP
    assert Report.objects.get(provider_id="SMp2").incident_id == first.incident_id
    assert not Offer.objects.filter(status=OfferStatus.ACCEPTED).exists()


def test_a_number_not_on_the_roster_gets_a_helpful_answer(north, crew, offered, twilio_post):
    r = sms(twilio_post, "SMs1", "+12135550666", f"YES {offered.number}")
    assert b"not on the responder roster" in r.content
    assert Report.objects.get(provider_id="SMs1").route == Route.RESPONDER
    assert not Offer.objects.filter(status=OfferStatus.ACCEPTED).exists()


def test_a_removed_responder_cannot_accept_by_sms(north, admin_user, crew, offered, twilio_post):
    actions.remove_responder(crew[0], by=admin_user)
    r = sms(twilio_post, "SMx9", crew[0].phone, f"YES {offered.number}")
    assert b"not on the responder roster" in r.content
    assert not Offer.objects.filter(status=OfferStatus.ACCEPTED).exists()


def test_a_responder_of_another_org_changes_nothing(north, south, crew, offered, twilio_post):
    from conftest import SOUTH_TOKEN

    make_responder(south, crew[0].phone)  # the same person volunteers for south too
    r = sms(twilio_post, "SMo1", crew[0].phone, f"YES {offered.number}", to=SOUTH_NUMBER, token=SOUTH_TOKEN)
    assert r.status_code == 200 and b"no open offer" in r.content
    assert not Offer.objects.filter(status=OfferStatus.ACCEPTED).exists()
    assert Dispatch.objects.get(incident=offered).accepted_count == 0
