"""The inbound router: what an inbound message is, decided in a stated order.

1. Carrier keywords: STOP (and its synonyms), START, HELP. The whole message,
   trimmed and case-folded, must be the keyword: "stop them!" is a report.
2. (Responders' replies to dispatch offers: added by the verification work,
   before 3.)
3. A reply in an open conversation: the sender reported within the
   organization's ``conversation_minutes`` to an incident that is still open,
   and this message names no place of its own. It joins that incident.
4. Otherwise, a new report, correlated into an incident.

The order is documented in docs/intake.md and tested in
amparo/reports/tests/test_router.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from amparo.incidents.models import OPEN_STATUSES, Incident
from amparo.orgs.models import Organization
from amparo.reports.models import Report, Route

# Twilio's default opt-out/opt-in/help keywords (Advanced Opt-Out), English and Spanish.
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE", "PARAR", "BAJA"})
# "YES" is also a carrier opt-in word, but here it is more often an answer to a
# dispatcher's question; the carrier handles its opt-in itself.
START_WORDS = frozenset({"START", "UNSTOP", "OPTIN"})
HELP_WORDS = frozenset({"HELP", "INFO"})


@dataclass(frozen=True)
class Decision:
    route: str
    keyword: str = ""  # "stop", "start", "help" for keywords
    incident: Incident | None = None  # the conversation's incident for follow-ups


def keyword_of(body: str) -> str:
    word = " ".join(body.split()).strip(" .!¡?¿").upper()
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    if word in HELP_WORDS:
        return "help"
    return ""


def open_conversation(org: Organization, caller_hash: str, at: datetime) -> Incident | None:
    if not caller_hash:
        return None
    since = at - timedelta(minutes=org.conversation_minutes)
    latest = (
        Report.objects.filter(organization=org, caller_hash=caller_hash, received_at__gte=since,
                              received_at__lte=at, incident__isnull=False,
                              incident__status__in=OPEN_STATUSES)
        .select_related("incident")
        .order_by("-received_at", "-id")
        .first()
    )
    return latest.incident if latest else None


def route_message(org: Organization, *, body: str, caller_hash: str, at: datetime, has_place: bool) -> Decision:
    keyword = keyword_of(body)
    if keyword:
        return Decision(Route.KEYWORD, keyword=keyword)
    if not has_place:
        incident = open_conversation(org, caller_hash, at)
        if incident is not None:
            return Decision(Route.FOLLOWUP, incident=incident)
    return Decision(Route.REPORT)

