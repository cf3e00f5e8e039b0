"""Import an organization's legal aid providers from a CSV file.

    manage.py import_providers --org SLUG providers.csv

Columns: name, counties, languages, case_types, capacity, phone, email (lists inside a cell
separated by "|"). A provider whose name is listed already is updated. Bad rows are reported
by line number and skipped; the good ones are imported. Exits non-zero when nothing was.
"""

from __future__ import annotations

from typing import IO

from amparo.core.csv_import import ImportResult
from amparo.legal.providers import import_providers
from amparo.orgs.management.importing import OrgCsvImportCommand
from amparo.orgs.models import Organization


class Command(OrgCsvImportCommand):
    help = "Create or update an organization's legal aid providers from a CSV file (idempotent by name)."
    file_help = "A UTF-8 CSV file: name, counties, languages, case_types, capacity, phone, email."

    def import_file(self, org: Organization, fileobj: IO[bytes]) -> ImportResult:
        return import_providers(org, fileobj)
