"""The facilities table: detention facilities an admin loads from a CSV (name, address, county, phone).

Public information, so not encrypted. Matched by name (case and spacing ignored):
importing the same file again updates instead of duplicating. Bad rows are
reported by line number and skipped; the good rows are kept.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from amparo.audit.log import audit
from amparo.core.numbers import normalize_number
from amparo.legal.models import Facility

MAX_ROWS = 5_000
LIMITS = {"name": 200, "address": 300, "county": 100, "phone": 30}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _row_error(row: dict[str, str]) -> str | None:
    if not row.get("name", "").strip():
        return _("the name is empty")
    for column, limit in LIMITS.items():
        if len(row.get(column, "").strip()) > limit:
            return _("the %(column)s is longer than %(n)d characters") % {"column": column, "n": limit}
    phone = row.get("phone", "").strip()
    if phone and not normalize_number(phone).startswith("+"):
        return _("the phone number “%(phone)s” cannot be read") % {"phone": phone[:40]}
    return None


@transaction.atomic
def import_facilities(org: Any, fileobj: IO[Any], *, by: Any = None) -> ImportResult:
    result = ImportResult()
    raw = fileobj.read()
    text = raw.decode("utf-8-sig", errors="replace") if isinstance(raw, bytes) else raw
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = {(h or "").strip().lower() for h in (reader.fieldnames or [])}
    if "name" not in header:
        result.errors.append(_("Missing columns: %(columns)s.") % {"columns": "name"})
        return result
    existing = {_key(f.name): f for f in Facility.objects.filter(organization=org)}
    try:
        for line, row in enumerate(reader, start=2):
            if line - 1 > MAX_ROWS:
                result.errors.append(_("Only the first %(n)d rows were read.") % {"n": MAX_ROWS})
                break
            row = {(k or "").strip().lower(): (v if isinstance(v, str) else "") for k, v in row.items()}
            if not any(v.strip() for v in row.values()):
                continue
            error = _row_error(row)
            if error:
                result.errors.append(_("Line %(line)d: %(error)s") % {"line": line, "error": error})
                continue
            name = " ".join(row["name"].split())
            phone = row.get("phone", "").strip()
            facility = existing.get(_key(name))
            if facility is None:
                facility = existing[_key(name)] = Facility(organization=org)
                result.created += 1
            else:
                result.updated += 1
            facility.name, facility.address = name, row.get("address", "").strip()
            facility.county, facility.phone = row.get("county", "").strip(), normalize_number(phone) if phone else ""
            facility.save()
    except csv.Error as e:
        result.errors.append(_("The file is not a readable CSV: %(error)s") % {"error": e})
    if result.created or result.updated:
        audit(org.pk, action="change", object_type="facilities", object_ids=[org.pk], actor=by,
              reason=f"import: {result.created} created, {result.updated} updated")
    return result
