"""Twilio webhooks. Store first, answer fast, tolerate retries."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.twiml.messaging_response import MessagingResponse

from amparo.alerts.models import AlertSettings
from amparo.alerts.subscriptions import record_inbound
from amparo.core.numbers import normalize_number
from amparo.core.parse import ascii_int
from amparo.intake.pipeline import ingest_report
from amparo.integrations.twilio.client.signature import is_signed_by
from amparo.integrations.twilio.whatsapp.addresses import channel_of
from amparo.orgs.lookup import hotline_number
from amparo.orgs.models import HotlineNumber
from amparo.reports.models import Sender

MAX_MEDIA = 10


def twiml(response: MessagingResponse | None = None) -> HttpResponse:
    return HttpResponse(str(response or MessagingResponse()), content_type="text/xml")


def _media_urls(post: QueryDict) -> tuple[str, ...]:
    count = min(ascii_int(post.get("NumMedia"), max_digits=2) or 0, MAX_MEDIA)
    return tuple(post.get(f"MediaUrl{i}", "") for i in range(count) if post.get(f"MediaUrl{i}"))


@csrf_exempt
@require_POST
def sms_inbound(request: HttpRequest) -> HttpResponse:
    """Inbound SMS and WhatsApp (``whatsapp:`` addresses) for every organization."""
    post = request.POST
    to = post.get("To", "")
    if any("\x00" in post.get(name, "") for name in ("To", "From", "MessageSid")):
        return HttpResponseBadRequest("Malformed request", content_type="text/plain")
    # The alerts sender is a Messaging Service of its own: its numbers are no HotlineNumber, and Twilio
    # names the service. The hotline's numbers may sit in a service too, never in the alerts one.
    service = post.get("MessagingServiceSid", "")
    settings = (AlertSettings.objects.select_related("organization").filter(messaging_service_sid=service).first()
                if service.startswith("MG") else None)
    number: HotlineNumber | None = None
    if settings is not None:
        org, reached = settings.organization, Sender.ALERTS
    else:
        number = hotline_number(normalize_number(to))
        if number is None:
            return HttpResponse("Unknown number", status=404, content_type="text/plain")
        org, reached = number.organization, Sender.HOTLINE
    if not is_signed_by(request, org):
        return HttpResponse("Invalid signature", status=403, content_type="text/plain")
    sid = post.get("MessageSid") or post.get("SmsMessageSid") or post.get("SmsSid") or ""
    sender = post.get("From", "")
    if not sid or not sender or len(sid) > 128:
        return HttpResponseBadRequest("MessageSid and From are required", content_type="text/plain")
    channel = channel_of(sender)
    result = ingest_report(
        org=org, channel=channel, provider_id=sid, from_number=sender, to_number=to,
        body=post.get("Body", ""), media_urls=_media_urls(post), sender=reached,
        hotline=number if reached == Sender.HOTLINE else None,
    )
    if result.created:
        record_inbound(org.pk, result.report.caller_hash, result.report.received_at)
    response = MessagingResponse()
    if result.reply:
        response.message(result.reply)
    return twiml(response)
