"""State changes of the gazetteer. Each bumps ``Organization.gazetteer_version``
so every process rebuilds its cached matcher (amparo.places.gazetteer)."""

from __future__ import annotations

import csv
import io
import math
from typing import IO, Any, cast

import h3
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from amparo.core.csv_import import ImportResult
from amparo.orgs.models import Organization
from amparo.places.extract import is_zip, normalize_text
from amparo.places.models import Place, PlaceKind

MAX_IMPORT_ROWS = 20_000
_EDITABLE = {"name", "aliases", "lat", "lon", "zip", "kind"}


class PlaceError(ValueError):
    """A place value that cannot be saved; the message is shown to the admin."""


def _bump(org_id: int) -> None:
    Organization.objects.filter(pk=org_id).update(gazetteer_version=F("gazetteer_version") + 1)


def _coordinate(value: Any, label: str, limit: float) -> float:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        raise PlaceError(_("%(label)s “%(value)s” is not a number.") % {"label": label, "value": value})
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise PlaceError(_("%(label)s %(value)s is out of range.") % {"label": label, "value": value})
    return number


def _clean(*, name: Any, aliases: Any, lat: Any, lon: Any, zip: Any, kind: Any) -> dict[str, Any]:
    name = " ".join(str(name or "").split())
    if not name:
        raise PlaceError(_("The name is missing."))
    if len(name) > 200:
        raise PlaceError(_("The name is longer than 200 characters."))
    if isinstance(aliases, str):
        aliases = aliases.split("|")
    alias_list = list(dict.fromkeys(" ".join(str(a).split()) for a in (aliases or [])))
    alias_list = [a for a in alias_list if a and a != name]
    zip_code = str(zip or "").strip()[:10]
    if zip_code:
        zip_code = zip_code.split("-")[0]
        if not is_zip(zip_code):
            raise PlaceError(_("“%(zip)s” is not a US ZIP code.") % {"zip": zip_code})
    kind = str(kind or PlaceKind.OTHER).strip().lower()
    if kind not in PlaceKind.values:
        raise PlaceError(_("Kind “%(kind)s” is not one of: %(kinds)s.")
                         % {"kind": kind, "kinds": ", ".join(PlaceKind.values)})
    return {
        "name": name, "aliases": alias_list, "zip": zip_code, "kind": kind,
        "lat": _coordinate(lat, _("Latitude"), 90), "lon": _coordinate(lon, _("Longitude"), 180),
    }


def _apply(place: Place, values: dict[str, Any]) -> None:
    data = {"name": values["name"], "aliases": values["aliases"], "lat": values["lat"], "lon": values["lon"]}
    place.data = cast(Any, data)  # an EncryptedJSONField holds a dict, not the str its base field declares
    place.kind = values["kind"]
    place.zip = values["zip"]
    place.h3_r8 = str(h3.latlng_to_cell(values["lat"], values["lon"], 8))


@transaction.atomic
def create_place(org: Organization, *, name: str, aliases: list[str] | str, lat: float, lon: float,
                 zip: str = "", kind: str = PlaceKind.OTHER) -> Place:
    values = _clean(name=name, aliases=aliases, lat=lat, lon=lon, zip=zip, kind=kind)
    place = Place(organization=org)
    _apply(place, values)
    place.save()
    _bump(org.pk)
    return place


@transaction.atomic
def update_place(place: Place, **fields: Any) -> Place:
    """Change any of name, aliases, lat, lon, zip, kind."""
    unknown = set(fields) - _EDITABLE
    if unknown:
        raise TypeError(f"update_place() got unexpected fields: {sorted(unknown)}")
    current = {"name": place.name, "aliases": place.aliases, "lat": place.lat, "lon": place.lon,
               "zip": place.zip, "kind": place.kind}
    _apply(place, _clean(**{**current, **fields}))
    place.save(update_fields=["data", "kind", "zip", "h3_r8", "updated_at"])
    _bump(place.organization_id)
    return place


@transaction.atomic
def delete_place(place: Place) -> None:
    org_id = place.organization_id
    place.delete()
    _bump(org_id)


def _text_stream(fileobj: IO[Any]) -> IO[str]:
    raw = fileobj.read()
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8-sig", errors="replace")
    return io.StringIO(raw.lstrip("\ufeff"))


@transaction.atomic
def import_places(org: Organization, fileobj: IO[Any]) -> ImportResult:
    """Create or update places from a CSV (name, aliases, lat, lon, zip, kind).

    Places are matched by name (case and accents ignored), so importing the
    same file again updates instead of duplicating. Bad rows are reported by
    line number and skipped; the good rows are kept.
    """
    result = ImportResult()
    reader = csv.DictReader(_text_stream(fileobj))
    header = {(h or "").strip().lower() for h in (reader.fieldnames or [])}
    missing = [c for c in ("name", "lat", "lon") if c not in header]
    if missing:
        result.errors.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        return result
    existing = {normalize_text(p.name): p for p in Place.objects.filter(organization=org)}
    try:
        for line, row in enumerate(reader, start=2):
            if line - 1 > MAX_IMPORT_ROWS:
                result.errors.append(_("Only the first %(n)d rows were read.") % {"n": MAX_IMPORT_ROWS})
                break
            row = {(k or "").strip().lower(): (v if isinstance(v, str) else "") for k, v in row.items()}
            if not any(v.strip() for v in row.values()):
                continue
            try:
                values = _clean(name=row.get("name"), aliases=row.get("aliases", ""), lat=row.get("lat"),
                                lon=row.get("lon"), zip=row.get("zip", ""), kind=row.get("kind", ""))
            except PlaceError as e:
                result.errors.append(_("Line %(line)d: %(error)s") % {"line": line, "error": e})
                continue
            key = normalize_text(values["name"])
            place = existing.get(key)
            if place is None:
                place = existing[key] = Place(organization=org)
                result.created += 1
            else:
                result.updated += 1
            _apply(place, values)
            place.save()
    except csv.Error as e:
        result.errors.append(_("The file is not a readable CSV: %(error)s") % {"error": e})
    if result.created or result.updated:
        _bump(org.pk)
    return result
