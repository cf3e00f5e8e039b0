"""Create the benchmark's organization and its hotline number.

Run inside Django: ``manage.py shell -c "exec(open('bench/surge/setup_org.py').read())"``
with BENCH_ORG (the slug, default "bench") in the environment.
Idempotent: an existing organization is reused.
"""

import os

from django.conf import settings

from amparo.orgs.actions import create_organization
from amparo.orgs.models import HotlineNumber, Organization

slug = os.environ.get("BENCH_ORG", "bench")
org = Organization.objects.filter(slug=slug).first() or create_organization(
    slug=slug, name="Surge benchmark", languages=["en", "es"], time_zone="America/Los_Angeles",
    twilio_auth_token=settings.TWILIO_AUTH_TOKEN,
)
HotlineNumber.objects.get_or_create(e164="+12135550100", defaults={"organization": org})
print(f"organization {org.slug} (id {org.pk})")
