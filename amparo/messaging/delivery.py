"""Sending one queued message, run by the queue (tasks.py).

A message is claimed (queued -> sending) with a conditional UPDATE before the
provider is called, so two workers (the task and the sweeper's re-enqueue)
never both send it. If a worker dies during the provider call the message
stays "sending": texting a reporter twice is worse than a dispatcher seeing
it stuck.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from amparo.incidents.actions import mark_changed
from amparo.messaging.models import MessageKind, MessageStatus, OutboundMessage
from amparo.messaging.transports import (
    PermanentSendError,
    TransientSendError,
    Transport,
    get_transport,
)

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 4  # the first try and Huey's 3 retries; the sweeper gives up after that
SWEEP_AFTER = timedelta(minutes=2)
# A question ("where exactly?") that arrives hours late confuses more than it helps.
GIVE_UP_AFTER = timedelta(hours=1)


def _claim(message_id: int) -> OutboundMessage | None:
    claimed = OutboundMessage.objects.filter(pk=message_id, status=MessageStatus.QUEUED).update(
        status=MessageStatus.SENDING, attempts=F("attempts") + 1, status_updated_at=timezone.now())
    if not claimed:
        return None
    return OutboundMessage.objects.select_related("organization").get(pk=message_id)


def deliver(message_id: int, transport: Transport | None = None) -> str:
    """Send one queued message; returns its status afterwards.

    Raises TransientSendError (after putting the message back to queued) when
    a retry may work and attempts remain."""
    message = _claim(message_id)
    if message is None:
        current = OutboundMessage.objects.filter(pk=message_id).values_list("status", flat=True).first()
        return current or "missing"
    transport = transport or get_transport()
    try:
        result = transport.send(message)
    except TransientSendError as exc:
        if message.attempts >= MAX_ATTEMPTS:
            _fail(message, "retries")
            return MessageStatus.FAILED
        OutboundMessage.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
            status=MessageStatus.QUEUED, status_updated_at=timezone.now())
        log.warning("message %s: transient send failure (%s), will retry", message.pk, exc)
        raise
    except PermanentSendError as exc:
        log.warning("message %s: not sent: %s", message.pk, exc)
        _fail(message, exc.code or "refused")
        return MessageStatus.FAILED
    now = timezone.now()
    fields: dict[str, Any] = {"provider_id": result.provider_id, "status_updated_at": now}
    OutboundMessage.objects.filter(pk=message.pk).update(**fields)
    # A status callback may already have moved it further than the API's answer.
    OutboundMessage.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(status=result.status)
    _shown(message)
    return OutboundMessage.objects.filter(pk=message.pk).values_list("status", flat=True).get()


def _fail(message: OutboundMessage, code: str) -> None:
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.FAILED, error_code=code[:16], status_updated_at=timezone.now())
    _shown(message)


def _shown(message: OutboundMessage) -> None:
    """A text to a reporter is in its incident's conversation: the open page shows its new status."""
    if message.kind != MessageKind.SYSTEM:
        mark_changed(message.incident_id)


def stale_queued(now: datetime | None = None) -> list[int]:
    """Messages a crash between commit and enqueue (or a lost retry) left queued.

    Those queued too long are failed instead: see GIVE_UP_AFTER."""
    now = now or timezone.now()
    old = OutboundMessage.objects.filter(status=MessageStatus.QUEUED, created_at__lt=now - SWEEP_AFTER)
    expired = old.filter(created_at__lt=now - GIVE_UP_AFTER) | old.filter(attempts__gte=MAX_ATTEMPTS)
    OutboundMessage.objects.filter(pk__in=expired.values("pk")).update(
        status=MessageStatus.FAILED, error_code="expired", status_updated_at=now)
    return list(old.filter(status=MessageStatus.QUEUED).values_list("pk", flat=True)[:500])
