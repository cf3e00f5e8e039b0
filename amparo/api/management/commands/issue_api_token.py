"""Issue an API token to a member of an organization; the token is printed once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from amparo.accounts.models import User
from amparo.api.actions import issue_api_token
from amparo.api.auth import may_read_reports
from amparo.orgs.models import Organization, member_role


class Command(BaseCommand):
    help = "Issue an API token that reads ORG's incidents as USER. The token is shown only once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--user", required=True, help="email of an active admin, dispatcher or legal member")
        parser.add_argument("--name", default="api", help="what the token is for, e.g. 'county dashboard'")

    def handle(self, *args: Any, **opts: Any) -> None:
        org = Organization.objects.filter(slug=opts["org"]).first()
        if org is None:
            raise CommandError(f"No organization with slug {opts['org']!r}")
        user = User.objects.filter(email__iexact=opts["user"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"No active user {opts['user']!r}")
        role = member_role(user, org)
        if not may_read_reports(role):
            raise CommandError(f"{user.email} is not an active member of {org.slug} with a role that may read reports")
        token, raw = issue_api_token(org=org, user=user, name=opts["name"])
        self.stderr.write(f"Token {token.pk} ({token.name}) for {user.email} in {org.slug}. "
                          "Store it now: it cannot be shown again.")
        self.stdout.write(raw)
