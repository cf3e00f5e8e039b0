"""manage.py rotate_keys [--org SLUG] [--drop-old]: new data keys, everything re-encrypted."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from amparo.crypto.rotation import rewrap_all, rotate_org_keys
from amparo.orgs.models import Organization


class Command(BaseCommand):
    help = ("Give each organization a new data key, re-encrypt all its encrypted fields and files with it, "
            "and re-wrap every key with the newest master key. Old data keys are deleted only with --drop-old.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--org", help="only this organization (slug)")
        parser.add_argument("--drop-old", action="store_true", help="delete the old data keys after re-encrypting")

    def handle(self, *args: Any, **options: Any) -> None:
        orgs = Organization.objects.all()
        if options["org"]:
            orgs = orgs.filter(slug=options["org"])
            if not orgs.exists():
                raise CommandError(f"no organization {options['org']!r}")
        rewrapped = rewrap_all()
        for org in orgs.order_by("pk"):
            n = rotate_org_keys(org.pk, drop_old=options["drop_old"])
            self.stdout.write(f"{org.slug}: new data key, {n} values and files re-encrypted"
                              + ("; old data keys deleted" if options["drop_old"] else ""))
        self.stdout.write(f"{rewrapped} keys re-wrapped with the newest master key")
