"""Twilio's Programmable Messaging REST API.

The sender is always one of the organization's two senders, stored on the
message (``from_number``), never anyone's own phone: a hotline number, or the
alerts sender's Messaging Service SID (``MG...``), which Twilio then sends
from one of that service's numbers at its own opt-outs. Twilio reports delivery to /hooks/twilio/sms/status
(amparo/integrations/twilio/sms/status.py).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.conf import settings
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from amparo.integrations.twilio.client.rest import rest_client
from amparo.integrations.twilio.whatsapp.addresses import address
from amparo.messaging.transports import PermanentSendError, SendResult, TransientSendError

if TYPE_CHECKING:
    from amparo.messaging.models import OutboundMessage

# Twilio's message statuses as ours. Accepted by the API means handed over,
# not yet sent by the carrier.
STATUS_MAP = {
    "accepted": "sending", "scheduled": "sending", "queued": "sending", "sending": "sending",
    "sent": "sent", "delivered": "delivered", "read": "delivered",
    "undelivered": "undelivered", "failed": "failed", "canceled": "failed",
}


def is_messaging_service(sender: str) -> bool:
    """A Messaging Service SID (the alerts sender), not a phone number."""
    return sender.startswith("MG") and len(sender) == 34


def status_callback_url() -> str:
    return settings.AMPARO_PUBLIC_URL + "/hooks/twilio/sms/status"


class TwilioTransport:
    name = "twilio"

    def __init__(self, api_base: str | None = None) -> None:
        self.api_base = api_base

    def client(self, account_sid: str, auth_token: str) -> Client:
        return rest_client(account_sid, auth_token, self.api_base)

    def send(self, message: OutboundMessage) -> SendResult:
        org = message.organization
        sid = org.twilio_account_sid or settings.TWILIO_ACCOUNT_SID
        token = org.twilio_auth_token or ""
        if not sid or not token:
            raise PermanentSendError("the organization has no Twilio account configured", code="no-account")
        if not message.from_number:
            raise PermanentSendError("no hotline number to send from", code="no-sender")
        content: dict[str, Any] = {"body": message.body}
        if message.content_sid:
            # An approved WhatsApp template (outside the 24-hour window): WhatsApp
            # refuses a free-form body there, so only the template and its values go.
            content = {"content_sid": message.content_sid,
                       "content_variables": json.dumps(message.content_variables or {})}
        sender: dict[str, str] = {"from_": address(message.channel, message.from_number)}
        if is_messaging_service(message.from_number):
            sender = {"messaging_service_sid": message.from_number}
        try:
            created = self.client(sid, token).messages.create(
                to=address(message.channel, message.to_number),
                **sender,
                status_callback=status_callback_url(),
                **content,
            )
        except TwilioRestException as exc:
            if exc.status == 429 or exc.status >= 500:
                raise TransientSendError(f"Twilio HTTP {exc.status}") from None
            # 4xx: invalid number, unverified sender, blocked... trying again changes nothing.
            raise PermanentSendError(f"Twilio refused the message (HTTP {exc.status})", code=str(exc.code or exc.status)) from None
        except OSError as exc:  # requests' ConnectionError and Timeout are OSErrors
            raise TransientSendError(type(exc).__name__) from None
        return SendResult(provider_id=created.sid or "", status=STATUS_MAP.get(created.status or "", "sending"))
