"""The demo has two legal aid providers and an attorney login working for the first (issue 12)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from amparo.legal.models import Provider, ProviderAttorney


@pytest.mark.django_db
def test_the_demo_has_two_providers_and_an_attorney(client):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    providers = list(Provider.objects.filter(organization__slug="demo").order_by("name"))
    assert [p.name for p in providers] == ["Esperanza Immigrant Legal Aid", "Koreatown Family Law Collective"]
    assert all(p.contact_phone_hash and p.is_active and p.capacity for p in providers)
    link = ProviderAttorney.objects.select_related("user", "provider").get()
    assert (link.user.email, link.provider.name) == ("attorney@demo.amparo.test", "Esperanza Immigrant Legal Aid")
    client.force_login(link.user)
    assert client.get("/home/").url == "/legal/attorney/"
