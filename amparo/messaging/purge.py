"""Retention of texts sent about an incident: the number and words go, the fact stays."""

from __future__ import annotations

from datetime import datetime

from amparo.incidents.models import Incident
from amparo.messaging.models import OutboundMessage
from amparo.retention.registry import purger, sent_text_keepers, unattached_purger


@purger("messaging")
def purge_texts(incident: Incident, report_ids: list[int], mode: str) -> list[str]:
    for message in OutboundMessage.objects.filter(organization_id=incident.organization_id, incident=incident):
        message.to_number, message.body, message.to_hash = "", "", ""
        message.save(update_fields=["to_number", "body", "to_hash"])
    return []


@unattached_purger("messaging")
def purge_unattached_texts(org_id: int, cutoff: datetime) -> int:
    """Texts sent about no incident (answers to keywords), older than the organization's unattached period,
    except those a keeper claims (a live legal case's texts to its family: the case's purge blanks them)."""
    rows = list(OutboundMessage.objects.filter(organization_id=org_id, incident__isnull=True, created_at__lt=cutoff)
                .exclude(to_hash=""))
    kept: set[int] = set()
    for keep in sent_text_keepers().values():
        kept |= keep(org_id, [m.pk for m in rows])
    rows = [m for m in rows if m.pk not in kept]
    for message in rows:
        message.to_number, message.body, message.to_hash = "", "", ""
        message.save(update_fields=["to_number", "body", "to_hash"])
    return len(rows)
