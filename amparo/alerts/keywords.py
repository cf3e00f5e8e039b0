"""The subscribers' SMS keywords, registered in intake's keyword registry (docs/intake.md).

On either sender: ``ALERTAS 90033`` / ``ALERTS 90033`` asks for alerts (Spanish
or English, when the network offers it), and so does ``ALERTAS`` with the name
of one of the network's zones (``ALERTAS Boyle Heights``). On the hotline a
name makes it the keyword only when it names a zone: "alertas, hay migra en la
5" stays a report. On the alerts sender, where people text to subscribe, a
short name that is no zone is answered with the zones accepted. On the alerts
sender only: ``SI``/``YES`` confirms while a confirmation is pending, ``ZIP
90022`` replaces the ZIPs, ``ZONA``/``ZONE`` and a zone's name replaces the
zones, a language's word (``ESPAÑOL``, ``ENGLISH``...) changes the
language, and the carriers' STOP/START/HELP are recorded as the alerts
sender's (Twilio's Advanced Opt-Out answers them: Amparo sends nothing back).
On the hotline ``SI`` stays what it was: a reply to a dispatcher, or a
responder's. Precedence 40, after the responders' (20) and the providers' and
trainings' (30) keywords, so a responder's ``SI 12`` is never taken for one.

Every confirmation and change is texted from the alerts sender; bad input is
answered by the sender it reached, saying what is accepted.
"""

from __future__ import annotations

from amparo.alerts import subscriptions
from amparo.alerts.areas import (
    digits_of,
    language_words,
    network_states,
    zip_problem,
    zone_named,
    zone_names,
)
from amparo.alerts.models import ConsentChannel
from amparo.alerts.senders import alerts_sender
from amparo.intake.carrier import HELP_WORDS, START_WORDS, STOP_WORDS
from amparo.intake.keywords import (
    Answer,
    Audience,
    Keyword,
    Message,
    fold,
    parse_named,
    register,
    register_audience,
)
from amparo.orgs.models import Organization
from amparo.reports import optouts
from amparo.reports.models import Route, Sender
from amparo.texts.segments import segments

PRECEDENCE = 40
SUBSCRIBE_WORDS = {"ALERTAS": "es", "ALERTS": "en"}
CONFIRM_WORDS = ("SI", "YES")
ZONE_WORDS = ("ZONA", "ZONE")
# On the alerts sender, "ALERTAS" and at most this many words is someone subscribing, whatever the words.
SHORT_NAME_WORDS = 4
REPLY_SEGMENTS = 2  # every subscription text fits two SMS segments (decision 135)


def _channel(msg: Message) -> str:
    return ConsentChannel.SMS_ALERTS if msg.sender == Sender.ALERTS else ConsentChannel.SMS_HOTLINE


def _language(org: Organization, wanted: str) -> str:
    return wanted if wanted in org.language_codes() else org.default_language


def _bad_zip(org: Organization, language: str) -> Answer:
    """One answer for every ZIP problem (not 5 digits, no such ZIP, another state): what is accepted."""
    states = ", ".join(sorted(network_states(org))) or "US"
    return Answer(text=subscriptions.subscription_text(org, "alerts.sub.bad_zip", language, states=states))


def _bad_zone(org: Organization, language: str) -> Answer:
    """A name that is no zone of the network: the zones accepted, as many as two segments hold."""
    names = zone_names(org.pk)
    for shown in range(len(names), 0, -1):
        listed = ", ".join(names[:shown]) + ("..." if shown < len(names) else "")
        text = subscriptions.subscription_text(org, "alerts.sub.bad_zone", language, zones=listed)
        if segments(text).count <= REPLY_SEGMENTS:
            return Answer(text=text)
    return _bad_zip(org, language)  # no zone (or none that fits): say what a ZIP is


def zone_on_hotline(org_id: int, name: str) -> bool:
    """ALERTAS and a name is the keyword on the hotline only when the name is one of the zones."""
    return zone_named(org_id, name) is not None


def short_name(org_id: int, name: str) -> bool:
    """On the alerts sender: ALERTAS and a few words is a subscription, answered even when no zone."""
    return len(name.split()) <= SHORT_NAME_WORDS


def any_name(org_id: int, name: str) -> bool:
    return True


def subscribe(msg: Message) -> Answer:
    """ALERTAS/ALERTS <zip> or <zone>, on either sender."""
    org, folded = msg.org, fold(msg.body)
    language = _language(org, SUBSCRIBE_WORDS.get(folded.split()[0] if folded else "", "en"))
    if not alerts_sender(org):
        return Answer(text=subscriptions.subscription_text(org, "alerts.sub.not_set_up", language))
    zip_code = digits_of(folded)
    named = parse_named(msg.body) if not zip_code else None
    zone = zone_named(org.pk, named[1]) if named else None
    if named and zone is None:
        # A name that is no zone: a ZIP written oddly ("900 33") is a ZIP problem, anything else a zone's.
        return _bad_zip(org, language) if any(c.isdigit() for c in named[1]) else _bad_zone(org, language)
    if not zip_code and zone is None:
        return Answer(text=subscriptions.subscription_text(org, "alerts.sub.help", language))
    if zip_code and zip_problem(org, zip_code) is not None:
        return _bad_zip(org, language)
    if not msg.number or not msg.caller_hash:
        return Answer()
    if msg.sender == Sender.ALERTS:
        # Asking the alerts sender for alerts is opting in there (ALERTAS/ALERTS are opt-in words of the
        # service's Advanced Opt-Out, docs/alerts.md).
        optouts.opt_in(org.pk, msg.caller_hash, sender=Sender.ALERTS)
    elif optouts.is_opted_out(org.pk, msg.caller_hash, sender=Sender.ALERTS):
        return Answer(text=subscriptions.subscription_text(org, "alerts.sub.opted_out", language))
    subscriptions.request_subscription(org, phone=msg.number, zip_code=zip_code, zone=zone, language=language,
                                       channel=_channel(msg), now=msg.now)
    return Answer()


def confirm(msg: Message) -> Answer:
    """SI/YES to the alerts sender while a confirmation is pending (the audience checked it)."""
    subscriptions.confirm(msg.org, msg.caller_hash, channel=ConsentChannel.SMS_ALERTS, now=msg.now)
    return Answer()


def change_zip(msg: Message) -> Answer:
    subscriber = subscriptions.subscriber_of(msg.org.pk, msg.caller_hash)
    if subscriber is None:
        return Answer()
    zip_code = digits_of(fold(msg.body))
    if zip_problem(msg.org, zip_code) is not None:
        return _bad_zip(msg.org, subscriber.language)
    subscriptions.change_zip(msg.org, subscriber, zip_code, channel=ConsentChannel.SMS_ALERTS, now=msg.now)
    return Answer()


def change_zone(msg: Message) -> Answer:
    """ZONA/ZONE <zone's name> to the alerts sender: the zones become that one. A name that is no zone,
    or no name, is answered with the zones accepted."""
    subscriber = subscriptions.subscriber_of(msg.org.pk, msg.caller_hash)
    if subscriber is None:
        return Answer()
    named = parse_named(msg.body)
    zone = zone_named(msg.org.pk, named[1]) if named else None
    if zone is None:
        return _bad_zone(msg.org, subscriber.language)
    subscriptions.change_zone(msg.org, subscriber, zone, channel=ConsentChannel.SMS_ALERTS, now=msg.now)
    return Answer()


def change_language(msg: Message) -> Answer:
    subscriber = subscriptions.subscriber_of(msg.org.pk, msg.caller_hash)
    if subscriber is None:
        return Answer()
    code = language_words().get(fold(msg.body), "")
    if code not in msg.org.language_codes():
        return Answer(text=subscriptions.subscription_text(msg.org, "alerts.sub.bad_language", subscriber.language))
    subscriptions.change_language(msg.org, subscriber, code, channel=ConsentChannel.SMS_ALERTS, now=msg.now)
    return Answer()


def stop(msg: Message) -> Answer:
    """STOP to the alerts sender: an alerts opt-out, and the subscription stops. The hotline's opt-out
    is never touched (decision 62)."""
    optouts.opt_out(msg.org.pk, msg.caller_hash, sender=Sender.ALERTS)
    subscriptions.stop(msg.org, msg.caller_hash, channel=ConsentChannel.SMS_ALERTS, now=msg.now)
    return Answer()


def start(msg: Message) -> Answer:
    if msg.caller_hash:
        optouts.opt_in(msg.org.pk, msg.caller_hash, sender=Sender.ALERTS)
        subscriptions.restart(msg.org, msg.caller_hash, channel=ConsentChannel.SMS_ALERTS, now=msg.now)
    return Answer()


def help_(msg: Message) -> Answer:
    return Answer()  # stored as a keyword; the service's Advanced Opt-Out sends its HELP text


def register_subscriber_keywords() -> None:
    register_audience(Audience.PENDING_SUBSCRIBER, subscriptions.is_pending)
    register_audience(Audience.SUBSCRIBER, subscriptions.is_subscriber)
    words = tuple(SUBSCRIBE_WORDS)
    for sender, names, which in ((Sender.HOTLINE, zone_on_hotline, "a zone's name"),
                                 (Sender.ALERTS, short_name, f"up to {SHORT_NAME_WORDS} words")):
        register(Keyword(f"alerts.subscribe.{sender}", words, subscribe, route=Route.KEYWORD, sender=sender,
                         precedence=PRECEDENCE, takes_code=True, names=names,
                         summary=f"Ask for alerts about a ZIP (5 digits) or a zone (the name: {which}); the "
                                 "confirmation comes from the alerts sender. ALERTAS answers in Spanish, ALERTS "
                                 "in English."))
    register(Keyword("alerts.confirm", CONFIRM_WORDS, confirm, route=Route.KEYWORD, sender=Sender.ALERTS,
                     audience=Audience.PENDING_SUBSCRIBER, precedence=PRECEDENCE,
                     summary="Confirm a subscription (double opt-in), within 48 hours of the confirmation."))
    register(Keyword("alerts.zip", ("ZIP",), change_zip, route=Route.KEYWORD, sender=Sender.ALERTS,
                     audience=Audience.SUBSCRIBER, precedence=PRECEDENCE, takes_code=True, needs_code=True,
                     summary="Replace the subscription's ZIPs with this one."))
    register(Keyword("alerts.zone", ZONE_WORDS, change_zone, route=Route.KEYWORD, sender=Sender.ALERTS,
                     audience=Audience.SUBSCRIBER, precedence=PRECEDENCE, names=any_name,
                     summary="Replace the subscription's zones with the one named; alone, or with a name that "
                             "is no zone, answers the zones accepted."))
    register(Keyword("alerts.language", tuple(language_words()), change_language, route=Route.KEYWORD,
                     sender=Sender.ALERTS, audience=Audience.SUBSCRIBER, precedence=PRECEDENCE,
                     summary="Change the subscription's language (one the network offers)."))
    register(Keyword("alerts.stop", STOP_WORDS, stop, route=Route.KEYWORD, sender=Sender.ALERTS, precedence=0,
                     summary="Opt out of alerts (not of the hotline); recorded, answered by Twilio."))
    register(Keyword("alerts.start", START_WORDS, start, route=Route.KEYWORD, sender=Sender.ALERTS, precedence=0,
                     summary="Opt back in to alerts; a confirmed subscription is active again."))
    register(Keyword("alerts.help", HELP_WORDS, help_, route=Route.KEYWORD, sender=Sender.ALERTS, precedence=0,
                     summary="Recorded; answered by Twilio's Advanced Opt-Out."))
