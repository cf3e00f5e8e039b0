"""Stored incidents and reports for tests, created directly (not through the pipeline)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from amparo.incidents.models import Incident
from amparo.places.models import Place
from amparo.reports.models import Report

_seq = count(1)
T0 = datetime(2025, 6, 1, 15, 0, tzinfo=UTC)


def make_place(org, name: str = "Roosevelt Elementary", zip_code: str = "90033") -> Place:  # type: ignore[no-untyped-def]
    return Place.objects.create(organization=org, data={"name": name, "aliases": [], "lat": 34.05, "lon": -118.2},
                                kind="school", zip=zip_code)


def make_incident(org, reports: int = 1, *, at: datetime = T0, place: Place | None = None,  # type: ignore[no-untyped-def]
                  kind: str = "event", status: str = "reported", body: str = "ICE van at {n}") -> Incident:
    incident = Incident.objects.create(
        organization=org, kind=kind, status=status, first_report_at=at,
        last_report_at=at + timedelta(minutes=max(reports - 1, 0)), report_count=reports, caller_count=reports,
        place=place, place_kind=place.kind if place else "", zip=place.zip if place else "",
        geo_precision="place" if place else "none",
    )
    for i in range(reports):
        make_report(org, incident=incident, at=at + timedelta(minutes=i), place=place, body=body.format(n=i))
    return incident


def make_report(org, *, incident: Incident | None = None, at: datetime = T0, place: Place | None = None,  # type: ignore[no-untyped-def]
                body: str = "ICE van outside", route: str = "report", channel: str = "sms") -> Report:
    n = next(_seq)
    return Report.objects.create(
        organization=org, channel=channel, provider_id=f"SM{n:032d}", caller_hash=f"{n:064d}",
        caller_number=f"+1213555{n % 10000:04d}", body=body, language="en", received_at=at, route=route,
        place=place, zip=place.zip if place else "", geo_precision="place" if place else "none",
        place_confidence=0.9 if place else 0.0, place_info={"span": "Roosevelt"} if place else None,
        incident=incident,
    )
