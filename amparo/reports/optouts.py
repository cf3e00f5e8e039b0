"""Opt-outs, per organization and per sender (``reports.models.Sender``).

Every check names the sender the text would go out from: the hotline for
acknowledgements, replies to reporters, responders' and dispatchers' texts;
the alerts sender for alerts. A STOP to one sender never silences the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Exists, QuerySet

from amparo.reports.models import OptOut, Sender


def opt_out(org_id: int, caller_hash: str, *, sender: Sender) -> None:
    """Record a STOP to ``sender`` (idempotent: a second STOP changes nothing)."""
    if caller_hash:
        OptOut.objects.get_or_create(organization_id=org_id, sender=sender, caller_hash=caller_hash)


def opt_in(org_id: int, caller_hash: str, *, sender: Sender) -> None:
    """Record a START to ``sender``: it may text the number again."""
    OptOut.objects.filter(organization_id=org_id, sender=sender, caller_hash=caller_hash).delete()


_IS_OPTED_OUT = ("SELECT 1 FROM reports_optout WHERE organization_id = %s AND sender = %s"
                 " AND caller_hash = %s")


def is_opted_out(org_id: int, caller_hash: str, *, sender: Sender) -> bool:
    """One lookup on the unique index, written out: every answer to an inbound message asks it."""
    if not caller_hash:
        return False
    with connection.cursor() as cursor:
        cursor.execute(_IS_OPTED_OUT, [org_id, str(sender), caller_hash])
        return cursor.fetchone() is not None


def opted_out(org_id: int, caller_hashes: Iterable[str], *, sender: Sender) -> set[str]:
    """Which of ``caller_hashes`` opted out of ``sender``: one query."""
    hashes = [h for h in caller_hashes if h]
    if not hashes:
        return set()
    return set(OptOut.objects.filter(organization_id=org_id, sender=sender, caller_hash__in=hashes)
               .values_list("caller_hash", flat=True))


def opted_out_exists(org_id: int, caller_hash: Any, *, sender: Sender) -> Exists:
    """``Exists`` of an opt-out of ``sender`` for ``caller_hash`` (an ``OuterRef``): filters a large
    set of numbers (an alert's 500,000 subscribers) in the database, one index lookup per row."""
    return Exists(OptOut.objects.filter(organization_id=org_id, sender=sender, caller_hash=caller_hash))
def opted_out_hashes(org_id: int, *, sender: Sender) -> QuerySet[Any]:
    """The keyed hashes that opted out of ``sender``, as a subquery: for an audience too large to list."""
    return OptOut.objects.filter(organization_id=org_id, sender=sender).values("caller_hash")
