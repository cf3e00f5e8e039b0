"""Revoke an API token by its id (as printed by issue_api_token)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from amparo.api.actions import revoke_api_token
from amparo.api.models import ApiToken


class Command(BaseCommand):
    help = "Revoke an API token of ORG at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("token_id", type=int)

    def handle(self, *args: Any, **opts: Any) -> None:
        token = ApiToken.objects.filter(pk=opts["token_id"], organization__slug=opts["org"]).first()
        if token is None:
            raise CommandError(f"No token {opts['token_id']} in {opts['org']!r}")
        if revoke_api_token(token):
            self.stdout.write(f"Revoked token {token.pk} ({token.name}).")
        else:
            self.stdout.write(f"Token {token.pk} was already revoked.")
