"""Retention of texts sent about an incident: the number and words go, the fact stays."""

from __future__ import annotations

from datetime import datetime

from amparo.incidents.models import Incident
from amparo.messaging.models import OutboundMessage
from amparo.retention.registry import purger, unattached_purger


@purger("messaging")
def purge_texts(incident: Incident, report_ids: list[int], mode: str) -> list[str]:
    for message in OutboundMessage.objects.filter(organization_id=incident.organization_id, incident=incident):
        message.to_number, message.body, message.to_hash = "", "", ""
        message.save(update_fields=["to_number", "body", "to_hash"])
    return []


@unattached_purger("messaging")
def purge_unattached_texts(org_id: int, cutoff: datetime) -> int:
    """Texts sent about no incident (answers to keywords), older than the organization's unattached period."""
    rows = list(OutboundMessage.objects.filter(organization_id=org_id, incident__isnull=True, created_at__lt=cutoff)
                .exclude(to_hash=""))
    for message in rows:
        message.to_number, message.body, message.to_hash = "", "", ""
        message.save(update_fields=["to_number", "body", "to_hash"])
    return len(rows)
