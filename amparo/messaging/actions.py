"""Every state change of an outbound message is one named function here.

``send_to_reporter`` and ``send_sms`` store the message queued and hand it to
the queue after commit; ``deliver`` (delivery.py, run by the task) sends it
through the transport; ``record_status`` applies a provider status callback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.audit.log import audit
from amparo.crypto.keys import keyed_hash
from amparo.incidents.actions import mark_changed, record_event
from amparo.incidents.models import Incident
from amparo.messaging.models import (
    STATUS_RANK,
    MessageChannel,
    MessageKind,
    MessageStatus,
    MessageStatusEvent,
    OutboundMessage,
    WhatsAppTemplate,
    WhatsAppTemplateKey,
)
from amparo.messaging.tasks import send_outbound
from amparo.messaging.whatsapp import choose_template, preview, reopen_variables, template_for
from amparo.orgs.models import HotlineNumber
from amparo.reports.models import Channel, Report, Sender
from amparo.reports.optouts import is_opted_out, opted_out

log = logging.getLogger(__name__)

MAX_LENGTH = 1600  # Twilio's limit for one message body
WHATSAPP_WINDOW = timedelta(hours=24)  # WhatsApp's customer-service window


class CannotMessage(Exception):
    """The reporter cannot be texted; the message says why, for the dispatcher."""


class OutsideWhatsAppWindow(CannotMessage):
    """Free-form WhatsApp is closed; an approved template may still go out."""


def _hotline_for(report: Report, channel: str) -> HotlineNumber | None:
    numbers = HotlineNumber.objects.filter(organization_id=report.organization_id)
    if report.hotline_id:
        # The number the reporter wrote to: the only one they know.
        same = numbers.filter(pk=report.hotline_id).first()
        if same is not None:
            return same
    if channel == MessageChannel.WHATSAPP:
        return numbers.filter(whatsapp=True).order_by("pk").first()
    return numbers.filter(sms=True).order_by("pk").first()


def last_whatsapp_inbound(org_id: int, caller_hash: str) -> datetime | None:
    return (
        Report.objects.filter(organization_id=org_id, caller_hash=caller_hash, channel=Channel.WHATSAPP)
        .order_by("-received_at").values_list("received_at", flat=True).first()
    )


def last_whatsapp_inbounds(org_id: int, caller_hashes: set[str]) -> dict[str, datetime]:
    """``last_whatsapp_inbound`` of many numbers: one query."""
    if not caller_hashes:
        return {}
    return dict(
        Report.objects.filter(organization_id=org_id, caller_hash__in=caller_hashes, channel=Channel.WHATSAPP)
        .values("caller_hash").annotate(last=Max("received_at")).values_list("caller_hash", "last")
    )


def may_text(report: Report) -> bool:
    """Web reporters say on the form whether a text is safe (a phone may be shared or watched)."""
    extra: Any = report.extra
    return bool(isinstance(extra, dict) and extra.get("may_text"))


def check_can_text(incident: Incident, report: Report, *, now: datetime | None = None) -> str:
    """The channel to text ``report``'s sender on; raises CannotMessage with the reason."""
    org_id = incident.organization_id
    return _channel_for(incident, report, now=now or timezone.now(),
                        opted_out=lambda: is_opted_out(org_id, report.caller_hash, sender=Sender.HOTLINE),
                        last_whatsapp=lambda: last_whatsapp_inbound(org_id, report.caller_hash))


def _channel_for(incident: Incident, report: Report, *, now: datetime, opted_out: Callable[[], bool],
                 last_whatsapp: Callable[[], datetime | None]) -> str:
    """The rules of ``check_can_text``; what needs the database is asked only when it decides."""
    if report.incident_id != incident.pk or report.organization_id != incident.organization_id:
        raise CannotMessage(_("That report is not part of this incident."))
    if not report.caller_hash or not report.caller_number:
        raise CannotMessage(_("This reporter left no number to text."))
    if report.channel == Channel.WEB and not may_text(report):
        raise CannotMessage(_("This reporter did not say it is safe to text them."))
    if opted_out():
        raise CannotMessage(_("This number replied STOP: it cannot be texted until it sends START."))
    if report.channel != Channel.WHATSAPP:
        return MessageChannel.SMS
    last = last_whatsapp()
    if last is None or now - last > WHATSAPP_WINDOW:
        raise OutsideWhatsAppWindow(_(
            "WhatsApp allows a free-form reply only within 24 hours of the reporter's last message. "
            "Call them back, or wait for them to write again."
        ))
    return MessageChannel.WHATSAPP


@transaction.atomic
def send_to_reporter(incident: Incident, report: Report, text: str, *, by: Any,
                     kind: str = MessageKind.REPLY) -> OutboundMessage:
    """Text the sender of ``report`` from the organization's hotline.

    Stores the message queued, writes a timeline event (without the text) and
    queues the sending after commit. Raises CannotMessage.

    Outside WhatsApp's 24-hour window the organization's "reopen" template
    (amparo/messaging/whatsapp.py) goes out instead of ``text``, which is not
    sent: the message then has a ``content_sid``. Without such a template it
    raises OutsideWhatsAppWindow."""
    text = (text or "").strip()
    if not text:
        raise CannotMessage(_("Write a message first."))
    if len(text) > MAX_LENGTH:
        raise CannotMessage(_("A text can be at most %(n)d characters.") % {"n": MAX_LENGTH})
    message = _queue_to_reporter(incident, report, text, kind=kind, by=by,
                                 template_key=WhatsAppTemplateKey.REOPEN, variables=reopen_variables(report))
    record_event(incident, "message_sent", by=by, message=message.pk)
    mark_changed(incident.pk)  # the open page shows the text in the conversation
    # The reporter's number was used: that is a read of personal data.
    audit(incident.organization_id, action="contact", object_type="report", object_ids=[report.pk],
          actor=by, actor_label="" if getattr(by, "is_authenticated", False) else str(by or "system"))
    return message


@dataclass(frozen=True)
class Notice:
    """One system notice to the sender of ``report``: its words, and the template's variables
    for WhatsApp outside the 24-hour window."""

    report: Report
    text: str
    variables: dict[str, str]


def send_notices_to_reporters(incident: Incident, notices: list[Notice], *, template_key: str,
                              by: Any) -> dict[int, OutboundMessage | str]:
    """System notices to the senders of many reports of ``incident`` from the hotline (rumor control's
    correction), by the rules of ``send_to_reporter``: the same checks (``_channel_for``), the same
    hotline, delivery after commit, and outside WhatsApp's window the template ``template_key``.
    Returns, per report id, the message queued or why none could be. A fixed number of queries
    whatever the number of notices, the rows written in one INSERT. No timeline event or audit per
    message: the caller writes one for all of them."""
    org_id = incident.organization_id
    hashes = {n.report.caller_hash for n in notices if n.report.caller_hash}
    out = opted_out(org_id, hashes, sender=Sender.HOTLINE)
    whatsapp = {n.report.caller_hash for n in notices if n.report.channel == Channel.WHATSAPP}
    last_seen = last_whatsapp_inbounds(org_id, whatsapp)
    hotlines = list(HotlineNumber.objects.filter(organization_id=org_id).order_by("pk"))
    templates = {t.language: t for t in WhatsAppTemplate.objects.filter(organization_id=org_id, key=template_key)}
    now = timezone.now()
    results: dict[int, OutboundMessage | str] = {}
    rows: list[OutboundMessage] = []
    for notice in notices:
        report, text, content_sid, content_variables = notice.report, notice.text.strip()[:MAX_LENGTH], "", {}
        try:
            channel = _channel_for(incident, report, now=now, opted_out=partial(out.__contains__, report.caller_hash),
                                   last_whatsapp=partial(last_seen.get, report.caller_hash))
        except OutsideWhatsAppWindow as exc:
            template = choose_template(templates, [report.language, incident.organization.default_language])
            if template is None:
                results[report.pk] = str(exc)
                continue
            channel, content_sid, content_variables = MessageChannel.WHATSAPP, template.content_sid, notice.variables
            text = preview(template, notice.variables)
        except CannotMessage as exc:
            results[report.pk] = str(exc)
            continue
        hotline = _pick_hotline(hotlines, report, channel)
        if hotline is None:
            results[report.pk] = _("This organization has no hotline number to send from.")
            continue
        rows.append(OutboundMessage(
            organization_id=org_id, incident=incident, report=report, to_hash=report.caller_hash,
            to_number=report.caller_number or "", from_number=hotline.e164, body=text, channel=channel,
            kind=MessageKind.SYSTEM, status=MessageStatus.QUEUED,
            sent_by=by if getattr(by, "is_authenticated", False) else None,
            content_sid=content_sid, content_variables=content_variables))
    for message in OutboundMessage.objects.bulk_create(rows):
        results[message.report_id or 0] = message
    for message in rows:
        transaction.on_commit(partial(enqueue_send, message.pk))
    return results


def _pick_hotline(hotlines: list[HotlineNumber], report: Report, channel: str) -> HotlineNumber | None:
    """``_hotline_for`` over numbers already loaded: the one the reporter wrote to, else the first that
    carries the channel."""
    same = next((h for h in hotlines if report.hotline_id and h.pk == report.hotline_id), None)
    if same is not None:
        return same
    if channel == MessageChannel.WHATSAPP:
        return next((h for h in hotlines if h.whatsapp), None)
    return next((h for h in hotlines if h.sms), None)


def _queue_to_reporter(incident: Incident, report: Report, text: str, *, kind: str, by: Any, template_key: str,
                       variables: dict[str, str]) -> OutboundMessage:
    content_sid, content_variables = "", {}
    try:
        channel = check_can_text(incident, report)
    except OutsideWhatsAppWindow:
        template = template_for(incident.organization_id, template_key,
                                [report.language, incident.organization.default_language])
        if template is None:
            raise
        channel, content_sid, content_variables = MessageChannel.WHATSAPP, template.content_sid, variables
        text = preview(template, variables)
    hotline = _hotline_for(report, channel)
    if hotline is None:
        raise CannotMessage(_("This organization has no hotline number to send from."))
    message = OutboundMessage.objects.create(
        organization_id=incident.organization_id, incident=incident, report=report,
        to_hash=report.caller_hash, to_number=report.caller_number or "", from_number=hotline.e164,
        body=text, channel=channel, kind=kind, status=MessageStatus.QUEUED,
        sent_by=by if getattr(by, "is_authenticated", False) else None,
        content_sid=content_sid, content_variables=content_variables,
    )
    transaction.on_commit(lambda: enqueue_send(message.pk))
    return message


def send_sms(org: Any, to_number: str, body: str, *, kind: str = MessageKind.SYSTEM,
             incident: Incident | None = None) -> OutboundMessage:
    """Text any number of the organization (a responder, a safety contact, a
    dispatcher's phone) from its first SMS hotline number, after commit.

    For people who are not reporters (no report to reply to). A number that
    sent STOP gets nothing: the message is stored failed ("opted_out") so the
    console shows it was not sent. Raises CannotMessage without a hotline."""
    body = (body or "").strip()[:MAX_LENGTH]
    hotline = HotlineNumber.objects.filter(organization_id=org.pk, sms=True).order_by("pk").first()
    if hotline is None:
        raise CannotMessage(_("This organization has no hotline number to send from."))
    to_hash = keyed_hash(org.pk, "tel:" + to_number)
    opted_out = is_opted_out(org.pk, to_hash, sender=Sender.HOTLINE)
    message = OutboundMessage.objects.create(
        organization_id=org.pk, incident=incident, to_hash=to_hash, to_number=to_number,
        from_number=hotline.e164, body=body, channel=MessageChannel.SMS, kind=kind,
        status=MessageStatus.FAILED if opted_out else MessageStatus.QUEUED,
        error_code="opted_out" if opted_out else "",
    )
    if not opted_out:
        transaction.on_commit(lambda: enqueue_send(message.pk))
    return message


def send_ack(report: Report, text: str) -> OutboundMessage | None:
    """Answer an inbound report from the number it was sent to, on its channel, after commit: the
    intake worker's answer when it depends on correlation (a follow-up quotes the caller's first
    report). The caller decided that an answer is due (opt-outs, floods, limits). None when the
    report left no number or the organization has no number to answer from."""
    if not report.caller_hash or not report.caller_number:
        return None
    channel = MessageChannel.WHATSAPP if report.channel == Channel.WHATSAPP else MessageChannel.SMS
    hotline = _hotline_for(report, channel)
    if hotline is None:
        return None
    message = OutboundMessage.objects.create(
        organization_id=report.organization_id, incident_id=report.incident_id, report=report,
        to_hash=report.caller_hash, to_number=report.caller_number, from_number=hotline.e164,
        body=(text or "").strip()[:MAX_LENGTH], channel=channel, kind=MessageKind.ACK, status=MessageStatus.QUEUED,
    )
    transaction.on_commit(lambda: enqueue_send(message.pk))
    return message


def enqueue_send(message_id: int) -> None:
    send_outbound(message_id)


def record_status(message: OutboundMessage, provider_status: str, *, status: str | None, event_key: str,
                  error_code: str = "", at: datetime | None = None) -> bool:
    """Apply one provider status report. Returns False for a duplicate.

    Idempotent (one MessageStatusEvent per key) and monotonic: a status never
    moves back down STATUS_RANK ("delivered" then a late "sent" stays delivered).
    ``provider_status`` is the provider's word, kept as received; ``status`` is
    what the channel read it as (one of MessageStatus), or None for a word we
    do not track."""
    at = at or timezone.now()
    try:
        with transaction.atomic():
            MessageStatusEvent.objects.create(message=message, status=provider_status[:24], key=event_key[:120],
                                              error_code=error_code[:16], at=at)
    except IntegrityError:
        return False
    if status is None:
        return True  # recorded, but not a status we track
    lower = [s for s, rank in STATUS_RANK.items() if rank < STATUS_RANK[status]]
    fields: dict[str, Any] = {"status": status, "status_updated_at": at}
    if error_code:
        fields["error_code"] = error_code[:16]
    moved = OutboundMessage.objects.filter(pk=message.pk, status__in=lower).update(**fields)
    if moved and message.kind != MessageKind.SYSTEM:
        mark_changed(message.incident_id)  # the conversation on the open page shows "delivered" / "failed"
    return True
