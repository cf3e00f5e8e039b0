"""Reads of the legal app, each scoped to one organization."""

from __future__ import annotations

from amparo.core.parse import ascii_int
from amparo.incidents.models import Incident
from amparo.legal.models import Case
from amparo.orgs.models import Organization


def incident_in(org: Organization, number: int | None) -> Incident | None:
    if number is None:
        return None
    return Incident.objects.filter(organization=org, pk=number).first()


def case_in(org: Organization, reference: str | None) -> Case | None:
    """A case by its reference, ``C12`` or ``12``."""
    text = (reference or "").strip()
    number = ascii_int(text[1:] if text[:1] in ("C", "c") else text)
    if number is None:
        return None
    return Case.objects.filter(organization=org, number=number).select_related("person", "facility").first()
