"""Load an organization's detention facilities from a CSV file.

    manage.py import_facilities --org SLUG facilities.csv

Columns: name, address, county, phone. Rows with a name already listed update it.
Bad rows are reported by line number; the good ones are imported.
"""

from __future__ import annotations

from typing import IO

from amparo.core.csv_import import ImportResult
from amparo.legal.facilities import import_facilities
from amparo.orgs.management.importing import OrgCsvImportCommand
from amparo.orgs.models import Organization


class Command(OrgCsvImportCommand):
    help = "Create or update an organization's detention facilities from a CSV file (idempotent by name)."
    file_help = "A UTF-8 CSV file: name, address, county, phone."

    def import_file(self, org: Organization, fileobj: IO[bytes]) -> ImportResult:
        return import_facilities(org, fileobj)
