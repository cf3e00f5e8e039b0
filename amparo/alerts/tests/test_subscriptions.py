"""Subscriptions by SMS: double opt-in on the alerts sender, STOP per sender in both directions,
HELP, ZIP and language changes, bad input answered with what is accepted, lapsing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from amparo.alerts.areas import MAX_ZIPS
from amparo.alerts.models import (
    AlertSettings,
    ConsentChannel,
    ConsentEvent,
    Subscriber,
    SubscriberConsent,
    SubscriberStatus,
)
from amparo.alerts.senders import send_from_alerts
from amparo.alerts.subscriptions import zips_of
from amparo.alerts.tasks import lapse_silent_subscriptions
from amparo.alerts.tests.conftest import ALERTS_SID, ANA, hash_of, sms, texts_to
from amparo.messaging.models import MessageKind, MessageStatus
from amparo.reports.models import Route, Sender
from amparo.reports.optouts import is_opted_out
from amparo.texts.render import render_text
from amparo.texts.segments import segments
from amparo.verification.tests.conftest import make_responder
from conftest import NORTH_NUMBER

pytestmark = pytest.mark.django_db
ALERTS = Sender.ALERTS


def subscriber(org) -> Subscriber:  # type: ignore[no-untyped-def]
    return Subscriber.objects.get(organization=org, phone_hash=hash_of(org))


def events(org) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return list(SubscriberConsent.objects.filter(organization=org).values_list("event", "channel"))


def active(org, body: str = "ALERTS 90033"):  # type: ignore[no-untyped-def]
    sms(org, body)
    sms(org, "YES", sender=ALERTS)
    s = subscriber(org)
    assert s.status == SubscriberStatus.ACTIVE
    return s


def test_alertas_on_the_hotline_asks_for_yes_from_the_alerts_sender(net):
    result = sms(net, "Alertas 90033")
    assert result.reply is None  # nothing in the hotline's answer: the confirmation comes from the alerts sender
    assert result.report.route == Route.KEYWORD and result.report.incident is None
    s = subscriber(net)
    assert (s.status, s.language, s.phone, zips_of(s)) == (SubscriberStatus.PENDING, "es", ANA, ["90033"])
    assert events(net) == [(ConsentEvent.REQUESTED, ConsentChannel.SMS_HOTLINE)]
    confirmation, = texts_to(net)
    assert confirmation.from_number == ALERTS_SID
    assert confirmation.body == render_text(net.pk, "alerts.sub.confirm", "es", areas="ZIP 90033")
    assert "SI" in confirmation.body and "STOP" in confirmation.body


def test_double_opt_in_yes_on_the_alerts_sender_starts_the_subscription(net):
    sms(net, "ALERTS 90033", sender=ALERTS)
    result = sms(net, "Sí.", sender=ALERTS)
    assert result.reply is None and result.report.route == Route.KEYWORD
    s = subscriber(net)
    assert s.status == SubscriberStatus.ACTIVE and s.confirmed_at is not None and s.language == "en"
    assert events(net) == [(ConsentEvent.REQUESTED, ConsentChannel.SMS_ALERTS),
                           (ConsentEvent.CONFIRMED, ConsentChannel.SMS_ALERTS)]
    confirm, confirmed = texts_to(net)
    assert confirmed.from_number == ALERTS_SID and "90033" in confirmed.body and "ESPANOL" in confirmed.body


def test_yes_on_the_hotline_never_confirms_it_stays_what_it_was(net):
    sms(net, "ALERTAS 90033")
    result = sms(net, "SI")
    assert subscriber(net).status == SubscriberStatus.PENDING
    assert result.report.route == Route.REPORT  # a reporter's word, as before this feature


def test_yes_after_the_confirmation_window_is_a_report(net):
    sms(net, "ALERTAS 90033")
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(hours=49))
    result = sms(net, "SI", sender=ALERTS)
    assert subscriber(net).status == SubscriberStatus.PENDING
    assert result.report.route == Route.REPORT


def test_a_responders_si_12_is_never_taken_for_a_subscription(net):
    make_responder(net, ANA)
    sms(net, "ALERTAS 90033")
    result = sms(net, "SI 12")
    assert result.report.route == Route.RESPONDER
    assert subscriber(net).status == SubscriberStatus.PENDING
    # and SI with a number on the alerts sender is no confirmation either
    assert sms(net, "SI 12", sender=ALERTS).report.route != Route.KEYWORD


def test_stop_to_the_alerts_sender_ends_alerts_but_never_the_hotline(net):
    active(net)
    result = sms(net, "STOP", sender=ALERTS)
    assert result.reply is None  # Twilio's Advanced Opt-Out answers
    assert is_opted_out(net.pk, hash_of(net), sender=ALERTS)
    assert not is_opted_out(net.pk, hash_of(net), sender=Sender.HOTLINE)
    assert subscriber(net).status == SubscriberStatus.STOPPED
    assert events(net)[-1] == (ConsentEvent.STOPPED, ConsentChannel.SMS_ALERTS)
    # the hotline still answers a report from the same person
    assert sms(net, "ICE agents at 5th and Broadway").reply
    # and nothing more goes out from the alerts sender
    assert send_from_alerts(net, subscriber(net), "x").error_code == "opted_out"


def test_stop_to_the_hotline_never_ends_alerts(net):
    s = active(net)
    sms(net, "STOP")
    assert is_opted_out(net.pk, hash_of(net), sender=Sender.HOTLINE)
    assert not is_opted_out(net.pk, hash_of(net), sender=ALERTS)
    assert subscriber(net).status == SubscriberStatus.ACTIVE
    message = send_from_alerts(net, s, "x")
    assert (message.status, message.error_code, message.from_number) == (MessageStatus.QUEUED, "", ALERTS_SID)


def test_start_to_the_alerts_sender_restarts_a_confirmed_subscription(net):
    active(net)
    sms(net, "STOP", sender=ALERTS)
    sms(net, "START", sender=ALERTS)
    assert not is_opted_out(net.pk, hash_of(net), sender=ALERTS)
    assert subscriber(net).status == SubscriberStatus.ACTIVE
    assert events(net)[-1] == (ConsentEvent.RESTARTED, ConsentChannel.SMS_ALERTS)


def test_start_never_activates_a_subscription_never_confirmed(net):
    sms(net, "ALERTAS 90033")
    sms(net, "STOP", sender=ALERTS)
    sms(net, "START", sender=ALERTS)
    assert subscriber(net).status == SubscriberStatus.STOPPED


def test_alertas_to_the_hotline_after_an_alerts_stop_says_how_to_start(net):
    active(net)
    sms(net, "STOP", sender=ALERTS)
    result = sms(net, "ALERTAS 90022")
    assert result.reply == render_text(net.pk, "alerts.sub.opted_out", "es")
    assert subscriber(net).status == SubscriberStatus.STOPPED


def test_help_to_the_alerts_sender_is_recorded_and_left_to_twilio(net):
    s = active(net)
    before = len(texts_to(net))
    result = sms(net, "help", sender=ALERTS)
    assert result.reply is None and result.report.route == Route.KEYWORD
    assert len(texts_to(net)) == before
    assert subscriber(net).status == s.status
    assert not is_opted_out(net.pk, hash_of(net), sender=ALERTS)


def test_alertas_without_a_zip_answers_how_to_subscribe(net):
    result = sms(net, "ALERTS")
    assert result.reply == render_text(net.pk, "alerts.sub.help", "en", example="90033", languages="ENGLISH / ESPANOL")
    assert not Subscriber.objects.exists()


def test_zip_replaces_the_zips(net):
    active(net)
    sms(net, "ALERTS 90023")
    assert zips_of(subscriber(net)) == ["90023", "90033"]
    sms(net, "zip 90022", sender=ALERTS)
    assert zips_of(subscriber(net)) == ["90022"]
    assert events(net)[-1] == (ConsentEvent.CHANGED, ConsentChannel.SMS_ALERTS)
    assert "90022" in texts_to(net)[-1].body and texts_to(net)[-1].from_number == ALERTS_SID


def test_alertas_adds_zips_up_to_the_bound(net):
    active(net)
    for z in ["90022", "90023", "90012", "90013", "90014"]:
        sms(net, f"ALERTS {z}")
    assert len(zips_of(subscriber(net))) == MAX_ZIPS
    assert "90014" not in zips_of(subscriber(net))


@pytest.mark.parametrize("zip_code", ["9003", "900331", "9003312345", "00000", "02134"])
def test_a_bad_or_out_of_state_zip_gets_what_is_accepted(net, zip_code):
    result = sms(net, f"ALERTAS {zip_code}")
    assert result.reply and "CA" in result.reply and "ALERTAS 90033" in result.reply
    assert not Subscriber.objects.exists()
    s = active(net)
    result = sms(net, f"ZIP {zip_code}", sender=ALERTS)
    assert result.reply and "CA" in result.reply
    assert zips_of(s) == ["90033"]


def test_the_language_words_change_the_language(net):
    active(net)
    sms(net, "Español", sender=ALERTS)
    assert subscriber(net).language == "es"
    assert texts_to(net)[-1].body == render_text(net.pk, "alerts.sub.confirmed", "es", areas="ZIP 90033",
                                                 languages="ENGLISH / ESPANOL", example="90033")
    sms(net, "english", sender=ALERTS)
    assert subscriber(net).language == "en"


def test_a_language_the_network_does_not_offer_gets_what_is_accepted(net):
    active(net)
    result = sms(net, "KOREAN", sender=ALERTS)
    assert result.reply == render_text(net.pk, "alerts.sub.bad_language", "en", languages="ENGLISH / ESPANOL")
    assert subscriber(net).language == "en"


def test_without_an_alerts_sender_alertas_is_answered_from_the_hotline(north):
    result = sms(north, "ALERTAS 90033")
    assert result.reply == render_text(north.pk, "alerts.sub.not_set_up", "es")
    assert not Subscriber.objects.exists()


def test_a_report_to_the_alerts_sender_is_a_report_answered_from_the_hotline(net):
    result = sms(net, "ICE agents at 5th and Broadway taking people", sender=ALERTS)
    assert result.reply is None  # never from the alerts sender
    assert result.report.route == Route.REPORT and result.report.incident is not None
    ack, = texts_to(net)
    assert (ack.from_number, ack.kind) == (NORTH_NUMBER, MessageKind.ACK)
    assert result.report.ref in ack.body


def test_a_silent_subscription_lapses_once_with_a_notice(net):
    s = active(net)
    Subscriber.objects.filter(pk=s.pk).update(last_activity_at=timezone.now() - timedelta(days=30 * 12 + 1))
    assert lapse_silent_subscriptions() == 1
    assert subscriber(net).status == SubscriberStatus.LAPSED
    notice = texts_to(net)[-1]
    assert notice.from_number == ALERTS_SID and "ALERTS 90033" in notice.body
    assert events(net)[-1] == (ConsentEvent.LAPSED, ConsentChannel.SYSTEM)
    assert lapse_silent_subscriptions() == 0


def test_a_recent_subscription_does_not_lapse_and_the_setting_counts(net):
    s = active(net)
    Subscriber.objects.filter(pk=s.pk).update(last_activity_at=timezone.now() - timedelta(days=70))
    assert lapse_silent_subscriptions() == 0
    AlertSettings.objects.filter(organization=net).update(lapse_months=2)
    assert lapse_silent_subscriptions() == 1


@pytest.mark.parametrize("key", ["alerts.sub.confirm", "alerts.sub.confirmed", "alerts.sub.help",
                                 "alerts.sub.bad_zip", "alerts.sub.bad_language", "alerts.sub.not_set_up",
                                 "alerts.sub.opted_out", "alerts.sub.lapsed", "alerts.sub.bad_zone"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_texts_fit_two_segments(key, language):
    text = render_text(None, key, language, areas="ZIP 90033, 90022, Boyle Heights", languages="ENGLISH / ESPANOL",
                       example="90033", states="CA", zones="Boyle Heights, East Los Angeles")
    assert segments(text).count <= 2, (key, language, segments(text))
