"""Responders' SMS replies: parsing, and what each reply does (router rule 2).

A message is a responder reply only when the sender's number hash belongs to
an ACTIVE responder of the organization AND the message parses as a reply.
Everything else goes on down the router, so a reporter answering "SI" to a
dispatcher stays a follow-up. The reply ``YES 7`` names the incident (7).
The outcome codes ("ICE 7", "NADA 7": outcome_codes.py) always name it.
The words are registered in intake's keyword registry (keywords.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from amparo.intake.keywords import parse
from amparo.orgs.models import Organization
from amparo.texts.render import render_text
from amparo.verification import actions, notify, onscene, outcome_codes, safety
from amparo.verification.models import ACTIVE_DISPATCH, ASSIGNED, Offer, OfferStatus, Responder

ACCEPT, DECLINE, ARRIVED, OUT, SOS = "accept", "decline", "arrived", "out", "sos"

# Spanish accents are folded away first: SÍ -> SI, LLEGUÉ -> LLEGUE, SALÍ -> SALI.
# HELP is the carriers' keyword, so the alarm is SOS / AYUDA.
VERBS = {
    "YES": ACCEPT, "SI": ACCEPT, "OK": ACCEPT, "ACCEPT": ACCEPT, "ACEPTO": ACCEPT,
    "NO": DECLINE,
    "ARRIVED": ARRIVED, "HERE": ARRIVED, "LLEGUE": ARRIVED,
    "OUT": OUT, "SALI": OUT,
    "SOS": SOS, "AYUDA": SOS,
}


@dataclass(frozen=True)
class Reply:
    verb: str
    code: int | None


def parse_reply(body: str) -> Reply | None:
    """``YES 42``, ``sí 42``, ``No #42``, ``arrived``, ``SOS``... or None for anything else."""
    parsed = parse(body)
    if parsed is None or parsed[0] not in VERBS:
        return None
    return Reply(VERBS[parsed[0]], parsed[1])


def active_responder(org_id: int, caller_hash: str) -> Responder | None:
    if not caller_hash:
        return None
    return (Responder.objects.filter(organization_id=org_id, phone_hash=caller_hash, is_active=True)
            .select_related("organization").first())


def is_responder_reply(org_id: int, caller_hash: str, body: str) -> bool:
    return parse_reply(body) is not None and active_responder(org_id, caller_hash) is not None


def find_offer(responder: Responder, reply: Reply, statuses: tuple[str, ...]) -> tuple[Offer | None, str]:
    """The responder's offer the reply is about, or the key of a helpful answer."""
    mine = Offer.objects.filter(responder=responder, status__in=statuses, dispatch__status__in=ACTIVE_DISPATCH)
    if reply.code is not None:
        # The code is the incident's number in the responder's network ("#7"), never its id.
        offer = (mine.filter(incident__number=reply.code).select_related("responder__organization", "incident")
                 .order_by("-id").first())
        if offer is not None:
            return offer, ""
        anyone = Offer.objects.filter(organization_id=responder.organization_id, incident__number=reply.code)
        if anyone.filter(responder=responder).exists():
            return None, "offer.closed"
        return None, "offer.not_yours" if anyone.exists() else "offer.unknown_code"
    found = list(mine.select_related("responder__organization", "incident").order_by("-id")[:2])
    if len(found) == 1:
        return found[0], ""
    return None, "offer.which" if found else "offer.unknown_code"


# The number shown in "for example YES 0": no incident has it (ids start at 1),
# so a tired responder who copies the example accepts nothing by mistake.
EXAMPLE_CODE = 0


def code_ref(number: int) -> str:
    """A number a responder typed, written as an incident number: "#7"."""
    return f"#{number}"


def _ref(key: str, reply: Reply) -> str:
    if key in ("offer.unknown_code", "offer.which") or reply.code is None:
        return code_ref(EXAMPLE_CODE)
    return code_ref(reply.code)


def handle_reply(org: Organization, caller_hash: str, body: str, *, now: datetime) -> str | None:
    """Apply a responder's reply; returns the text to answer with (or None)."""
    reply = parse_reply(body)
    responder = active_responder(org.pk, caller_hash)
    if reply is None:
        return None
    if responder is None:
        return render_text(org.pk, "offer.not_on_roster", org.default_language)
    if reply.verb in (ACCEPT, DECLINE):
        offer, key = find_offer(responder, reply, actions.ACCEPTABLE + ASSIGNED)
        if offer is None:
            return notify.render_for(responder, key, ref=_ref(key, reply))
        return _answer(offer, reply.verb, now)
    return _on_scene(responder, reply, now=now)


def _answer(offer: Offer, verb: str, now: datetime) -> str:
    incident = offer.incident
    ref = incident.ref
    if verb == DECLINE:
        if offer.status in ASSIGNED:
            return notify.render_for(offer.responder, "offer.already", ref=ref)
        done = actions.decline_offer(offer, now=now, via="sms")
        return notify.render_for(offer.responder, "offer.declined" if done else "offer.closed", ref=ref)
    result = actions.accept_offer(offer, now=now, via="sms")
    if result == actions.Accept.ASSIGNED:
        return notify.assigned(offer, incident)
    key = {actions.Accept.ALREADY: "offer.already", actions.Accept.NOT_NEEDED: "offer.taken"}.get(
        result, "offer.closed")
    return notify.render_for(offer.responder, key, ref=ref)


# --- SMS replies: ARRIVED / LLEGUE, OUT / SALI, SOS / AYUDA ---------------------------

def _on_scene(responder: Responder, reply: Reply, *, now: datetime) -> str | None:
    """ARRIVED, OUT and SOS from an ACTIVE responder; returns the answer text."""
    if reply.verb == SOS:
        offer, _key = find_offer(responder, reply, ASSIGNED)
        safety.raise_sos(responder, offer=offer if reply.code is not None else None, now=now)
        return notify.render_for(responder, "onscene.sos_ack")
    if reply.verb not in (ARRIVED, OUT):
        return None
    offer, key = find_offer(responder, reply, ASSIGNED)
    if offer is None:
        return notify.render_for(responder, key, ref=_ref(key, reply))
    ref, link = offer.incident.ref, notify.offer_link(offer)
    if reply.verb == ARRIVED:
        if offer.status == OfferStatus.ON_SCENE:
            return notify.render_for(responder, "onscene.already_arrived", ref=ref)
        onscene.arrive(offer, now=now, via="sms")
        return notify.render_for(responder, "onscene.arrived", ref=ref, link=link)
    onscene.check_out(offer, now=now, via="sms")
    answer = notify.render_for(responder, "onscene.checked_out", ref=ref, link=link)
    if not offer.outcome:  # leave, then file: the outcome can still come by text
        answer += " " + outcome_prompt(responder, ref)
    return answer


# --- SMS replies: the outcome ("ICE 7", "NADA 7") ---------------------------------------

def outcome_prompt(responder: Responder, ref: str) -> str:
    language = notify.responder_language(responder)
    return notify.render_for(responder, "outcome.codes", ref=ref, codes=outcome_codes.codes_text(language),
                             example=outcome_codes.example(language, ref))


OUTCOME_REFUSALS = {onscene.ALREADY_REPORTED: "outcome.already", onscene.TOO_LATE: "outcome.too_late",
                    onscene.NOT_ASSIGNED: "outcome.not_assigned"}


def handle_outcome(org: Organization, caller_hash: str, body: str, *, now: datetime) -> str | None:
    """An outcome code with its number from an ACTIVE responder; returns the answer text.
    The assignment may be over (checked out, the dispatch done): ``report_outcome`` decides."""
    parsed = parse(body)
    code = outcome_codes.code_for_word(parsed[0]) if parsed else None
    if code is None or parsed is None or parsed[1] is None:
        return None
    responder = active_responder(org.pk, caller_hash)
    if responder is None:
        return render_text(org.pk, "offer.not_on_roster", org.default_language)
    ref = code_ref(parsed[1])
    offer = (Offer.objects.filter(responder=responder, incident__number=parsed[1],
                                  status__in=(*ASSIGNED, OfferStatus.CHECKED_OUT))
             .select_related("responder__organization", "incident").order_by("-id").first())
    if offer is None:
        return notify.render_for(responder, "outcome.not_assigned", ref=ref)
    try:
        onscene.report_outcome(offer, outcome=code.outcome, agency=code.agency, now=now, via="sms")
    except onscene.OutcomeRefused as exc:
        offer.refresh_from_db()
        window = onscene.outcome_window(responder.organization)
        return notify.render_for(responder, OUTCOME_REFUSALS.get(exc.reason, "outcome.not_assigned"), ref=ref,
                                 outcome=_recorded(offer, responder), hours=int(window.total_seconds() // 3600))
    return notify.render_for(responder, "outcome.recorded", ref=ref, outcome=_recorded(offer, responder))


def _recorded(offer: Offer, responder: Responder) -> str:
    """The outcome recorded on ``offer``, in the responder's language."""
    if not offer.outcome:
        return ""
    return outcome_codes.outcome_label(offer.outcome, offer.agency, notify.responder_language(responder))
