"""The carriers' own keywords: STOP (and its synonyms), START, HELP.

Twilio's Advanced Opt-Out answers STOP itself and blocks whatever we would
send after it, so STOP is recorded and not answered (decision 12), for the
sender it reached only (decision 62). "YES" is
not a START word here: reporters answer dispatchers' questions with it
(decision 11); the carrier handles its own opt-in."""

from __future__ import annotations

from amparo.intake.keywords import Answer, Keyword, Message, register
from amparo.reports import optouts
from amparo.reports.models import Route

# Twilio's default opt-out/opt-in/help keywords, English and Spanish.
STOP_WORDS = ("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE", "PARAR", "BAJA")
START_WORDS = ("START", "UNSTOP", "OPTIN")
HELP_WORDS = ("HELP", "INFO")


def opt_out(msg: Message) -> Answer:
    """STOP silences the sender it reached, and only that one (decision 62)."""
    optouts.opt_out(msg.org.pk, msg.caller_hash, sender=msg.sender)
    return Answer()


def opt_in(msg: Message) -> Answer:
    if not msg.caller_hash:
        return Answer()
    optouts.opt_in(msg.org.pk, msg.caller_hash, sender=msg.sender)
    return Answer(key="start")


def help_text(msg: Message) -> Answer:
    return Answer(key="help") if msg.caller_hash else Answer()


def register_carrier_keywords() -> None:
    register(Keyword("stop", STOP_WORDS, opt_out, route=Route.KEYWORD, precedence=0,
                     summary="Opt out of the hotline's texts (not of alerts); recorded, not answered (the carrier answers)."))
    register(Keyword("start", START_WORDS, opt_in, route=Route.KEYWORD, precedence=0,
                     summary="Opt back in; answered with the `start` text."))
    register(Keyword("help", HELP_WORDS, help_text, route=Route.KEYWORD, precedence=0,
                     summary="Answered with the `help` text."))
