"""How a text leaves: one small interface, chosen by settings.AMPARO_SMS_TRANSPORT.

A transport's ``send(message)`` hands one OutboundMessage to the provider and
returns what the provider said (its id for the message and a status). It
raises ``TransientSendError`` when trying again later may work (network,
5xx, rate limit) and ``PermanentSendError`` when it never will (bad number,
unconfigured account). It never writes to the database: the caller does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.conf import settings

if TYPE_CHECKING:
    from amparo.messaging.models import OutboundMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SendResult:
    provider_id: str
    status: str  # one of amparo.messaging.models.MessageStatus


class TransientSendError(Exception):
    pass


class PermanentSendError(Exception):
    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class Transport(Protocol):
    name: str

    def send(self, message: OutboundMessage) -> SendResult: ...


def get_transport(name: str | None = None) -> Transport:
    name = name or settings.AMPARO_SMS_TRANSPORT
    if name == "console":
        from amparo.messaging.transports.console import ConsoleTransport

        if settings.PRODUCTION:
            log.error("console SMS transport in production: message not sent to the reporter")
        return ConsoleTransport()
    if name == "twilio":
        from amparo.messaging.transports.twilio import TwilioTransport

        return TwilioTransport()
    raise ValueError(f"unknown SMS transport {name!r}")
