"""The shape of every ``manage.py import_* --org SLUG FILE.csv`` command.

A command names its help and calls its domain's import (which reads the file with
``amparo.core.csv_import``). This prints what was created and updated, each bad row
on stderr by line number, and exits non-zero only when nothing was imported.
"""

from __future__ import annotations

from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from amparo.core.csv_import import ImportResult
from amparo.orgs.models import Organization


class OrgCsvImportCommand(BaseCommand):
    file_help = "A UTF-8 CSV file."

    def import_file(self, org: Organization, fileobj: IO[bytes]) -> ImportResult:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="The organization's slug.")
        parser.add_argument("file", help=self.file_help)

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organization.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(_("No organization with slug “%(slug)s”.") % {"slug": options["org"]})
        try:
            with open(options["file"], "rb") as f:
                result = self.import_file(org, f)
        except OSError as e:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": options["file"], "error": e.strerror or e})
        self.stdout.write(_("created: %(created)d, updated: %(updated)d, errors: %(errors)d") % {
            "created": result.created, "updated": result.updated, "errors": len(result.errors)})
        for error in result.errors:
            self.stderr.write(error)
        if result.errors and not (result.created or result.updated):
            raise CommandError(_("Nothing was imported."))
