"""The SMS acknowledgement of a web report (issue 15, item 11).

A web reporter who ticked "safe to text me" and typed a number gets the same
acknowledgement an SMS reporter gets: their reference (R-27) and one line of
know-your-rights advice, in their language, from the hotline. The number was
typed into a public form, so the text goes through the shared anti-pumping rule
(``messaging.typed_numbers``) under the report form's own daily budget. Not
texting never loses anything: the report is stored before this is asked.
"""

from __future__ import annotations

import logging

from amparo.blocklist.actions import is_blocked
from amparo.incidents.models import Kind
from amparo.intake.pipeline import reply_text
from amparo.messaging.actions import CannotMessage, may_text, send_to_reporter
from amparo.messaging.models import MessageKind, OutboundMessage
from amparo.messaging.typed_numbers import may_text_typed_number
from amparo.reports.models import Channel, Report, Route, Sender
from amparo.reports.optouts import is_opted_out

log = logging.getLogger(__name__)

REPORT_FORM = "report_form"  # its budget in settings.AMPARO_FORM_TEXTS_PER_DAY


def acknowledge_web_report(report: Report) -> OutboundMessage | None:
    """Text the web reporter their reference, when they asked and the rule allows; else None.

    Call it once, after the transaction that stored the report: a resubmitted
    form must not text twice (the caller passes only a report it created)."""
    if report.channel != Channel.WEB or not may_text(report) or not report.caller_number:
        return None
    incident = report.incident
    if incident is None or incident.kind == Kind.FLOOD:
        return None  # a flood or a blocked sender is never answered
    org = report.organization
    # Checked before the budget, so that a number that sent STOP spends nothing.
    if is_opted_out(org.pk, report.caller_hash, sender=Sender.HOTLINE) or is_blocked(org.pk, report.caller_hash):
        return None
    if not may_text_typed_number(org, report.caller_number, form=REPORT_FORM):
        return None
    key = "ack.followup" if report.route == Route.FOLLOWUP else "ack.report"
    try:
        return send_to_reporter(incident, report, reply_text(org, report, incident, key), by="intake",
                                kind=MessageKind.ACK)
    except CannotMessage as exc:
        log.warning("intake: web report %s not acknowledged: %s", report.pk, exc)
        return None
