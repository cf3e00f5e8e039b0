"""The shape of an incident as the API and the export give it.

``incident_payload`` is the one place that turns an incident into data; the API
validates it through ``IncidentOut`` and ``export_incidents`` dumps it through the
same schema, so both always agree.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from ninja import Schema

from amparo.incidents.models import Incident
from amparo.orgs.models import Organization
from amparo.reports.models import Report


class IncidentPlaceOut(Schema):
    name: str | None
    kind: str
    zip: str
    precision: str


class ReportPlaceOut(Schema):
    name: str | None
    precision: str
    zip: str
    confidence: float
    # What the pipeline understood (spans, streets, landmark...), as it stored it.
    details: Any = None


class ReportOut(Schema):
    id: int
    provider_id: str
    channel: str
    received_at: datetime
    imported: bool
    text: str
    language: str
    route: str
    place: ReportPlaceOut


class IncidentOut(Schema):
    id: int
    kind: str
    status: str
    status_reason: str
    first_report_at: datetime
    last_report_at: datetime
    report_count: int
    caller_count: int
    needs_review: bool
    merged_into: int | None
    place: IncidentPlaceOut
    reports: list[ReportOut]


class IncidentPage(Schema):
    count: int
    page: int
    pages: int
    items: list[IncidentOut]


def incidents_with_reports(org: Organization) -> QuerySet[Incident]:
    """The organization's incidents with everything ``incident_payload`` reads, in a fixed
    number of queries whatever the number of incidents or reports."""
    reports = Report.objects.filter(organization=org).select_related("place").order_by("received_at", "id")
    return (
        Incident.objects.filter(organization=org)
        .select_related("place")
        .prefetch_related(Prefetch("reports", queryset=reports))
    )


def report_payload(report: Report) -> dict[str, Any]:
    place = report.place
    return {
        "id": report.pk,
        "provider_id": report.provider_id,
        "channel": report.channel,
        "received_at": report.received_at,
        "imported": report.imported,
        "text": report.body or "",
        "language": report.language,
        "route": report.route,
        "place": {
            "name": place.name if place is not None else None,
            "precision": report.geo_precision,
            "zip": report.zip,
            "confidence": report.place_confidence,
            "details": report.place_info,
        },
    }


def incident_payload(incident: Incident) -> dict[str, Any]:
    """Needs ``place`` selected and ``reports`` prefetched (see ``incidents_with_reports``)."""
    place = incident.place
    return {
        "id": incident.pk,
        "kind": incident.kind,
        "status": incident.status,
        "status_reason": incident.status_reason,
        "first_report_at": incident.first_report_at,
        "last_report_at": incident.last_report_at,
        "report_count": incident.report_count,
        "caller_count": incident.caller_count,
        "needs_review": incident.needs_review,
        "merged_into": incident.merged_into_id,
        "place": {
            "name": place.name if place is not None else None,
            "kind": incident.place_kind or (place.kind if place is not None else ""),
            "zip": incident.zip,
            "precision": incident.geo_precision,
        },
        "reports": [report_payload(r) for r in incident.reports.all()],
    }


def incident_json(incident: Incident) -> dict[str, Any]:
    """The incident exactly as the API renders it, as plain JSON types."""
    return IncidentOut.model_validate(incident_payload(incident)).model_dump(mode="json")
