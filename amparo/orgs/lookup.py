"""The hotline number an inbound webhook was sent to, with its organization, kept per process.

Every inbound SMS, WhatsApp message and call step looks up its ``To`` number; under a surge that
lookup (a join, compiled) cost more than storing the report. So a found number is kept in this
process for ``LOOKUP_TTL`` seconds. Saving or deleting an organization or a number in this process
forgets them all at once (and again on commit, so that a reader in another thread cannot keep the
old row); another process sees the change within the TTL. An unknown number is never kept: anyone
can post one, and it would only grow the table.

The rows are shared between threads: read them, never change them.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db import transaction

from amparo.orgs.models import HotlineNumber

LOOKUP_TTL = 10.0
MAX_KEPT = 10_000
_numbers: dict[str, tuple[float, HotlineNumber]] = {}
_lock = threading.Lock()


def hotline_number(e164: str) -> HotlineNumber | None:
    """The number ``e164`` (normalized) with its ``organization`` loaded, or None."""
    now = time.monotonic()
    hit = _numbers.get(e164)
    if hit is not None and now - hit[0] < LOOKUP_TTL:
        return hit[1]
    number = HotlineNumber.objects.select_related("organization").filter(e164=e164).first()
    if number is not None:
        with _lock:
            if len(_numbers) >= MAX_KEPT:
                _numbers.clear()
            _numbers[e164] = (now, number)
    return number


def forget() -> None:
    with _lock:
        _numbers.clear()


def changed(sender: Any, **kwargs: Any) -> None:
    """A signal receiver: an organization or a number was saved or deleted."""
    forget()
    transaction.on_commit(forget)
