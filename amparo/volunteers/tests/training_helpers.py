"""Helpers for the trainings and certifications tests."""

from __future__ import annotations

from datetime import timedelta

from amparo.volunteers.certifications import ensure_default_kinds
from amparo.volunteers.models import CertificationKind
from amparo.volunteers.trainings import create_training


def kind(org, code: str = "observer") -> CertificationKind:  # type: ignore[no-untyped-def]
    ensure_default_kinds(org)
    return CertificationKind.objects.get(organization=org, code=code)


def training(org, *, starts_in=timedelta(days=3), capacity: int = 10, code: str = "observer",  # type: ignore[no-untyped-def]
             trainer=None, now=None, place: str = "Community hall, 1st St"):
    from django.utils import timezone

    now = now or timezone.now()
    return create_training(org, kind=kind(org, code), starts_at=now + starts_in,
                           ends_at=now + starts_in + timedelta(hours=3), place=place, link="", capacity=capacity,
                           language="es", trainer=trainer, by=None)
