"""Twilio's delivery status callbacks for the texts we send (StatusCallback).

Found by the hotline that sent the message (``From``) and its MessageSid,
signature-checked with that organization's token, applied once per
MessageSid+MessageStatus, never moving a status backwards
(amparo.messaging.actions.record_status). A callback for a message we do not
know gets 200, is logged and changes nothing: Twilio would otherwise retry it.

An alert's copies are not OutboundMessages: they go out from the alerts
Messaging Service (whose numbers are not hotline numbers) and are found by
their MessageSid among the alerts' deliveries
(amparo.alerts.batches.record_delivery_status, monotonic as well).
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from amparo.alerts.batches import organization_of_delivery, record_delivery_status
from amparo.core.numbers import normalize_number
from amparo.integrations.twilio.client.signature import is_signed_by
from amparo.integrations.twilio.client.transport import STATUS_MAP
from amparo.integrations.twilio.params import token
from amparo.messaging.actions import record_status
from amparo.messaging.models import OutboundMessage
from amparo.orgs.models import HotlineNumber, Organization

log = logging.getLogger(__name__)


def _ok() -> HttpResponse:
    return HttpResponse("", content_type="text/plain")


@csrf_exempt
@require_POST
def sms_status(request: HttpRequest) -> HttpResponse:
    post = request.POST
    sid = token(post, "MessageSid") or token(post, "SmsSid")
    # Kept as the provider's word, even one we do not track; a NUL is never a word.
    provider_status = (post.get("MessageStatus") or post.get("SmsStatus") or "").strip().lower()
    if not sid or not provider_status or len(provider_status) > 24 or "\x00" in provider_status:
        return HttpResponseBadRequest("MessageSid and MessageStatus are required", content_type="text/plain")
    org: Organization | None = None
    message: OutboundMessage | None = None
    sender = normalize_number(post.get("From", ""))
    hotline = HotlineNumber.objects.select_related("organization").filter(e164=sender).first() if sender else None
    if hotline is not None:
        org = hotline.organization
        message = OutboundMessage.objects.filter(organization=org, provider_id=sid).first()
    else:
        # No From (or a number since removed): the message id alone, if it is unambiguous.
        found = list(OutboundMessage.objects.select_related("organization").filter(provider_id=sid)[:2])
        if len(found) == 1:
            message, org = found[0], found[0].organization
    if org is None:
        org_id = organization_of_delivery(sid)
        org = Organization.objects.filter(pk=org_id).first() if org_id else None
    if org is None:
        log.info("status callback for an unknown message %s (%s)", sid[:40], provider_status)
        return _ok()
    if not is_signed_by(request, org):
        return HttpResponse("Invalid signature", status=403, content_type="text/plain")
    if message is None:
        if not record_delivery_status(org.pk, sid, status=STATUS_MAP.get(provider_status),
                                      error_code=token(post, "ErrorCode", max_len=16)):
            log.info("status callback for an unknown message %s (%s)", sid[:40], provider_status)
        return _ok()
    record_status(message, provider_status, status=STATUS_MAP.get(provider_status),
                  event_key=f"{sid}:{provider_status}",
                  error_code=token(post, "ErrorCode", max_len=16))
    return _ok()
