"""The development transport: nothing leaves the machine; the console shows the text."""

from __future__ import annotations

import uuid

from amparo.messaging.models import MessageStatus, OutboundMessage
from amparo.messaging.transports import SendResult


class ConsoleTransport:
    name = "console"

    def send(self, message: OutboundMessage) -> SendResult:
        return SendResult(provider_id=f"CONSOLE-{uuid.uuid4().hex}", status=MessageStatus.CONSOLE)
