"""Who to offer an incident to: a pure ranking over plain data, and its DB loader.

Eligible: active, field-eligible, passing every dispatch check registered in
``eligibility.py`` (a valid field certification), available now (on call or in
their weekly schedule), not already assigned to an active dispatch. Order: responders
*near* the incident first (a home zone contains its ZIP or H3 cell, or a zone
centroid within NEAR_KM), then those who speak a language the reports were
written in, then by distance. Nearness comes before language because a fast
observer who can see what is happening matters more than one who can talk to
witnesses; among the near, language decides.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import h3

from amparo.incidents.models import Incident
from amparo.orgs.models import Organization
from amparo.places.understand import zip_centroid
from amparo.reports.models import Report
from amparo.verification.eligibility import refusals
from amparo.verification.models import ACTIVE_DISPATCH, ASSIGNED, Offer, Responder
from amparo.voice.duty import in_schedule

NEAR_KM = 5.0

Point = tuple[float, float]


@dataclass(frozen=True)
class Candidate:
    responder_id: int
    active: bool = True
    field_eligible: bool = True
    certified: bool = True  # every registered dispatch check passes (eligibility.py)
    available: bool = True
    busy: bool = False  # accepted or on scene on an active dispatch
    languages: frozenset[str] = frozenset()
    zips: frozenset[str] = frozenset()
    cells: frozenset[str] = frozenset()
    points: tuple[Point, ...] = ()  # centroids of their zones' ZIPs and cells


@dataclass(frozen=True)
class Need:
    zip: str = ""
    h3_r8: str = ""
    point: Point | None = None
    languages: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Suggestion:
    responder_id: int
    same_zone: bool
    near: bool
    speaks: bool
    distance_km: float | None = field(default=None)


def haversine_km(a: Point, b: Point) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def cell_point(cell: str) -> Point | None:
    try:
        lat, lon = h3.cell_to_latlng(cell)
    except (ValueError, TypeError, h3.H3BaseException):
        return None
    return float(lat), float(lon)


def need_point(zip_code: str, h3_r8: str) -> Point | None:
    return (cell_point(h3_r8) if h3_r8 else None) or (zip_centroid(zip_code) if zip_code else None)


def in_cells(h3_r8: str, cells: frozenset[str]) -> bool:
    """Whether an incident's resolution-8 cell lies in one of the zone's cells (any resolution <= 8)."""
    if not h3_r8 or not cells:
        return False
    if h3_r8 in cells:
        return True
    for cell in cells:
        try:
            res = h3.get_resolution(cell)
            if res < 8 and h3.cell_to_parent(h3_r8, res) == cell:
                return True
        except (ValueError, TypeError, h3.H3BaseException):
            continue
    return False


def rank(need: Need, candidates: Iterable[Candidate], *, exclude: Iterable[int] = ()) -> list[Suggestion]:
    excluded = set(exclude)
    out: list[Suggestion] = []
    for c in candidates:
        if not (c.active and c.field_eligible and c.certified and c.available) or c.busy or c.responder_id in excluded:
            continue
        same_zone = bool(need.zip and need.zip in c.zips) or in_cells(need.h3_r8, c.cells)
        distance = None
        if need.point is not None and c.points:
            distance = min(haversine_km(need.point, p) for p in c.points)
        near = same_zone or (distance is not None and distance <= NEAR_KM)
        speaks = not need.languages or bool(need.languages & c.languages)
        out.append(Suggestion(c.responder_id, same_zone, near, speaks, distance))
    out.sort(key=lambda s: (not s.near, not s.speaks, not s.same_zone,
                            s.distance_km if s.distance_km is not None else math.inf, s.responder_id))
    return out


# --- loading from the database --------------------------------------------------

def load_candidates(org: Organization, now: datetime) -> list[Candidate]:
    """Every active responder of ``org`` as a Candidate (three queries, and the
    registered dispatch checks' few: bounded whatever the roster's size)."""
    busy = set(Offer.objects.filter(organization=org, status__in=ASSIGNED, dispatch__status__in=ACTIVE_DISPATCH)
               .values_list("responder_id", flat=True))
    out = []
    roster = list(Responder.objects.filter(organization=org, is_active=True).prefetch_related("zones"))
    # Only those the roster clears are asked about: the checks never see the rest.
    refused = refusals(org.pk, [r.pk for r in roster if r.field_eligible], now)
    for r in roster:
        zips = frozenset(z for zone in r.zones.all() for z in (zone.zips or []))
        cells = frozenset(c for zone in r.zones.all() for c in (zone.h3_cells or []))
        points = [zip_centroid(z) for z in sorted(zips)] + [cell_point(c) for c in sorted(cells)]
        out.append(Candidate(
            responder_id=r.pk, active=r.is_active, field_eligible=r.field_eligible, certified=r.pk not in refused,
            available=r.on_call or in_schedule(r.schedule or [], org, now), busy=r.pk in busy,
            languages=frozenset(r.languages or [org.default_language]), zips=zips, cells=cells,
            points=tuple(p for p in points if p is not None),
        ))
    return out


def incident_need(incident: Incident) -> Need:
    """Where the incident is and which languages its reports were written in."""
    langs = frozenset(code for code in Report.objects.filter(incident=incident).exclude(language="")
                      .values_list("language", flat=True).distinct() if code)
    return Need(zip=incident.zip, h3_r8=incident.h3_r8, point=need_point(incident.zip, incident.h3_r8),
                languages=langs)
