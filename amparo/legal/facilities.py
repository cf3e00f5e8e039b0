"""The facilities table: detention facilities an admin loads from a CSV (name, address, county, phone).

Public information, so not encrypted. Matched by name (case and spacing ignored):
importing the same file again updates instead of duplicating. Bad rows are
reported by line number and skipped; the good rows are kept.
"""

from __future__ import annotations

from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from amparo.audit.log import audit
from amparo.core.csv_import import ImportResult, RowError, import_csv
from amparo.core.numbers import normalize_number
from amparo.legal.models import Facility

__all__ = ["import_facilities", "ImportResult"]

LIMITS = {"name": 200, "address": 300, "county": 100, "phone": 30}


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _check(row: dict[str, str]) -> None:
    if not row.get("name", "").strip():
        raise RowError(_("the name is empty"))
    for column, limit in LIMITS.items():
        if len(row.get(column, "").strip()) > limit:
            raise RowError(_("the %(column)s is longer than %(n)d characters") % {"column": column, "n": limit})
    phone = row.get("phone", "").strip()
    if phone and not normalize_number(phone).startswith("+"):
        raise RowError(_("the phone number “%(phone)s” cannot be read") % {"phone": phone[:40]})


@transaction.atomic
def import_facilities(org: Any, fileobj: IO[Any], *, by: Any = None) -> ImportResult:
    existing = {_key(f.name): f for f in Facility.objects.filter(organization=org)}

    def import_row(row: dict[str, str]) -> bool:
        _check(row)
        name = " ".join(row["name"].split())
        phone = row.get("phone", "").strip()
        facility = existing.get(_key(name))
        created = facility is None
        if facility is None:
            facility = existing[_key(name)] = Facility(organization=org)
        facility.name, facility.address = name, row.get("address", "").strip()
        facility.county, facility.phone = row.get("county", "").strip(), normalize_number(phone) if phone else ""
        facility.save()
        return created

    result = import_csv(fileobj, import_row)
    if result.created or result.updated:
        audit(org.pk, action="change", object_type="facilities", object_ids=[org.pk], actor=by,
              reason=f"import: {result.created} created, {result.updated} updated")
    return result
