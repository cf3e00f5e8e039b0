"""WhatsApp numbers travel through Twilio as ``whatsapp:+15551234567``."""

from __future__ import annotations

PREFIX = "whatsapp:"


def channel_of(sender: str) -> str:
    """``whatsapp`` for a WhatsApp sender, ``sms`` for anything else."""
    return "whatsapp" if sender.lower().startswith(PREFIX) else "sms"


def address(channel: str, number: str) -> str:
    """The address Twilio expects for ``number`` on ``channel``."""
    return f"{PREFIX}{number}" if channel == "whatsapp" else number
