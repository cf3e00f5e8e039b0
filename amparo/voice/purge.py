"""Retention of calls behind an incident's reports: the caller's number goes."""

from __future__ import annotations

from amparo.incidents.models import Incident
from amparo.retention.registry import purger
from amparo.voice.models import Call


@purger("voice")
def purge_calls(incident: Incident, report_ids: list[int], mode: str) -> list[str]:
    for call in Call.objects.filter(organization_id=incident.organization_id, report_id__in=report_ids):
        call.caller_number, call.caller_hash = None, ""
        call.save(update_fields=["caller_number", "caller_hash"])
    return []
