"""Writing audit entries. Every read of a sensitive record goes through here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache

from amparo.audit.alerts import READ_ACTIONS, count_reads
from amparo.audit.models import AuditEntry

# A page that re-renders itself while open (the console's live incident page): its cache key, and
# whether this render is a repeat. None outside such a page.
_PAGE: ContextVar[tuple[str, bool] | None] = ContextVar("amparo_audit_page", default=None)
PAGE_MEMORY_SECONDS = 12 * 3600  # a long shift; after it, a re-render audits everything again


@contextmanager
def page_reads(key: str, *, repeat: bool) -> Iterator[None]:
    """Audit the reads of one viewer's open page (``key`` names the viewer and the page).

    Its first render (``repeat=False``) audits every record it shows, as any page does,
    and remembers them; its re-renders (``repeat=True``: the live incident page fetching
    what changed) audit only the records this viewer was not shown yet. Sending a record
    again to the page that already shows it is not a new read, and must not fill the
    trail, or trip the bulk-read alert, while a dispatcher keeps an incident open in a surge."""
    token = _PAGE.set((f"audit-page:{key}", repeat))
    try:
        yield
    finally:
        _PAGE.reset(token)


def audit(org_id: int, *, action: str, object_type: str, object_ids: Iterable[Any],
          actor: Any = None, actor_label: str = "", reason: str = "") -> None:
    user = actor if getattr(actor, "is_authenticated", False) else None
    ids = [str(oid) for oid in object_ids]
    page = _PAGE.get()
    if page is not None and action in READ_ACTIONS and user is not None:
        key, repeat = page
        shown: set[str] = cache.get(key) or set()
        if repeat:
            ids = [oid for oid in ids if f"{object_type}:{oid}" not in shown]
        shown |= {f"{object_type}:{oid}" for oid in ids}
        cache.set(key, shown, PAGE_MEMORY_SECONDS)
    entries = AuditEntry.objects.bulk_create(
        [
            AuditEntry(organization_id=org_id, actor=user, actor_label=actor_label[:64], action=action,
                       object_type=object_type, object_id=oid, reason=reason[:200])
            for oid in ids
        ]
    )
    if action in READ_ACTIONS and (user is not None or actor_label):
        count_reads(org_id, user, actor_label, len(entries))
