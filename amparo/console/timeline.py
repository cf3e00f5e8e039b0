"""Timeline events as sentences a dispatcher reads, in their language.

Every ``IncidentEvent.kind`` recorded anywhere (``record_event(incident, "<kind>", ...)``)
has its phrase in ``PHRASES`` below; ``tests/i18n/test_pages_speak.py`` finds the kinds
in the source and fails on one without a phrase. An event of a kind this code does not
know (an older or newer release) still reads as a phrase, never as its code.

Actors are named as the dispatcher knows them: a member by their name, a responder by
their name on the roster (events store "responder 7" or the offer, never the name,
because events are not encrypted), the pipeline as "Intake".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from amparo.incidents.models import Incident, IncidentEvent, Status
from amparo.messaging.models import OutboundMessage
from amparo.orgs.models import Organization
from amparo.reports.models import Report, reference
from amparo.verification.labels import outcome_phrase, reason_phrase
from amparo.verification.models import EvidenceKind, Offer, Responder

RESPONDER_LABEL = re.compile(r"^responder (\d+)$")


@dataclass
class TimelineLine:
    event: IncidentEvent
    actor: str
    text: str
    note: str = ""
    link: int | None = None  # another incident this line points at


@dataclass
class Names:
    """What the events point at by id, loaded once for the whole timeline."""

    members: dict[int, str] = field(default_factory=dict)  # user id -> name
    notes: dict[int, str] = field(default_factory=dict)  # note id -> text
    responders: dict[int, str] = field(default_factory=dict)  # responder id -> name on the roster
    offers: dict[int, int] = field(default_factory=dict)  # offer id -> responder id
    message_reports: dict[int, int | None] = field(default_factory=dict)  # message id -> report id
    incidents: dict[int, int] = field(default_factory=dict)  # incident id -> its number in the network
    reports: dict[int, int] = field(default_factory=dict)  # report id -> its number in the network

    def report(self, report_id: Any) -> str:
        """A report an event points at, as the dispatcher sees it on its card: "R-5" (its number, not its
        id, which on PostgreSQL is no number the page shows)."""
        if not isinstance(report_id, int):
            return "?"
        number = self.reports.get(report_id)
        return reference(number) if number else str(report_id)

    def incident(self, incident_id: Any) -> str:
        """An incident an event points at, as people know it: "#7" (its number, not its id)."""
        if not isinstance(incident_id, int):
            return "#?"
        return f"#{self.incidents.get(incident_id, incident_id)}"

    def responder(self, responder_id: int | None) -> str:
        if responder_id is None:
            return _("a responder")
        return self.responders.get(responder_id) or _("a responder without a name")

    def offer_responder(self, offer_id: Any) -> str:
        return self.responder(self.offers.get(offer_id) if isinstance(offer_id, int) else None)


def load_names(org: Organization, events: Iterable[IncidentEvent], *, notes: dict[int, str],
               members: dict[int, str], reports: dict[int, int] | None = None) -> Names:
    """At most five queries (offers, responders, messages, incidents, reports), each only when an event
    needs it. ``reports``: the numbers of reports the caller has loaded already (id -> number); only
    the others (moved to another incident since) are read."""
    names = Names(members=members, notes=notes, reports=dict(reports or {}))
    offer_ids: set[int] = set()
    responder_ids: set[int] = set()
    message_ids: set[int] = set()
    incident_ids: set[int] = set()
    report_ids: set[int] = set()
    for e in events:
        d = e.data or {}
        if isinstance(d.get("report"), int):
            report_ids.add(d["report"])
        incident_ids.update(i for i in [d.get("into"), d.get("source"), d.get("to"), *(d.get("sources") or [])]
                            if isinstance(i, int))
        offer_ids.update(i for i in [d.get("offer"), *(d.get("offers") or [])] if isinstance(i, int))
        if isinstance(d.get("message"), int):
            message_ids.add(d["message"])
        found = RESPONDER_LABEL.match(e.actor_label or "")
        if found:
            responder_ids.add(int(found.group(1)))
    if offer_ids:
        for offer in Offer.objects.filter(organization=org, pk__in=offer_ids).select_related("responder"):
            names.offers[offer.pk] = offer.responder_id
            names.responders[offer.responder_id] = offer.responder.name or ""
    missing = responder_ids - set(names.responders)
    if missing:
        names.responders.update((r.pk, r.name or "") for r in Responder.objects.filter(organization=org, pk__in=missing))
    if message_ids:
        names.message_reports.update(OutboundMessage.objects.filter(organization=org, pk__in=message_ids)
                                     .values_list("pk", "report_id"))
        report_ids.update(r for r in names.message_reports.values() if r is not None)
    if incident_ids:
        for pk, number in Incident.objects.filter(organization=org, pk__in=incident_ids).values_list("pk", "number"):
            if number is not None:
                names.incidents[pk] = number
    report_ids -= set(names.reports)
    if report_ids:
        names.reports.update((pk, number) for pk, number in Report.objects.filter(
            organization=org, pk__in=report_ids, number__isnull=False).values_list("pk", "number") if number)
    return names


# --- the words --------------------------------------------------------------------------

ACTOR_LABELS = {
    "intake": gettext_lazy("Intake"),
    "system": gettext_lazy("System"),
    "api": gettext_lazy("API"),
    "retention": gettext_lazy("Retention"),
}
CLOSE_REASONS = {
    "idle": gettext_lazy("no new reports for a while"),
    "emptied": gettext_lazy("every report moved to another incident"),
    "merged": gettext_lazy("merged into another incident"),
}
VIA = {"sms": gettext_lazy("by SMS"), "page": gettext_lazy("on the phone page")}


def _status(value: Any) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return str(value or "").replace("_", " ")


def _reason(value: Any) -> str:
    text = str(value or "")
    return str(CLOSE_REASONS.get(text, "")) or reason_phrase(text)


def _via(d: dict[str, Any]) -> str:
    via = VIA.get(d.get("via", ""))
    return f" ({via})" if via else ""


def _who(event: IncidentEvent, names: Names) -> str:
    if event.actor is not None:
        return names.members.get(event.actor_id or 0) or str(event.actor)
    label = event.actor_label or "system"
    found = RESPONDER_LABEL.match(label)
    if found:
        return names.responder(int(found.group(1)))
    if label == "responder":  # the answer to an offer: the offer says whose
        return names.offer_responder((event.data or {}).get("offer"))
    return str(ACTOR_LABELS.get(label, label))


def _count(d: dict[str, Any]) -> int:
    return len(d.get("reports") or [])


def _assigned(d: dict[str, Any], n: Names) -> str:
    after = d.get("after")
    return _("Assigned to %(name)s") % {"name": n.members.get(after, f"#{after}")} if after else _("Unassigned")


def _status_line(d: dict[str, Any], n: Names) -> str:
    text = _("Status: %(before)s → %(after)s") % {"before": _status(d.get("before")), "after": _status(d.get("after"))}
    return f"{text} ({_reason(d['reason'])})" if d.get("reason") else text


def _message(d: dict[str, Any], n: Names) -> str:
    report = n.message_reports.get(d.get("message") or 0)
    return _("Text sent to the reporter of report %(id)s") % {"id": n.report(report)} if report else _("Text sent")


def _offers_sent(d: dict[str, Any], n: Names) -> str:
    people = ", ".join(sorted(n.offer_responder(o) for o in d.get("offers") or []))
    text = (_("Asked %(names)s to verify (round %(round)s)") % {"names": people, "round": d.get("ring", 1)} if people
            else _("Asked responders to verify (round %(round)s)") % {"round": d.get("ring", 1)})
    return f"{text} · {_('picked by hand')}" if d.get("by_hand") else text


def _evidence(d: dict[str, Any], n: Names) -> str:
    return {EvidenceKind.NOTE: _("Filed an observation"), EvidenceKind.PHOTO: _("Filed a photo"),
            EvidenceKind.VIDEO: _("Filed a video")}.get(d.get("evidence_kind", ""), _("Filed evidence"))


def _outcome(d: dict[str, Any], n: Names) -> str:
    return _("Reported the outcome: %(outcome)s") % {
        "outcome": outcome_phrase(d.get("outcome", ""), d.get("agency", ""))} + _via(d)


def _with_reason(text: str, d: dict[str, Any]) -> str:
    return f"{text} ({d['reason']})" if d.get("reason") else text


Phrase = Callable[[dict[str, Any], Names], str]

# kind -> the sentence. Each value is called with the event's data and the loaded names.
PHRASES: dict[str, Phrase] = {
    # incidents
    "opened": lambda d, n: _("Opened"),
    "report_added": lambda d, n: _("Report %(id)s added") % {"id": n.report(d.get("report"))},
    "status": _status_line,
    "closed": lambda d, n: _("Closed (%(reason)s)") % {"reason": _reason(d.get("reason"))},
    "merged": lambda d, n: _("Merged in: %(refs)s") % {"refs": ", ".join(n.incident(i) for i in d.get("sources", []))},
    "merged_into": lambda d, n: _("Merged into #%(id)s") % {"id": n.incident(d.get("into"))[1:]},
    "split": lambda d, n: ngettext("%(n)d report split off into #%(id)s", "%(n)d reports split off into #%(id)s",
                                   _count(d)) % {"n": _count(d), "id": n.incident(d.get("into"))[1:]},
    "split_from": lambda d, n: _("Split off #%(id)s") % {"id": n.incident(d.get("source"))[1:]},
    "reports_moved_in": lambda d, n: ngettext("%(n)d report moved in", "%(n)d reports moved in",
                                              _count(d)) % {"n": _count(d)},
    "reports_moved_out": lambda d, n: ngettext("%(n)d report moved to #%(id)s", "%(n)d reports moved to #%(id)s",
                                               _count(d)) % {"n": _count(d), "id": n.incident(d.get("to"))[1:]},
    "note": lambda d, n: _("Note"),
    "assigned": _assigned,
    # messaging and voice
    "message_sent": _message,
    "call_back": lambda d, n: _("Called back the reporter of report %(id)s") % {"id": n.report(d.get("report"))},
    # verification: the dispatch
    "dispatch_opened": lambda d, n: ngettext("Verification requested: %(n)d responder needed",
                                             "Verification requested: %(n)d responders needed",
                                             d.get("seats", 1)) % {"n": d.get("seats", 1)},
    "offers_sent": _offers_sent,
    "dispatch_escalated": lambda d, n: _("Nobody accepted in time: asking more responders (round %(round)s)") % {
        "round": d.get("ring", "")},
    "dispatch_staffed": lambda d, n: _("Enough responders accepted: the other offers were closed"),
    "dispatch_stalled": lambda d, n: _("Nobody accepted: the dispatchers on duty were alerted"),
    "dispatch_cancelled": lambda d, n: _with_reason(_("Verification cancelled"), d),
    # verification: the responders
    "offer_accepted": lambda d, n: _("Accepted the request to verify") + _via(d),
    "offer_declined": lambda d, n: _("Declined the request to verify") + _via(d),
    "offer_too_late": lambda d, n: _("Accepted after every seat was taken: not needed this time") + _via(d),
    "responder_removed": lambda d, n: _("Took %(name)s off the roster: their assignment ended") % {
        "name": n.offer_responder(d.get("offer"))},
    "responder_arrived": lambda d, n: _("Arrived on scene") + _via(d),
    "evidence_filed": _evidence,
    "outcome_reported": _outcome,
    "responder_checked_out": lambda d, n: _("Left the scene safely (checked out)") + _via(d),
    "responder_sos": lambda d, n: _("SOS: asked for help"),
    "checkout_overdue": lambda d, n: _("%(name)s has not checked out in time: the dispatchers were texted") % {
        "name": n.offer_responder(d.get("offer"))},
    "safety_contact_alerted": lambda d, n: _("%(name)s has still not checked out: the safety contact was texted") % {
        "name": n.offer_responder(d.get("offer"))},
    # rumor control (amparo.alerts.corrections)
    "correction_offered": lambda d, n: _("Offered a correction of the false alarm"),
    "correction_chosen": lambda d, n: _("Chose who the correction reaches"),
    "correction_sent": lambda d, n: _("Sent the correction. Reporters: %(reporters)s. Alert recipients: %(recipients)s.")
    % {"reporters": d.get("reporters", 0), "recipients": d.get("recipients", 0)},
    "correction_dismissed": lambda d, n: _("Decided not to send the correction"),
    "outcome_overridden": lambda d, n: _with_reason(_("Outcome overridden: %(before)s → %(after)s") % {
        "before": _status(d.get("before")), "after": _status(d.get("after"))}, d),
}
LINKS = {"merged_into": "into", "split": "into", "split_from": "source", "reports_moved_out": "to"}


def describe(event: IncidentEvent, names: Names) -> TimelineLine:
    d = event.data or {}
    phrase = PHRASES.get(event.kind)
    text = phrase(d, names) if phrase else _("Recorded: %(what)s") % {"what": event.kind.replace("_", " ")}
    line = TimelineLine(event=event, actor=_who(event, names), text=text)
    if event.kind in LINKS and isinstance(d.get(LINKS[event.kind]), int):
        line.link = d[LINKS[event.kind]]
    if event.kind == "note":
        line.note = names.notes.get(int(d.get("note") or 0), _("(note deleted)"))
    return line


def timeline(org: Organization, events: list[IncidentEvent], *, notes: dict[int, str],
             members: dict[int, str], reports: dict[int, int] | None = None) -> list[TimelineLine]:
    names = load_names(org, events, notes=notes, members=members, reports=reports)
    return [describe(e, names) for e in events]
