"""Helpers for verification tests: a zone, an incident in it, responders."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from amparo.incidents.actions import open_incident
from amparo.orgs.models import Zone
from amparo.places.understand import h3_cell, zip_centroid
from amparo.verification import actions
from amparo.verification.models import VerificationSettings

T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)  # a Monday, 10:00 in Los Angeles
BOYLE = "90033"  # Boyle Heights
FAR = "90265"  # Malibu, ~45 km away


def make_responder(org, phone: str, *, name: str = "", zips=(BOYLE,), languages=("en",),
                   field_eligible: bool = True, on_call: bool = True, schedule=()):  # type: ignore[no-untyped-def]
    zones = []
    for z in zips:
        zone, _ = Zone.objects.get_or_create(organization=org, name=f"Zone {z}", defaults={"zips": [z]})
        zones.append(zone)
    return actions.save_responder(org, name=name or f"R {phone[-4:]}", phone=phone, languages=list(languages),
                                  training=["confirmer"], zones=zones, field_eligible=field_eligible,
                                  on_call=on_call, schedule=list(schedule))


def make_incident(org, zip_code: str = BOYLE, at: datetime = T0):  # type: ignore[no-untyped-def]
    lat, lon = zip_centroid(zip_code) or (None, None)
    return open_incident(org.pk, kind="event", at=at, zip=zip_code, h3_r8=h3_cell(lat, lon), geo_precision="zip")


def configure(org, **values):  # type: ignore[no-untyped-def]
    vs = actions.settings_for(org)
    VerificationSettings.objects.filter(pk=vs.pk).update(**values)


@pytest.fixture
def crew(north):  # type: ignore[no-untyped-def]
    """Three on-call, field-eligible responders of north in Boyle Heights."""
    return [make_responder(north, f"+1213555020{i}") for i in range(1, 4)]
