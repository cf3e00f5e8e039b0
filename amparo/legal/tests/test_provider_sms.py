"""A provider answers a referral by SMS: TAKE C12 / TOMO C12, PASS C12 / PASO C12.

The case's C is required: "TAKE 12" is answered with how to write it and changes nothing, and a
dropped C never becomes a responder's reply, even from a provider whose phone is on the roster."""

from __future__ import annotations

import pytest

from amparo.incidents.models import Incident
from amparo.intake.keywords import candidates, parse
from amparo.legal.models import Referral, ReferralStatus
from amparo.legal.referrals import send_referral
from amparo.legal.tests.referral_helpers import make_case, make_provider, run_on_commit
from amparo.reports.models import Report, Route
from amparo.verification import actions as verification
from amparo.verification.models import Offer, OfferStatus
from amparo.verification.tests.conftest import make_incident, make_responder
from conftest import NORTH_NUMBER

pytestmark = pytest.mark.usefixtures("run_on_commit")
__all__ = ["run_on_commit"]

PROVIDER_PHONE = "+12135550777"


def sms(twilio_post, sid: str, sender: str, body: str):  # type: ignore[no-untyped-def]
    return twilio_post("/hooks/twilio/sms", {"MessageSid": sid, "From": sender, "To": NORTH_NUMBER, "Body": body})


@pytest.fixture
def referred(north, legal):  # type: ignore[no-untyped-def]
    provider = make_provider(north, "Esperanza Legal", phone=PROVIDER_PHONE)
    case = make_case(north)
    return send_referral(case, provider, by=legal)


@pytest.mark.parametrize("word", ["TAKE", "tomo", "Tomo"])
def test_the_provider_accepts_by_sms(twilio_post, referred, word):
    r = sms(twilio_post, "SMtake1", PROVIDER_PHONE, f"{word} C{referred.case.number}")
    assert r.status_code == 200 and f"C{referred.case.number}".encode() in r.content
    referred.refresh_from_db()
    assert referred.status == ReferralStatus.ACCEPTED and referred.case.provider_id is not None
    report = Report.objects.get(provider_id="SMtake1")
    assert report.route == Route.KEYWORD and report.incident_id is None
    if word.lower() == "tomo":
        assert b"es suyo" in r.content


@pytest.mark.parametrize("text", ["PASS C{n}", "paso c{n}", "PASO C {n}"])
def test_the_provider_declines_by_sms(twilio_post, referred, text):
    sms(twilio_post, "SMpass1", PROVIDER_PHONE, text.format(n=referred.case.number))
    referred.refresh_from_db()
    assert referred.status == ReferralStatus.DECLINED
    assert referred.provider.__class__.objects.get(pk=referred.provider_id).open_cases == 0


def test_a_dropped_c_is_explained_and_changes_nothing(twilio_post, referred):
    r = sms(twilio_post, "SMnoc", PROVIDER_PHONE, f"TAKE {referred.case.number}")
    assert b"write the C" in r.content
    assert Referral.objects.get().status == ReferralStatus.PENDING
    assert not Incident.objects.exists()


def test_a_dropped_c_never_answers_a_dispatch_even_from_a_responders_phone(north, dispatcher, twilio_post, referred):
    """The provider's phone is also on the roster, and incident N has an offer to it."""
    responder = make_responder(north, PROVIDER_PHONE)
    incident = make_incident(north)
    verification.offer_incident(incident, by=dispatcher, responders=[responder])
    for i, text in enumerate([f"TOMO {incident.pk}", f"TAKE {incident.pk}", f"PASO {incident.pk}",
                              f"PASS {incident.pk}", f"TAKE C{incident.pk}"]):
        sms(twilio_post, f"SMdrop{i}", PROVIDER_PHONE, text)
    assert Offer.objects.get().status == OfferStatus.OFFERED
    assert not Report.objects.filter(route=Route.RESPONDER).exists()


def test_no_provider_word_is_a_responders_and_c_codes_are_no_responders_reply():
    for word in ("TAKE", "TOMO", "PASS", "PASO"):
        found, _code = candidates(f"{word} C7")
        assert [k.name for k in found] in (["legal.take"], ["legal.pass"])
    assert parse("YES C7") is None and candidates("YES C7")[0] == []  # a C code is never a responder's reply
    assert candidates("NO C7")[0] == []


def test_a_code_for_a_case_not_referred_to_them_changes_nothing(twilio_post, north, referred):
    other = make_case(north, name="Other Person")
    r = sms(twilio_post, "SMwrong", PROVIDER_PHONE, f"TAKE C{other.number}")
    assert b"no referral" in r.content.lower()
    assert Referral.objects.get().status == ReferralStatus.PENDING


def test_a_strangers_take_c12_is_a_report_not_an_answer(twilio_post, referred):
    sms(twilio_post, "SMstranger", "+13235550123", f"TAKE C{referred.case.number}")
    assert Referral.objects.get().status == ReferralStatus.PENDING
    assert Report.objects.get(provider_id="SMstranger").route == Route.REPORT


def test_a_huge_or_unknown_case_number_is_answered_and_changes_nothing(twilio_post, referred):
    for i, text in enumerate(["TAKE C9999999999", "PASO C0", "TOMO C2147483648"]):
        r = sms(twilio_post, f"SMhuge{i}", PROVIDER_PHONE, text)
        body = r.content.decode().lower()
        assert r.status_code == 200 and ("no referral" in body or "ningún envío" in body)
    assert Referral.objects.get().status == ReferralStatus.PENDING
