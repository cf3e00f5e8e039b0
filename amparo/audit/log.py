"""Writing audit entries. Every read of a sensitive record goes through here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from amparo.audit.alerts import READ_ACTIONS, count_reads
from amparo.audit.models import AuditEntry


def audit(org_id: int, *, action: str, object_type: str, object_ids: Iterable[Any],
          actor: Any = None, actor_label: str = "", reason: str = "") -> None:
    user = actor if getattr(actor, "is_authenticated", False) else None
    entries = AuditEntry.objects.bulk_create(
        [
            AuditEntry(organization_id=org_id, actor=user, actor_label=actor_label[:64], action=action,
                       object_type=object_type, object_id=str(oid), reason=reason[:200])
            for oid in object_ids
        ]
    )
    if action in READ_ACTIONS and (user is not None or actor_label):
        count_reads(org_id, user, actor_label, len(entries))
