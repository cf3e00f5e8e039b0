"""Where a report is, as far as its text and the organization's gazetteer say.

Offline on purpose: a report's text never leaves the server to be geocoded.
Gazetteer coordinates come first, then the centroid of a ZIP in the text.
A corner or an address the gazetteer does not know is kept ("street"
precision) without coordinates, unless a ZIP gives an approximate point.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import h3

from amparo.places.areas import Area, find_area
from amparo.places.extract import PLACE_TEXT_CHARS, Extraction
from amparo.places.gazetteer import EMPTY, Gazetteer, PlaceInfo, PlaceMatch, gazetteer_for
from amparo.places.zips import zip_rows

logger = logging.getLogger(__name__)

# How sure each way of placing a report is; tuned by hand, read by dispatchers as a hint.
CONFIDENCE = {
    "gazetteer-intersection": 0.9,
    "gazetteer-address": 0.85,
    "gazetteer": 0.85,
    "gazetteer-one-word": 0.7,
    "intersection": 0.6,
    "address": 0.6,
    "zip": 0.5,
    "none": 0.0,
}
_METHOD_OF_VIA = {"alias": "gazetteer", "intersection": "gazetteer-intersection", "address": "gazetteer-address"}


@dataclass(frozen=True)
class PlaceUnderstanding:
    place_id: int | None = None
    place_kind: str = ""
    zip: str = ""
    lat: float | None = None
    lon: float | None = None
    precision: str = "none"  # amparo.reports.models.GeoPrecision
    confidence: float = 0.0
    method: str = "none"
    intersections: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()  # "street:block"
    streets: tuple[str, ...] = ()
    spans: tuple[dict[str, Any], ...] = ()
    h3_r8: str = ""
    candidates: tuple[int, ...] = field(default=())  # places tied when the match is ambiguous
    area_zips: tuple[str, ...] = field(default=())  # ZIPs of a town named without a finer place

    def to_json(self) -> dict[str, Any]:
        return {
            "place_id": self.place_id, "place_kind": self.place_kind, "zip": self.zip,
            "lat": self.lat, "lon": self.lon, "precision": self.precision,
            "confidence": self.confidence, "method": self.method,
            "intersections": list(self.intersections), "addresses": list(self.addresses),
            "streets": list(self.streets), "spans": [dict(s) for s in self.spans],
            "h3_r8": self.h3_r8, "candidates": list(self.candidates), "area_zips": list(self.area_zips),
        }


@lru_cache(maxsize=8192)
def zip_centroid(zip_code: str) -> tuple[float, float] | None:
    rows = zip_rows(zip_code)
    try:
        if rows:
            lat, lon = float(rows[0]["lat"]), float(rows[0]["long"])
            if math.isfinite(lat) and math.isfinite(lon):
                return lat, lon
    except (ValueError, TypeError, KeyError):
        pass
    return None


def h3_cell(lat: float | None, lon: float | None) -> str:
    if lat is None or lon is None:
        return ""
    try:
        return str(h3.latlng_to_cell(lat, lon, 8))
    except (ValueError, h3.H3BaseException):
        return ""


def _from_place(info: PlaceInfo, match: PlaceMatch, ex: Extraction) -> dict[str, Any]:
    method = _METHOD_OF_VIA.get(match.via, "gazetteer")
    one_word = method == "gazetteer" and match.score < 2
    return {
        "place_id": info.id, "place_kind": info.kind, "zip": info.zip or (ex.zips[0] if ex.zips else ""),
        "lat": info.lat, "lon": info.lon, "precision": "place", "method": method,
        "confidence": CONFIDENCE["gazetteer-one-word" if one_word else method],
    }


def _without_place(ex: Extraction) -> dict[str, Any]:
    zip_code = ex.zips[0] if ex.zips else ""
    point = zip_centroid(zip_code) if zip_code else None
    lat, lon = point if point else (None, None)
    if ex.intersections or ex.addresses:
        method = "intersection" if ex.intersections else "address"
        # A ZIP that agrees with the corner makes it likelier to be the right one.
        confidence = CONFIDENCE[method] + (0.05 if point else 0.0)
        return {"zip": zip_code, "lat": lat, "lon": lon, "precision": "street",
                "method": method, "confidence": confidence}
    if point:
        confidence = CONFIDENCE["zip"] if len(ex.zips) == 1 else CONFIDENCE["zip"] - 0.2
        return {"zip": zip_code, "lat": lat, "lon": lon, "precision": "zip",
                "method": "zip", "confidence": confidence}
    return {"zip": zip_code}


def _from_area(area: Area) -> dict[str, Any]:
    """A town or neighbourhood: one ZIP is a ZIP-level place; several are only
    candidates (``area_zips``) that correlation may use to join an incident."""
    if len(area.zips) == 1:
        point = zip_centroid(area.zips[0])
        if point:
            return {"zip": area.zips[0], "lat": point[0], "lon": point[1], "precision": "zip",
                    "method": "area", "confidence": CONFIDENCE["zip"] - 0.1}
    return {"method": "area", "confidence": 0.3, "area_zips": area.zips}


def understand(org: Any, text: str) -> PlaceUnderstanding:
    """Where ``text`` (a report) says the event is. Never raises on any text."""
    if not isinstance(text, str):
        text = ""
    text = text[:PLACE_TEXT_CHARS]
    gaz: Gazetteer
    try:
        gaz = gazetteer_for(org)
    except Exception:  # a place we cannot read must not lose a report; fall back to the text alone
        logger.exception("gazetteer unavailable for organization %s", getattr(org, "pk", None))
        gaz = EMPTY
    ex = gaz.extract(text)
    matches = gaz.match(text, ex)
    values: dict[str, Any]
    candidates: tuple[int, ...] = ()
    info = gaz.place(matches[0].place_id) if len(matches) == 1 else None
    if info is not None:
        values = _from_place(info, matches[0], ex)
    else:
        values = _without_place(ex)
        if len(matches) > 1:
            candidates = tuple(m.place_id for m in matches)
            values["confidence"] = values.get("confidence", 0.0) * 0.8
        elif "precision" not in values and not ex.streets:
            area = find_area(text, gaz.states)
            if area is not None:
                values = _from_area(area)
    spans: list[dict[str, Any]] = [{"start": s.start, "end": s.end, "kind": s.kind} for s in ex.spans]
    spans += [{"start": m.span[0], "end": m.span[1], "kind": "place"} for m in matches]
    spans.sort(key=lambda s: (s["start"], -s["end"]))
    return PlaceUnderstanding(
        **values,
        intersections=tuple(i.key for i in ex.intersections),
        addresses=tuple(f"{a.street}:{a.number // 100}" for a in ex.addresses),
        streets=tuple(ex.streets),
        spans=tuple(spans),
        h3_r8=h3_cell(values.get("lat"), values.get("lon")),
        candidates=candidates,
    )
