"""manage.py delete_org_keys --org SLUG --yes: crypto-shredding. Irreversible."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from amparo.audit.log import audit
from amparo.crypto.rotation import delete_org_keys
from amparo.orgs.models import Organization


class Command(BaseCommand):
    help = ("Delete an organization's keys: its remaining ciphertext (rows, files, backups) becomes unreadable "
            "for good. Pages then show [unreadable].")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organization.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"no organization {options['org']!r}")
        if not options["yes"]:
            raise CommandError("this destroys the keys for good; run again with --yes")
        n = delete_org_keys(org.pk)
        audit(org.pk, action="delete", object_type="org_keys", object_ids=[org.pk], actor_label="delete_org_keys")
        self.stdout.write(f"{org.slug}: {n} keys deleted; its encrypted data is now unreadable")
