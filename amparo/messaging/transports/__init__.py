"""How a text leaves: one small interface, chosen by settings.AMPARO_SMS_TRANSPORT.

The domain owns this interface; channels implement it. A channel app
registers its transport by name in its ``AppConfig.ready()``
(``register_transport("twilio", TwilioTransport)`` in
amparo/integrations/twilio/apps.py), so messaging never imports a channel.
The console transport (development and tests) is messaging's own.

A transport's ``send(message)`` hands one OutboundMessage to the provider and
returns what the provider said (its id for the message and a status). It
raises ``TransientSendError`` when trying again later may work (network,
5xx, rate limit) and ``PermanentSendError`` when it never will (bad number,
unconfigured account). It never writes to the database: the caller does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

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


_TRANSPORTS: dict[str, Callable[[], Transport]] = {}


def register_transport(name: str, factory: Callable[[], Transport]) -> None:
    """Called by a channel app's ``ready()``. Two channels cannot claim one name."""
    if _TRANSPORTS.get(name, factory) is not factory:
        raise ImproperlyConfigured(f"two SMS transports registered as {name!r}")
    _TRANSPORTS[name] = factory


def get_transport(name: str | None = None) -> Transport:
    name = name or settings.AMPARO_SMS_TRANSPORT
    if name == "console" and settings.PRODUCTION:
        log.error("console SMS transport in production: message not sent to the reporter")
    factory = _TRANSPORTS.get(name)
    if factory is None:
        raise ValueError(f"unknown SMS transport {name!r} (registered: {sorted(_TRANSPORTS)})")
    return factory()
