"""manage.py purge --org SLUG [--dry-run]: run (or preview) an organization's retention purge."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from amparo.orgs.models import Organization
from amparo.retention.actions import plan_purge, purge_org, retention_for


class Command(BaseCommand):
    help = "Remove caller numbers, words and media of incidents closed longer than the retention period."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--dry-run", action="store_true", help="tell what would be removed, remove nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organization.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"no organization {options['org']!r}")
        policy = retention_for(org)
        plan = plan_purge(org) if options["dry_run"] else purge_org(org)
        verb = "would purge" if options["dry_run"] else "purged"
        self.stdout.write(f"{org.slug}: {policy.mode} after {policy.days} days; {verb} {len(plan.incidents)} "
                          f"incidents, {plan.reports} reports, {plan.media} media files; "
                          f"{len(plan.held)} held by a legal hold")
        if plan.incidents:
            self.stdout.write("incidents: " + " ".join(f"#{i}" for i in plan.incidents))
