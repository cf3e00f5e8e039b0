"""A responder's SMS replies, registered in intake's keyword registry.

YES/SI/OK/ACCEPT/ACEPTO and NO answer an offer; ARRIVED/HERE/LLEGUE and
OUT/SALI check in and out on scene; SOS/AYUDA raises the alarm (HELP is the
carriers' word). Each may carry the incident's number ("YES 7"). Only active
responders of the organization are their audience; a stranger's word with a
number reaches the handler too, and is told they are not on the roster.

The outcome codes ("ICE 7", "NADA 7"), one keyword per code of
``outcome_codes.outcome_codes()``, need the number, and a stranger's "ICE 12"
routes on as a report: from someone off the roster it may well be one."""

from __future__ import annotations

from amparo.intake.keywords import Answer, Audience, Keyword, Message, register, register_audience
from amparo.reports.models import Route
from amparo.verification.outcome_codes import outcome_codes
from amparo.verification.replies import (
    ACCEPT,
    ARRIVED,
    DECLINE,
    OUT,
    SOS,
    VERBS,
    active_responder,
    handle_outcome,
    handle_reply,
)

SUMMARIES = {
    ACCEPT: "Accept a dispatch offer (first seats win).",
    DECLINE: "Decline a dispatch offer.",
    ARRIVED: "Check in on scene; the check-out prompt follows.",
    OUT: "Check out safely.",
    SOS: "Alarm: on-duty dispatchers and the safety contact are alerted at once.",
}


def is_roster_member(org_id: int, caller_hash: str) -> bool:
    return active_responder(org_id, caller_hash) is not None


def answer_reply(msg: Message) -> Answer:
    text = handle_reply(msg.org, msg.caller_hash, msg.body, now=msg.now)
    # Responders are always answered: an unanswered YES leaves them guessing
    # whether to go. Strangers are throttled like reporters.
    return Answer(text=text, always=msg.in_audience)


def answer_outcome(msg: Message) -> Answer:
    # Only roster members reach this handler (no answers_strangers_with_code): always answered.
    return Answer(text=handle_outcome(msg.org, msg.caller_hash, msg.body, now=msg.now), always=True)


def register_responder_keywords() -> None:
    register_audience(Audience.ROSTER, is_roster_member)
    for verb in (ACCEPT, DECLINE, ARRIVED, OUT, SOS):
        words = tuple(word for word, v in VERBS.items() if v == verb)
        register(Keyword(f"responder.{verb}", words, answer_reply, route=Route.RESPONDER,
                         audience=Audience.ROSTER, precedence=20, takes_code=True,
                         answers_strangers_with_code=True, summary=SUMMARIES[verb]))
    for code in outcome_codes():
        summary = f"Report the outcome, after check-out too: {code.label('en')}."  # docs/intake.md is English
        register(Keyword(f"responder.{code.name}", code.words, answer_outcome, route=Route.RESPONDER,
                         audience=Audience.ROSTER, precedence=20, takes_code=True, needs_code=True,
                         summary=summary))
