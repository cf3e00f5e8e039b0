"""The development transport: nothing leaves the machine; the console shows the text."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from amparo.messaging.transports import SendResult

if TYPE_CHECKING:
    from amparo.messaging.models import OutboundMessage


class ConsoleTransport:
    name = "console"

    def send(self, message: OutboundMessage) -> SendResult:
        from amparo.messaging.models import MessageStatus

        return SendResult(provider_id=f"CONSOLE-{uuid.uuid4().hex}", status=MessageStatus.CONSOLE)
