"""What the incident map shows. Coordinates come from the gazetteer or a ZIP's
centroid only: nothing is geocoded, nothing leaves the server."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from amparo.orgs.models import Organization
from amparo.places.gazetteer import Gazetteer
from amparo.places.understand import zip_centroid


def _point(place_id: int | None, zip_code: str, gazetteer: Gazetteer) -> tuple[float, float, str, bool] | None:
    if place_id:
        info = gazetteer.place(place_id)
        if info is not None:
            return info.lat, info.lon, info.name, False
    if zip_code:
        centre = zip_centroid(zip_code)
        if centre is not None:
            return centre[0], centre[1], _("ZIP %(zip)s (approximate)") % {"zip": zip_code}, True
    return None


def map_markers(incident: Any, reports: list[Any], gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """The incident's place first, then the reports' places that differ from it."""
    markers: list[dict[str, Any]] = []
    seen: set[tuple[float, float]] = set()

    def add(point: tuple[float, float, str, bool] | None, label: str, main: bool) -> None:
        if point is None:
            return
        lat, lon, name, approx = point
        key = (round(lat, 5), round(lon, 5))
        if key in seen:
            return
        seen.add(key)
        markers.append({"lat": lat, "lon": lon, "label": f"{label}: {name}" if label else name,
                        "approx": approx, "main": main})

    add(_point(incident.place_id, incident.zip, gazetteer), incident.ref, True)
    for r in reports:
        add(_point(r.place_id, r.zip, gazetteer), _("Report %(id)s") % {"id": r.ref or r.pk}, False)
    return markers


def map_context(org: Organization, markers: list[dict[str, Any]]) -> dict[str, Any]:
    tile_url = org.map_tile_url.strip()
    if tile_url:
        source = org.map_attribution.strip() or urlsplit(tile_url).hostname or tile_url
    else:
        source = ""
    return {
        "map_markers_json": json.dumps(markers),
        "map_tile_url": tile_url,
        "map_attribution": org.map_attribution if tile_url else "",
        "map_source": source,
    }
