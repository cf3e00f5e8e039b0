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

from typing import Any

from amparo.core.process_cache import ProcessCache
from amparo.orgs.models import HotlineNumber

LOOKUP_TTL = 10.0
MAX_KEPT = 10_000
_numbers: ProcessCache[str, HotlineNumber] = ProcessCache(LOOKUP_TTL, MAX_KEPT)


def hotline_number(e164: str) -> HotlineNumber | None:
    """The number ``e164`` (normalized) with its ``organization`` loaded, or None."""
    return _numbers.get(e164, lambda: HotlineNumber.objects.select_related("organization").filter(e164=e164).first())


def forget() -> None:
    _numbers.forget()


def changed(sender: Any, **kwargs: Any) -> None:
    """A signal receiver: an organization or a number was saved or deleted."""
    _numbers.forget_on_change()
