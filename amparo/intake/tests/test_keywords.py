"""The keyword registry: every word the router and the responder replies accept,
through the real webhook; start-up failure on a clash; the documented table."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from amparo.intake import keywords as registry
from amparo.intake.keywords import Answer, Audience, Keyword, Sender, fold, parse, register
from amparo.intake.management.commands.keyword_table import DOC, with_table
from amparo.reports.models import OptOut, Report, Route
from amparo.verification import actions
from amparo.verification.models import Offer, OfferStatus
from amparo.verification.tests.conftest import T0, make_incident

NORTH_NUMBER = "+12135550100"
STRANGER = "+12135550999"
_sids = itertools.count()


def sms(twilio_post, sender: str, body: str):  # type: ignore[no-untyped-def]
    sid = f"SMkw{next(_sids)}"
    r = twilio_post("/hooks/twilio/sms", {"MessageSid": sid, "From": sender, "To": NORTH_NUMBER, "Body": body})
    assert r.status_code == 200
    return r, Report.objects.get(provider_id=sid)


@pytest.fixture
def isolated_registry(monkeypatch):  # type: ignore[no-untyped-def]
    """Register test keywords without leaving them behind for other tests."""
    monkeypatch.setattr(registry, "_KEYWORDS", list(registry._KEYWORDS))
    monkeypatch.setattr(registry, "_AUDIENCES", dict(registry._AUDIENCES))


@pytest.fixture
def offered(north, dispatcher, crew):  # type: ignore[no-untyped-def]
    incident = make_incident(north)
    actions.offer_incident(incident, by=dispatcher, now=T0)
    return incident


@pytest.mark.parametrize("word", ["STOP", "stopall", "Unsubscribe", "CANCEL", "end", "QUIT", "OPTOUT",
                                  "revoke", "PARAR", "baja", " Stop. "])
def test_every_stop_word_records_an_opt_out_unanswered(north, twilio_post, word):
    r, report = sms(twilio_post, STRANGER, word)
    assert report.route == Route.KEYWORD and report.incident_id is None
    assert OptOut.objects.get(organization=north, caller_hash=report.caller_hash).sender == Sender.HOTLINE
    assert b"<Message>" not in r.content  # the carrier answers STOP itself


@pytest.mark.parametrize("word", ["START", "unstop", "OptIn"])
def test_every_start_word_ends_the_opt_out_and_answers(north, twilio_post, word):
    sms(twilio_post, STRANGER, "STOP")
    r, report = sms(twilio_post, STRANGER, word)
    assert report.route == Route.KEYWORD
    assert not OptOut.objects.filter(organization=north).exists()
    assert b"<Message>" in r.content


@pytest.mark.parametrize("word", ["HELP", "info", "Help!"])
def test_every_help_word_is_answered_with_the_help_text(north, twilio_post, word):
    r, report = sms(twilio_post, STRANGER, word)
    assert report.route == Route.KEYWORD and b"<Message>" in r.content


@pytest.mark.parametrize("word", ["YES", "si", "SÍ", "ok", "Accept", "ACEPTO"])
def test_every_accept_word_takes_a_seat(north, crew, offered, twilio_post, word):
    r, report = sms(twilio_post, crew[0].phone, f"{word} {offered.number}")
    assert report.route == Route.RESPONDER
    assert Offer.objects.get(responder=crew[0]).status == OfferStatus.ACCEPTED


def test_no_declines(north, crew, offered, twilio_post):
    _r, report = sms(twilio_post, crew[0].phone, f"NO {offered.number}")
    assert report.route == Route.RESPONDER
    assert Offer.objects.get(responder=crew[0]).status == OfferStatus.DECLINED


@pytest.mark.parametrize("arrived,out", [("ARRIVED", "OUT"), ("here", "sali"), ("Llegué", "SALÍ")])
def test_every_arrival_and_check_out_word(north, crew, offered, twilio_post, arrived, out):
    sms(twilio_post, crew[0].phone, f"YES {offered.number}")
    sms(twilio_post, crew[0].phone, f"{arrived} {offered.number}")
    assert Offer.objects.get(responder=crew[0]).status == OfferStatus.ON_SCENE
    _r, report = sms(twilio_post, crew[0].phone, f"{out} {offered.number}")
    assert report.route == Route.RESPONDER
    assert Offer.objects.get(responder=crew[0]).status == OfferStatus.CHECKED_OUT


@pytest.mark.parametrize("word", ["SOS", "ayuda"])
def test_every_alarm_word_raises_the_alarm(north, crew, offered, twilio_post, word):
    sms(twilio_post, crew[0].phone, f"YES {offered.number}")
    _r, report = sms(twilio_post, crew[0].phone, word)
    assert report.route == Route.RESPONDER
    assert Offer.objects.get(responder=crew[0]).sos_at is not None


def test_a_responder_word_from_a_stranger_without_a_code_is_a_report(north, twilio_post):
    _r, report = sms(twilio_post, STRANGER, "yes")
    assert report.route == Route.REPORT


def test_the_example_code_in_answers_is_no_incident(north, crew, offered, twilio_post):
    second = make_incident(north)
    actions.offer_incident(second, by=None, responders=[crew[0]], now=T0)
    r, _report = sms(twilio_post, crew[0].phone, "YES")  # two open offers: which one?
    assert b"YES #0" in r.content
    assert not Offer.objects.filter(incident__number=0).exists()


def test_it_folds_case_accents_and_punctuation():
    assert fold("  sí. ") == "SI" and parse("Llegué #12!") == ("LLEGUE", 12)
    assert parse("stop them, they are here") is None
    # Compatibility forms fold to ASCII ("²" is 2); other scripts' digits are no code.
    assert parse("YES ²") == ("YES", 2) and parse("YES ٣") is None


def _keyword(name: str, words: tuple[str, ...], **kw) -> Keyword:  # type: ignore[no-untyped-def]
    return Keyword(name, words, lambda msg: Answer(), route=Route.KEYWORD, **kw)


def test_two_handlers_claiming_one_word_fail_start_up(isolated_registry):
    with pytest.raises(ImproperlyConfigured, match="STOP"):
        register(_keyword("test.stop", ("stop",)))
    with pytest.raises(ImproperlyConfigured, match="YES"):
        register(_keyword("test.yes", ("yes",), audience=Audience.ROSTER))


def test_the_same_word_may_serve_another_sender(isolated_registry):
    # ARRIVED is a responder's word on the hotline; the alerts sender has none of its own by that name
    register(_keyword("test.alerts_arrived", ("ARRIVED",), sender=Sender.ALERTS))
    assert "test.alerts_arrived" in [k.name for k in registry.keywords(Sender.ALERTS)]


def test_a_word_must_be_one_word_of_letters(isolated_registry):
    with pytest.raises(ImproperlyConfigured):
        register(_keyword("test.two", ("TWO WORDS",)))


def test_docs_show_the_registry():
    doc = Path(DOC).read_text()
    assert doc == with_table(doc), "docs/intake.md is out of step: run `python manage.py keyword_table --write`"
