"""Test data for the console: reports go through the real intake pipeline."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from django.utils import timezone

from amparo.incidents.models import Incident
from amparo.intake.pipeline import ingest_report
from amparo.places.actions import create_place
from amparo.reports.models import Report

_ids = itertools.count(1)
# Different words per report: identical texts from several numbers are a flood.
PHRASES = [
    "ICE agents at {alias} right now", "two unmarked vans parked by {alias}", "migra en {alias} ahorita",
    "officers asking kids questions near {alias}", "I see agents walking into {alias}",
    "white SUVs blocking the street at {alias}", "they detained a father outside {alias}",
    "helicopter over {alias} and agents", "my neighbor says ICE is at {alias}", "agentes frente a {alias} ya",
    "still there at {alias}, three cars", "more agents arrived at {alias}",
]


def sms(org, body: str, *, number: str | None = None, at: datetime | None = None) -> Report:
    n = next(_ids)
    result = ingest_report(org=org, channel="sms", provider_id=f"SMtest{n:06d}",
                           from_number=number or f"+1213555{n:04d}", body=body,
                           received_at=at or timezone.now())
    return result.report


def school(org, name: str = "Roosevelt Elementary", alias: str = "Roosevelt school", *,
           lat: float = 34.0501, lon: float = -118.2401, zip: str = "90013"):
    return create_place(org, name=name, aliases=[alias], lat=lat, lon=lon, zip=zip, kind="school")


def incident_at_school(org, *, name: str = "Roosevelt Elementary", alias: str = "Roosevelt school",
                       reports: int = 1, lat: float = 34.0501, lon: float = -118.2401) -> Incident:
    school(org, name, alias, lat=lat, lon=lon)
    start = timezone.now() - timedelta(minutes=reports)
    first = None
    for i in range(reports):
        r = sms(org, PHRASES[i % len(PHRASES)].format(alias=alias), at=start + timedelta(minutes=i))
        first = first or r
    first.refresh_from_db()
    return Incident.objects.get(pk=first.incident_id)


def many_incidents(org, count: int) -> list[Incident]:
    """``count`` separate incidents: places far enough apart not to correlate."""
    return [
        incident_at_school(org, name=f"School number {i}", alias=f"Escuela Numero{i}",
                           lat=34.0 + i * 0.05, lon=-118.2)
        for i in range(count)
    ]
