"""Create a network (organization) from the command line, with its keys and hotline number.

The first admin is invited with the printed link; Django's admin cannot create
organizations because each needs its keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from amparo.accounts.actions import invitation_url, invite_member
from amparo.core.numbers import normalize_number
from amparo.orgs.actions import add_hotline_number, create_organization
from amparo.orgs.models import HotlineNumber, Organization


class Command(BaseCommand):
    help = "Create an organization with its keys, a hotline number and (optionally) an invited admin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--number", required=True, help="the hotline number, E.164 (e.g. +12135550100)")
        parser.add_argument("--languages", default="en,es", help="codes in the order callers are offered them")
        parser.add_argument("--time-zone", default="America/Los_Angeles")
        parser.add_argument("--twilio-account-sid", default="")
        parser.add_argument("--twilio-auth-token-file", help="file holding the Twilio auth token (never on the command line)")
        parser.add_argument("--admin-email", help="invite this person as the organization's first admin")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["slug"]
        if Organization.objects.filter(slug=slug).exists():
            raise CommandError(f"An organization {slug!r} exists already.")
        languages = [c.strip() for c in options["languages"].split(",") if c.strip()]
        known = {code for code, _ in settings.LANGUAGES}
        if not languages or set(languages) - known:
            raise CommandError(f"--languages must be among {sorted(known)}")
        try:
            ZoneInfo(options["time_zone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise CommandError(f"Unknown time zone {options['time_zone']!r}")
        number = normalize_number(options["number"])
        if not number.startswith("+") or HotlineNumber.objects.filter(e164=number).exists():
            raise CommandError(f"{options['number']!r} is not a valid E.164 number, or belongs to another organization")
        token = ""
        if options["twilio_auth_token_file"]:
            try:
                token = Path(options["twilio_auth_token_file"]).read_text().strip()
            except OSError as exc:
                raise CommandError(f"cannot read the auth token file: {exc}")
        with transaction.atomic():
            org = create_organization(slug=slug, name=options["name"], default_language=languages[0],
                                      languages=languages, time_zone=options["time_zone"],
                                      twilio_auth_token=token, twilio_account_sid=options["twilio_account_sid"])
            add_hotline_number(org, e164=number, sms=True, voice=True, actor=None, actor_label="create_org")
        self.stdout.write(f"Created organization {org.slug} ({org.name}) with hotline {number}.")
        if options["admin_email"]:
            _invitation, raw = invite_member(org, email=options["admin_email"], role="admin", invited_by=None)
            self.stdout.write(f"Invitation for {options['admin_email']} (shown once): {invitation_url(raw)}")
