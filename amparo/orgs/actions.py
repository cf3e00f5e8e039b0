"""State changes of organizations."""

from __future__ import annotations

from django.db import transaction

from amparo.crypto.keys import create_org_keys
from amparo.orgs.models import Organization


@transaction.atomic
def create_organization(*, slug: str, name: str, default_language: str = "en",
                        languages: list[str] | None = None, time_zone: str = "America/Los_Angeles",
                        twilio_auth_token: str = "", twilio_account_sid: str = "") -> Organization:
    org = Organization.objects.create(
        slug=slug, name=name, default_language=default_language,
        languages=languages or ["en", "es"], time_zone=time_zone,
        twilio_account_sid=twilio_account_sid,
    )
    create_org_keys(org.pk)
    if twilio_auth_token:
        org.twilio_auth_token = twilio_auth_token
        org.save(update_fields=["twilio_auth_token"])
    return org
