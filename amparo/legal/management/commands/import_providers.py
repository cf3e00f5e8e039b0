"""Import an organization's legal aid providers from a CSV file.

    manage.py import_providers --org SLUG providers.csv

Columns: name, counties, languages, case_types, capacity, phone, email (lists inside a cell
separated by "|"). A provider whose name is listed already is updated. Bad rows are reported
by line number and skipped; the good ones are imported. Exits non-zero when nothing was.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from amparo.legal.providers import import_providers
from amparo.orgs.models import Organization


class Command(BaseCommand):
    help = "Create or update an organization's legal aid providers from a CSV file (idempotent by name)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="The organization's slug.")
        parser.add_argument("file", help="A UTF-8 CSV file.")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organization.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(_("No organization with slug “%(slug)s”.") % {"slug": options["org"]})
        try:
            with open(options["file"], "rb") as f:
                result = import_providers(org, f)
        except OSError as e:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": options["file"], "error": e.strerror or e})
        self.stdout.write(_("created: %(created)d, updated: %(updated)d, errors: %(errors)d") % {
            "created": result.created, "updated": result.updated, "errors": len(result.errors)})
        for error in result.errors:
            self.stderr.write(error)
        if result.errors and not (result.created or result.updated):
            raise CommandError(_("Nothing was imported."))
