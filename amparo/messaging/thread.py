"""An incident's conversation with its reporters: inbound reports and outbound texts, by time.

``thread_for`` decrypts: whoever calls it must audit the read. ``thread_context``
(used by the template tag) audits the outbound messages; the page including
messaging/thread.html audits the reports it shows (the console's incident page does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from amparo.audit.log import audit
from amparo.core.languages import language_name
from amparo.incidents.models import Incident
from amparo.messaging.actions import MAX_LENGTH, may_text
from amparo.messaging.canned import canned_replies
from amparo.messaging.models import CannedReply, MessageKind, MessageStatus, OutboundMessage
from amparo.orgs.models import Role, member_role
from amparo.reports.models import Channel, Report, Sender
from amparo.reports.optouts import opted_out as opted_out_of

_ASCII_DIGITS = frozenset("0123456789")  # not str.isdigit(), which is true of "²" and "٣"


@dataclass
class Reporter:
    number: int  # 1, 2, ... in order of first report to the incident
    caller_hash: str
    last_digits: str
    latest_report_id: int = 0
    language: str = ""
    channel: str = ""
    unavailable: str = ""  # why they cannot be texted; "" when they can
    first_ref: str = ""  # the reference of their first report here ("R-27"), as the Reports list shows it

    @property
    def label(self) -> str:
        """Named by their first report, as the Reports list names it, and by the language they
        write in: the dispatcher picks "R-27's reporter · Spanish", never a bare "Reporter 1"."""
        who = (_("Reporter of %(ref)s (…%(digits)s)") % {"ref": self.first_ref, "digits": self.last_digits}
               if self.first_ref else
               _("Reporter %(n)d (…%(digits)s)") % {"n": self.number, "digits": self.last_digits})
        return f"{who} · {language_name(self.language)}" if self.language else who




@dataclass
class ThreadItem:
    at: datetime
    direction: str  # "in" (a report) or "out" (a text we sent)
    body: str
    who: str
    channel: str
    report_id: int | None = None
    message_id: int | None = None
    status: str = ""
    status_label: str = ""
    error_code: str = ""
    sent_by: str = ""
    template: bool = False  # an approved WhatsApp template went out (outside the 24-hour window)
    ref: str = ""  # an inbound report's reference ("R-27"): the incident page shows its text once, above
    extra: dict[str, Any] = field(default_factory=dict)


def _last_digits(number: str | None) -> str:
    digits = "".join(c for c in (number or "") if c in _ASCII_DIGITS)
    return digits[-2:] if len(digits) >= 2 else "??"


REPORTS_SHOWN = 500  # as the console's incident page, which audits the same reads


def _reports(incident: Incident) -> list[Report]:
    return list(Report.objects.filter(incident=incident, organization_id=incident.organization_id)
                .order_by("received_at", "id")[:REPORTS_SHOWN])


def reporters_of(incident: Incident, reports: list[Report] | None = None) -> list[Reporter]:
    """The incident's reporters with a number, numbered by their first report."""
    reports = _reports(incident) if reports is None else reports
    by_hash: dict[str, Reporter] = {}
    for r in reports:
        if not r.caller_hash or not r.caller_number:
            continue
        rep = by_hash.get(r.caller_hash)
        if rep is None:
            rep = by_hash[r.caller_hash] = Reporter(len(by_hash) + 1, r.caller_hash, _last_digits(r.caller_number),
                                                    first_ref=r.ref)
        # The latest report decides the channel and the hotline a reply goes out on.
        rep.latest_report_id, rep.language, rep.channel = r.pk, r.language, r.channel
        if r.channel == Channel.WEB and not may_text(r):
            rep.unavailable = _("no consent to text")
        else:
            rep.unavailable = ""
    for h in opted_out_of(incident.organization_id, by_hash, sender=Sender.HOTLINE):
        by_hash[h].unavailable = _("replied STOP")
    return list(by_hash.values())


def thread_for(incident: Incident, reports: list[Report] | None = None,
               reporters: list[Reporter] | None = None) -> list[ThreadItem]:
    """Inbound reports and outbound messages of ``incident``, oldest first, decrypted."""
    reports = _reports(incident) if reports is None else reports
    reporters = reporters_of(incident, reports) if reporters is None else reporters
    labels = {rep.caller_hash: rep.label for rep in reporters}
    items = [
        ThreadItem(at=r.received_at, direction="in", body=r.body or "", channel=r.channel, report_id=r.pk,
                   ref=r.ref, who=labels.get(r.caller_hash) or (_("Anonymous") if not r.caller_hash else _("Reporter")))
        for r in reports
    ]
    statuses = dict(MessageStatus.choices)
    # The thread is the conversation with reporters: texts to responders and
    # dispatchers about this incident (offers, alerts) are not part of it.
    messages = (OutboundMessage.objects.filter(incident=incident, organization_id=incident.organization_id,
                                               to_hash__in=list(labels))
                .exclude(kind=MessageKind.SYSTEM)
                .select_related("sent_by").order_by("created_at", "id"))
    for m in messages:
        items.append(ThreadItem(
            at=m.created_at, direction="out", body=m.body or "", channel=m.channel, message_id=m.pk,
            who=labels.get(m.to_hash, _("Reporter")), status=m.status, status_label=str(statuses.get(m.status, m.status)),
            error_code=m.error_code, sent_by=m.sent_by.email if m.sent_by else _("system"),
            template=bool(m.content_sid),
        ))
    items.sort(key=lambda i: (i.at, i.direction == "out"))
    return items


def thread_context(incident: Incident, user: Any) -> dict[str, Any]:
    """Everything messaging/thread.html shows; audits the read."""
    reports = _reports(incident)
    reporters = reporters_of(incident, reports)
    items = thread_for(incident, reports, reporters)
    org = incident.organization
    languages = [rep.language for rep in reporters if rep.language] + [org.default_language]
    canned: list[CannedReply] = canned_replies(org, languages)
    role = member_role(user, org) if getattr(user, "is_authenticated", False) else None
    message_ids = [i.message_id for i in items if i.message_id]
    if message_ids:
        audit(org.pk, action="read", object_type="outbound_message", object_ids=message_ids, actor=user,
              reason="thread")
    return {
        "incident": incident, "thread": items, "reporters": reporters, "canned": canned,
        "can_reply": role in (Role.ADMIN, Role.DISPATCHER) and any(not r.unavailable for r in reporters),
        "max_length": MAX_LENGTH, "reply_url": reverse("messaging:reply", args=[incident.pk]),
    }
