"""Import an organization's gazetteer from a CSV file.

    manage.py import_places --org SLUG places.csv

Columns: name, aliases (separated by "|"), lat, lon, zip, kind (optional).
"""

from __future__ import annotations

from typing import IO

from amparo.core.csv_import import ImportResult
from amparo.orgs.management.importing import OrgCsvImportCommand
from amparo.orgs.models import Organization
from amparo.places.actions import import_places


class Command(OrgCsvImportCommand):
    help = "Create or update an organization's places from a CSV file (idempotent by name)."
    file_help = "A UTF-8 CSV file: name, aliases, lat, lon, zip, kind."

    def import_file(self, org: Organization, fileobj: IO[bytes]) -> ImportResult:
        return import_places(org, fileobj)
