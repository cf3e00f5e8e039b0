"""The demo's legal aid providers (issue 12): two providers from ``data/providers.csv`` and one attorney login.

Imported through the real CSV import, so the file is also an example of its columns. The attorney
login works for the first provider, the way an accepted invitation would tie it."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from amparo.accounts.models import User
from amparo.legal.models import Provider, ProviderAttorney
from amparo.legal.providers import import_providers
from amparo.orgs.models import Organization

PROVIDERS_CSV = Path(__file__).resolve().parent / "data" / "providers.csv"
ATTORNEY_EMAIL = "attorney@demo.amparo.test"
ATTORNEY_PROVIDER = "Esperanza Immigrant Legal Aid"


@transaction.atomic
def ensure_legal_providers(org: Organization) -> int:
    """Import the demo providers (idempotent by name) and tie the attorney login to the first."""
    with PROVIDERS_CSV.open("rb") as f:
        result = import_providers(org, f)
    provider = Provider.objects.get(organization=org, name=ATTORNEY_PROVIDER)
    user = User.objects.filter(email=ATTORNEY_EMAIL).first()
    if user is not None:
        ProviderAttorney.objects.update_or_create(organization=org, user=user, defaults={"provider": provider})
    return result.created
