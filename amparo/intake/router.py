"""The inbound router: what an inbound message is, decided in a stated order.

1. Keywords (amparo/intake/keywords.py), in the registry's precedence order:
   the whole message, folded, is one registered word (plus a number where the
   keyword takes one) AND the sender is in the keyword's audience. The
   carriers' STOP/START/HELP are for anyone: "stop them!" is a report. A
   responder's YES/SI/NO/ARRIVED/LLEGUE/OUT/SALI/SOS/AYUDA (+ optional incident
   code) is for active responders of the organization (registered by
   amparo.verification): a reporter answering "SI" is not on the roster, so it
   falls through to 3.
2. A keyword with a code from someone outside its audience who has no open
   conversation ("YES 905" from a stranger) still goes to its handler when the
   keyword says so: they get a helpful answer and nothing changes.
3. A reply in an open conversation, whichever of these is more recent:
   a. a dispatcher texted this number from an incident that is still open,
      within the last ``TEXTED_WINDOW`` (24 hours): the message joins that
      incident EVEN IF it names a place (it answers "where exactly?");
   b. the sender reported within the organization's ``conversation_minutes``
      to an incident that is still open, and this message names no place of
      its own: it joins that incident.
   When (b) is the more recent but the message names a place, it is a new
   report (the sender moved on from what the dispatcher asked about).
   c. the sender is in a thread another app registered (amparo/intake/threads.py:
      a family contact texted from a legal case within the case's reply window),
      and that thread is more recent than (a) and (b): the message joins that
      thread and never becomes a report in the incident queue.
4. Otherwise, a new report, correlated into an incident.

The order is documented in docs/intake.md and tested in
amparo/reports/tests/test_router.py (3a in amparo/messaging/tests/test_conversation.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection

from amparo.incidents.models import OPEN_STATUSES, Incident
from amparo.intake.keywords import Keyword, Sender, candidates, in_audience
from amparo.intake.threads import Thread, latest_thread
from amparo.messaging.models import MessageKind, MessageStatus, OutboundMessage
from amparo.orgs.models import Organization
from amparo.reports.models import Report, Route


@dataclass(frozen=True)
class Decision:
    route: str
    keyword: Keyword | None = None  # the registered keyword that handles the message
    code: int | None = None  # the number that followed the keyword ("YES 7")
    in_audience: bool = True  # the sender is in the keyword's audience (else a stranger's word with a code)
    incident: Incident | None = None  # the conversation's incident for follow-ups
    thread: Thread | None = None  # rule 3c: the registered thread the reply joins


def keyword_of(body: str, sender: Sender = Sender.HOTLINE) -> str:
    """The name of the keyword for anyone that ``body`` is ("stop", "start", "help"), or ""."""
    found, _code = candidates(body, sender)
    return next((k.name for k in found if k.audience == "anyone"), "")


TEXTED_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Conversation:
    incident: Incident
    since: datetime  # when it was last active
    texted: bool  # a dispatcher texted this number: the reply joins even if it names a place


def _open_target(incident: Incident) -> Incident | None:
    """The open incident a conversation continues in (a merged one lives on in its target)."""
    for _hop in range(5):
        if incident.status in OPEN_STATUSES:
            return incident
        if incident.merged_into_id is None:
            return None
        incident = Incident.objects.get(pk=incident.merged_into_id)
    return None


def texted_conversation(org: Organization, caller_hash: str, at: datetime) -> Conversation | None:
    """Rule 3a: the latest dispatcher text to this number within TEXTED_WINDOW, if its incident is open."""
    if not caller_hash:
        return None
    latest = (
        OutboundMessage.objects.filter(organization=org, to_hash=caller_hash, kind=MessageKind.REPLY,
                                       created_at__gte=at - TEXTED_WINDOW, created_at__lte=at,
                                       incident__isnull=False)
        # A text that never reached them cannot have been answered.
        .exclude(status__in=[MessageStatus.FAILED, MessageStatus.UNDELIVERED])
        .select_related("incident").order_by("-created_at", "-id").first()
    )
    incident = _open_target(latest.incident) if latest and latest.incident else None
    return Conversation(incident, latest.created_at, texted=True) if incident and latest else None


# One statement, no ORM: it runs in the webhook under the intake lock, where compiling three
# querysets cost more than the database did. A superset of rules 3a and 3b: any recent report (routed
# or not, its incident open or not), any dispatcher's text not known to have failed.
_MAY_CONVERSE = """
SELECT EXISTS(SELECT 1 FROM reports_report WHERE organization_id = %s AND caller_hash = %s
                AND received_at >= %s AND received_at <= %s)
    OR EXISTS(SELECT 1 FROM messaging_outboundmessage WHERE organization_id = %s AND to_hash = %s
                AND kind = %s AND incident_id IS NOT NULL AND created_at >= %s AND created_at <= %s
                AND status NOT IN (%s, %s))
"""


def may_be_conversation(org: Organization, caller_hash: str, at: datetime) -> bool:
    """Whether rule 3 could apply to a message about to be stored, once the sender's earlier reports
    are processed: they reported within ``conversation_minutes`` (processed or not), or a dispatcher
    or a registered thread texted them. False means a message with no keyword is certainly a new report."""
    if not caller_hash:
        return False
    dt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(_MAY_CONVERSE, [
            org.pk, caller_hash, dt(at - timedelta(minutes=org.conversation_minutes)), dt(at),
            org.pk, caller_hash, MessageKind.REPLY, dt(at - TEXTED_WINDOW), dt(at),
            MessageStatus.FAILED, MessageStatus.UNDELIVERED])
        row = cursor.fetchone()
    return bool(row and row[0]) or latest_thread(org, caller_hash, at) is not None


def _latest_open_report(org: Organization, caller_hash: str, at: datetime) -> Report | None:
    if not caller_hash:
        return None
    since = at - timedelta(minutes=org.conversation_minutes)
    return (
        Report.objects.filter(organization=org, caller_hash=caller_hash, received_at__gte=since,
                              received_at__lte=at, incident__isnull=False,
                              incident__status__in=OPEN_STATUSES)
        .select_related("incident")
        .order_by("-received_at", "-id")
        .first()
    )


def open_conversation(org: Organization, caller_hash: str, at: datetime) -> Incident | None:
    """Rule 3b: the incident the sender reported to within ``conversation_minutes``, if still open."""
    latest = _latest_open_report(org, caller_hash, at)
    return latest.incident if latest else None


def conversation(org: Organization, caller_hash: str, at: datetime) -> Conversation | None:
    """The sender's current conversation (rule 3): the more recent of 3a and 3b."""
    texted = texted_conversation(org, caller_hash, at)
    latest = _latest_open_report(org, caller_hash, at)
    reported = Conversation(latest.incident, latest.received_at, texted=False) if latest and latest.incident else None
    if texted and reported:
        return texted if texted.since >= reported.since else reported
    return texted or reported


def route_message(org: Organization, *, body: str, caller_hash: str, at: datetime, has_place: bool,
                  sender: Sender = Sender.HOTLINE) -> Decision:
    return (route_keyword(org, body=body, caller_hash=caller_hash, sender=sender)
            or route_conversation(org, body=body, caller_hash=caller_hash, at=at, has_place=has_place, sender=sender))


def route_keyword(org: Organization, *, body: str, caller_hash: str, sender: Sender = Sender.HOTLINE) -> Decision | None:
    """Rule 1: a keyword whose audience the sender is in, or None. It depends on no earlier report,
    so the webhook decides it at once (a responder's YES is answered in the same request)."""
    found, code = candidates(body, sender, org.pk)
    for keyword in found:
        if in_audience(keyword.audience, org.pk, caller_hash):
            return Decision(keyword.route, keyword=keyword, code=code)
    return None


def route_conversation(org: Organization, *, body: str, caller_hash: str, at: datetime, has_place: bool,
                       sender: Sender = Sender.HOTLINE) -> Decision:
    """Rules 2 to 4, for a message that is no keyword of its sender's. They depend on where the
    sender's earlier reports went, so the intake worker decides them, in arrival order."""
    found, code = candidates(body, sender, org.pk)
    current = conversation(org, caller_hash, at)
    thread = latest_thread(org, caller_hash, at)
    if thread is not None and (current is None or thread.since > current.since):
        # Route FOLLOWUP with no incident: a reply in a conversation that is not the dispatch queue's.
        return Decision(Route.FOLLOWUP, thread=thread)
    if current is not None and (current.texted or not has_place):
        return Decision(Route.FOLLOWUP, incident=current.incident)
    if code is not None:
        for keyword in found:
            if keyword.answers_strangers_with_code:
                return Decision(keyword.route, keyword=keyword, code=code, in_audience=False)
    return Decision(Route.REPORT)

