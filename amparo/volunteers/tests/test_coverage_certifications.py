"""The coverage page's certification figures: members per certification, and those expiring in 30 days."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from amparo.verification.tests.conftest import make_responder
from amparo.volunteers.certifications import (
    coverage_figures,
    ensure_default_kinds,
    grant_certification,
)


def test_it_counts_people_per_certification_and_lists_those_expiring_soon(client, north, admin_user):
    now = timezone.now()
    observer = next(k for k in ensure_default_kinds(north) if k.field)
    rosa = make_responder(north, "+12135550771", name="Rosa Expiring")
    sam = make_responder(north, "+12135550772", name="Sam Valid")
    grant_certification(north, observer, responder=rosa, now=now - timedelta(days=350))  # ends in about 15 days
    grant_certification(north, observer, responder=sam, now=now - timedelta(days=10))
    figures = coverage_figures(north, now)
    assert (observer.name, 2) in figures.per_kind
    assert [(who, label) for who, label, _on in figures.expiring] == [("Rosa Expiring", observer.name)]
    client.force_login(admin_user)
    page = client.get("/volunteers/shifts/week/").content.decode()
    assert "Rosa Expiring" in page and observer.name in page
