"""Correlation: which incident a new report is about.

Runs in the intake worker's transaction, under the organization's intake lock,
one report at a time in arrival order (amparo/intake/processing.py), moments
after the webhook stored and acknowledged the report. Everything it compares is a keyed hash (place ids,
intersections, address blocks, streets, ZIPs, H3 cells), looked up through
``IncidentKey`` rows with a recent ``last_seen``: the cost per report depends
on how many incidents are active, never on the size of the history.

The decision, in order (documented in docs/correlation.md):
1. Floods. The same long text from ``flood_text_numbers`` numbers within
   ``flood_text_minutes``, or ``flood_caller_messages`` new reports from one
   number within ``flood_caller_minutes``, go to one flood group flagged for
   review; reports of the flood already filed elsewhere move there too.
2. No place at all (not even a street name), or a rumor (hearsay, a question, a chain
   letter, a warning about tomorrow: ``amparo.incidents.rumor``) that no open incident
   at its place takes (step 3's rules): the one open incident at any of the
   places an ambiguous name could mean ("el home depot") or in the ZIPs of a town
   named alone ("en van nuys"), else the organization's
   open "vague" lane (one per stretch of activity; it closes after
   ``vague_idle_hours`` without a report).
3. An open incident within ``correlation_window_minutes`` that shares a strong
   key (same known place, intersection or address block), else one whose known
   place lies within ``correlation_distance_m``, else (street or ZIP-level
   reports only) one on the same street, else one in the same ZIP. Two precise
   places that are neither the same nor near are different events. A report
   that shares strong keys with several open incidents bridges them: they merge.
4. Otherwise a new incident.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import h3
from django.db import connection
from django.db.models import Q

from amparo.incidents import actions
from amparo.incidents.keys import hash_key, hashed, keys_for_report
from amparo.incidents.models import OPEN_STATUSES, Incident, IncidentKey, Kind, Status
from amparo.incidents.rumor import mood
from amparo.orgs.models import Organization
from amparo.places.gazetteer import Gazetteer, gazetteer_for
from amparo.reports.models import Report, Route

STRONG_KINDS = frozenset({"place", "cross", "addr"})
H3_EDGE_M = 461.0  # average edge of a resolution-8 cell


@dataclass
class _Side:
    strong: set[str] = field(default_factory=set)
    streets: set[str] = field(default_factory=set)
    zips: set[str] = field(default_factory=set)
    on: set[str] = field(default_factory=set)  # streets a corner, address or known place is on
    point: tuple[float, float] | None = None
    # The streets the gazetteer has the incident's place on, without those its reports added
    # (a grid corner of "4555 S Western" is no street the store is known on).
    place_on: set[str] = field(default_factory=set)

    @property
    def known_on(self) -> set[str]:
        return self.place_on or self.on

    @property
    def precise(self) -> bool:
        return bool(self.strong) or self.point is not None


def _side(keys: list[tuple[str, str]], point: tuple[float, float] | None) -> _Side:
    side = _Side(point=point)
    for kind, key in keys:
        if kind in STRONG_KINDS:
            side.strong.add(key)
        elif kind == "street":
            side.streets.add(key)
        elif kind == "zip":
            side.zips.add(key)
        elif kind == "on":
            side.on.add(key)
    return side


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371000 * math.asin(math.sqrt(min(1.0, h)))


def score(report: _Side, cand: _Side, max_distance_m: float) -> int:
    """How strongly a report belongs to a candidate incident (0: not at all)."""
    if report.strong & cand.strong:
        return 4
    if report.point and cand.point and distance_m(report.point, cand.point) <= max_distance_m:
        return 3
    if (_corner_at_place(report, cand) or _corner_at_place(cand, report)
            or _street_at_place(report, cand) or _street_at_place(cand, report)):
        return 2
    if report.precise and cand.precise:
        return 0
    shared_streets = report.streets & cand.streets
    if shared_streets:
        same_zip = bool(report.zips & cand.zips)
        unknown_zip = not report.zips or not cand.zips
        if report.precise or cand.precise:
            # One street in common with a precise place: streets run for miles,
            # so it takes the same ZIP, or two streets (a corner), to be sure.
            if same_zip or len(shared_streets) >= 2:
                return 2
        elif same_zip or unknown_zip:
            return 2
    if report.zips & cand.zips:
        return 1
    return 0


def _corner_at_place(corner: _Side, place: _Side) -> bool:
    """A corner or address the gazetteer does not know ("bellaire y gessner"), on the one street a
    known place is on ("Home Depot Gessner"): the place is at or beside it. Not when the place is
    known on a street the corner does not name: the Fiesta at Bellaire and Hillcroft is not at
    "Bellaire and Fondren", and "47th and Ashland" is not the store at "63rd and Ashland"."""
    if corner.point is not None or not corner.strong or place.point is None:
        return False
    return bool(corner.on & place.known_on) and not (place.known_on - corner.on)


def _street_at_place(street: _Side, place: _Side) -> bool:
    """A street named alone ("the courthouse on dearborn", "ICE on gessner") and a known place that
    the gazetteer has on that street and no other ("219 S Dearborn St"): the place is the one meant,
    as a corner is in ``_corner_at_place``. Not a place known on two streets (a store at a corner is
    not every store on one of its streets), nor one in another ZIP than the report names."""
    if street.strong or street.point is not None or not street.on or place.point is None or not place.known_on:
        return False
    if street.zips and place.zips and not street.zips & place.zips:
        return False
    return not (place.known_on - street.on)


def place_street_keys(org_id: int, gaz: Gazetteer, place_id: int | None) -> list[tuple[str, str]]:
    """The streets a known place is on, as keys: a corner on one of them finds its incident."""
    return hashed(org_id, [("on", f"o:{s}") for s in sorted(gaz.streets_of(place_id))])


def _with_place(side: _Side, org_id: int, gaz: Gazetteer, place_id: int | None) -> _Side:
    side.place_on = {k for _, k in place_street_keys(org_id, gaz, place_id)} if place_id else set()
    return side


def _point_of_place(gaz: Gazetteer, place_id: int | None) -> tuple[float, float] | None:
    info = gaz.place(place_id) if place_id else None
    if info is None or info.lat is None:
        return None
    return (info.lat, info.lon)


def _lookup_hashes(org: Organization, keys: list[tuple[str, str]], point: tuple[float, float] | None) -> list[str]:
    hashes = [k for kind, k in keys if kind != "h3"]
    if point is not None:
        rings = max(1, math.ceil(org.correlation_distance_m / H3_EDGE_M))
        cell = h3.latlng_to_cell(point[0], point[1], 8)
        hashes += [hash_key(org.pk, f"h:{c}") for c in h3.grid_disk(cell, rings)]
    return hashes


def find_incident(org: Organization, gaz: Gazetteer, report: Any, keys: list[tuple[str, str]]) -> Incident | None:
    """The open incident this placed report is about, or None."""
    t = report.received_at
    window = timedelta(minutes=org.correlation_window_minutes)
    point = _point_of_place(gaz, report.place_id) if report.geo_precision == "place" else None
    lookup = _lookup_hashes(org, keys, point)
    if not lookup:
        return None
    candidate_ids = set(
        IncidentKey.objects.filter(organization=org, key__in=lookup, last_seen__gte=t - window,
                                   last_seen__lte=t + window).values_list("incident_id", flat=True)
    )
    if not candidate_ids:
        return None
    candidates = list(
        Incident.objects.filter(pk__in=candidate_ids, organization=org, kind=Kind.EVENT, status__in=OPEN_STATUSES,
                                first_report_at__lte=t + window, last_report_at__gte=t - window)
    )
    if not candidates:
        return None
    cand_keys: dict[int, list[tuple[str, str]]] = {c.pk: [] for c in candidates}
    for inc_id, kind, key in IncidentKey.objects.filter(incident__in=candidates).values_list("incident_id", "kind", "key"):
        cand_keys[inc_id].append((kind, key))
    me = _with_place(_side(keys, point), org.pk, gaz, report.place_id if point else None)
    scored = []
    for c in candidates:
        cand = _with_place(_side(cand_keys[c.pk], _point_of_place(gaz, c.place_id)), org.pk, gaz, c.place_id)
        s = score(me, cand, org.correlation_distance_m)
        if s:
            scored.append((s, c))
    if not scored:
        return None
    best = max(s for s, _ in scored)
    top = [c for s, c in scored if s == best]
    if best == 4 and len(top) > 1:
        top = [_bridge(org, gaz, top)]
    if best == 1 and len(top) > 1:
        # Only a ZIP in common with several incidents: ambiguous. A ZIP-level
        # incident is the place for it; never guess between precise ones.
        zip_level = [c for c in top if c.geo_precision in ("zip", "none")]
        if not zip_level:
            return None
        top = zip_level
    return max(top, key=lambda c: (c.last_report_at, c.pk))


def _bridge(org: Organization, gaz: Gazetteer, incidents: list[Incident]) -> Incident:
    """A report that names what two open incidents are keyed by ("the Home Depot at
    Sunset and Western") shows they are one event: merge them, unless a dispatcher
    already acts on one, or both are known places farther apart than the distance."""
    incidents = sorted(incidents, key=lambda c: (c.first_report_at, c.pk))
    target, rest = incidents[0], []
    for other in incidents[1:]:
        a, b = _point_of_place(gaz, target.place_id), _point_of_place(gaz, other.place_id)
        far = a is not None and b is not None and distance_m(a, b) > org.correlation_distance_m
        untouched = other.status == Status.REPORTED and target.status in (Status.REPORTED, Status.VERIFYING)
        if untouched and not far:
            rest.append(other)
    if rest:
        actions.merge_incidents(target, rest, by="intake")
    return target


def join_ambiguous(org: Organization, report: Any, candidates: list[int], prefix: str = "p") -> Incident | None:
    """A place named ambiguously ("el home depot", a chain with several stores; or a
    town with several ZIPs, prefix "z") joins the one open incident at any of those
    places, if there is exactly one."""
    if not candidates:
        return None
    t = report.received_at
    window = timedelta(minutes=org.correlation_window_minutes)
    keys = [hash_key(org.pk, f"{prefix}:{c}") for c in candidates]
    ids = set(
        IncidentKey.objects.filter(organization=org, key__in=keys, last_seen__gte=t - window,
                                   last_seen__lte=t + window).values_list("incident_id", flat=True)
    )
    found = list(Incident.objects.filter(pk__in=ids, kind=Kind.EVENT, status__in=OPEN_STATUSES)[:2])
    return found[0] if len(found) == 1 else None


def vague_lane(org: Organization, t: Any) -> Incident:
    idle = timedelta(hours=org.vague_idle_hours)
    lane = (
        Incident.objects.filter(organization=org, kind=Kind.VAGUE, status__in=OPEN_STATUSES,
                                last_report_at__gte=t - idle, first_report_at__lte=t + idle)
        .order_by("-last_report_at")
        .first()
    )
    return lane or actions.open_incident(org.pk, kind=Kind.VAGUE, at=t)


def _flood_checks(org: Organization, report: Any) -> list[tuple[str, Any, Any, Any, Any]]:
    """(flood key, since, group since, same reports, crossed) for each kind of flood the report can be in."""
    t = report.received_at
    checks: list[tuple[str, Any, Any, Any, Any]] = []
    if report.text_fingerprint:
        since = t - timedelta(minutes=org.flood_text_minutes)
        checks.append(("text:" + report.text_fingerprint[:32], since, since,
                       Report.objects.filter(organization=org, text_fingerprint=report.text_fingerprint),
                       lambda prior: len({r.caller_hash or r.pk for r in prior} | {report.caller_hash or report.pk})
                       >= org.flood_text_numbers))
    if report.caller_hash:
        since = t - timedelta(minutes=org.flood_caller_minutes)
        # A number that flooded the hotline stays in its flood group for ``flood_hold_minutes``
        # ("ICE ICE ICE the arch" after 30 places in 10 minutes); bounded, so a volunteer who once
        # texted fast is heard again. Only a number's own flood holds it: forwarding a chain letter
        # once is no reason to doubt its next report.
        held = t - timedelta(minutes=max(org.flood_caller_minutes, org.flood_hold_minutes))
        checks.append(("caller:" + report.caller_hash[:32], since, held,
                       Report.objects.filter(organization=org, caller_hash=report.caller_hash, route=Route.REPORT),
                       lambda prior: len(prior) + 1 >= org.flood_caller_messages))
    return checks


def _open_flood_group(org: Organization, key: str, group_since: Any) -> Incident | None:
    return (
        Incident.objects.filter(organization=org, kind=Kind.FLOOD, flood_key=key, status__in=OPEN_STATUSES,
                                last_report_at__gte=group_since)
        .order_by("-last_report_at")
        .first()
    )


def _prior(same: Any, report: Any, since: Any) -> Any:
    # Only reports stored before this one: the worker correlates in arrival order while later
    # reports already wait, and must decide as if they had not arrived yet.
    prior = same.filter(received_at__gte=since, received_at__lte=report.received_at)
    return prior if report.pk is None else prior.filter(pk__lt=report.pk)


_FLOOD = """
SELECT
  (SELECT COUNT(*) FROM incidents_incident WHERE organization_id = %s AND kind = %s AND flood_key = %s
     AND status IN ({open}) AND last_report_at >= %s),
  (SELECT COUNT(*) FROM incidents_incident WHERE organization_id = %s AND kind = %s AND flood_key = %s
     AND status IN ({open}) AND last_report_at >= %s),
  (SELECT COUNT(DISTINCT CASE WHEN caller_hash = '' THEN CAST(id AS TEXT) ELSE caller_hash END)
     FROM reports_report WHERE organization_id = %s AND text_fingerprint = %s AND text_fingerprint <> ''
     AND received_at >= %s AND received_at <= %s AND (caller_hash <> %s OR caller_hash = ''){before}),
  (SELECT COUNT(*) FROM reports_report WHERE organization_id = %s AND caller_hash = %s AND caller_hash <> ''
     AND route = %s AND received_at >= %s AND received_at <= %s{before})
"""


def is_flood(org: Organization, report: Any) -> bool:
    """Whether ``flood_group`` would put this report (stored or about to be) in a flood group.
    Changes nothing: the webhook asks it to decide, before correlation, that a flood is not answered.
    Counting reports not yet correlated as new reports, it says "flood" at least whenever
    ``flood_group`` will. One statement, no ORM: it runs in the webhook, under the intake lock."""
    t, dt = report.received_at, connection.ops.adapt_datetimefield_value
    text_since = t - timedelta(minutes=org.flood_text_minutes)
    caller_since = t - timedelta(minutes=org.flood_caller_minutes)
    held = t - timedelta(minutes=max(org.flood_caller_minutes, org.flood_hold_minutes))
    fingerprint, caller = report.text_fingerprint or "", report.caller_hash or ""
    opened = [str(s) for s in OPEN_STATUSES]
    before, tail = ("", []) if report.pk is None else (" AND id < %s", [report.pk])
    sql = _FLOOD.format(open=", ".join(["%s"] * len(opened)), before=before)
    with connection.cursor() as cursor:
        cursor.execute(sql, [
            org.pk, Kind.FLOOD, "text:" + fingerprint[:32], *opened, dt(text_since),
            org.pk, Kind.FLOOD, "caller:" + caller[:32], *opened, dt(held),
            org.pk, fingerprint, dt(text_since), dt(t), caller, *tail,
            org.pk, caller, Route.REPORT, dt(caller_since), dt(t), *tail])
        text_group, caller_group, text_numbers, caller_reports = cursor.fetchone()
    return bool(
        (fingerprint and (text_group or text_numbers + 1 >= org.flood_text_numbers))
        or (caller and (caller_group or caller_reports + 1 >= org.flood_caller_messages)))


def flood_group(org: Organization, report: Any) -> Incident | None:
    """The flood group this report belongs to, created (and earlier reports of the
    flood moved in) when a threshold is crossed; None when it is no flood."""
    t = report.received_at
    for key, since, group_since, same, crossed in _flood_checks(org, report):
        group = _open_flood_group(org, key, group_since)
        if group:
            return group
        prior = list(_prior(same, report, since).select_related("incident"))
        if crossed(prior):
            group = actions.open_incident(org.pk, kind=Kind.FLOOD, at=min([t] + [r.received_at for r in prior]),
                                          flood_key=key)
            movable = [r for r in prior if r.incident is None or (
                r.incident.kind != Kind.FLOOD and r.incident.status == Status.REPORTED)]
            if movable:
                actions.move_reports(movable, group, by="intake", reason="flood")
            return group
    return None


def correlate(org: Organization, report: Any) -> Incident:
    """Attach a new, saved report to its incident, lane or flood group."""
    keys = keys_for_report(report)
    gaz = gazetteer_for(org)
    if report.geo_precision == "place":
        keys += place_street_keys(org.pk, gaz, report.place_id)
    group = flood_group(org, report)
    if group is not None:
        actions.add_report(group, report, by="intake")
        return group
    has_place = report.geo_precision != "none" or any(kind == "street" for kind, _ in keys)
    # Hearsay, a question, a chain letter or a warning about tomorrow is one more voice about an
    # event already open at the place it names, and never opens one on its own.
    rumor = mood(report.body or "").rumor
    if not has_place or rumor:
        info = report.place_info or {}
        incident = find_incident(org, gaz, report, keys) if has_place else None
        incident = (incident or join_ambiguous(org, report, list(info.get("candidates", ())))
                    or join_ambiguous(org, report, list(info.get("area_zips", ())), prefix="z"))
        if incident is not None:
            actions.add_report(incident, report, keys=keys if has_place else (), by="intake")
            return incident
        lane = vague_lane(org, report.received_at)
        actions.add_report(lane, report, by="intake")
        return lane
    incident = find_incident(org, gaz, report, keys)
    if incident is None:
        # A street named alone ("on Whittier") still opens an incident: later
        # reports on that street, or at a crossing of it, find it by its key.
        incident = actions.open_incident(
            org.pk, kind=Kind.EVENT, at=report.received_at, place_id=report.place_id,
            place_kind=_place_kind(gaz, report.place_id), zip=report.zip, h3_r8=report.h3_r8,
            geo_precision=report.geo_precision,
        )
        actions.add_report(incident, report, keys=keys, by="intake")
        gather_waiting(org, incident, report, keys)
        return incident
    before = incident.geo_precision
    actions.improve_place(incident, place_id=report.place_id, place_kind=_place_kind(gaz, report.place_id),
                          zip=report.zip, h3_r8=report.h3_r8, geo_precision=report.geo_precision)
    actions.add_report(incident, report, keys=keys, by="intake")
    if incident.geo_precision != before:
        # A ZIP-level event now known as a place or corner: the reports about that place that
        # waited in the lane join it as they would have had it opened with this report.
        gather_waiting(org, incident, report, keys)
    return incident


WAITING_MINUTES = 60


def gather_waiting(org: Organization, incident: Incident, report: Any, keys: list[tuple[str, str]]) -> None:
    """Reports that waited in the vague lane for an event to be known join it when it opens (or
    when a ZIP-level event gets its place): a
    question or hearsay about the same place ("is it true ice is at el ahorro?"), the same corner
    or address, each with its caller's follow-ups. Only the last ``WAITING_MINUTES``, and only the
    lane (never a dispatcher's incident). A chain's name alone ("el home depot") does not: the
    first store to open is not always the one it meant (two stores of a chain in the same hour)."""
    t = report.received_at
    since = t - timedelta(minutes=WAITING_MINUTES)
    lanes = list(Incident.objects.filter(organization=org, kind=Kind.VAGUE, status__in=OPEN_STATUSES,
                                         last_report_at__gte=since).values_list("pk", flat=True))
    if not lanes:
        return
    # Only a placed report can share a strong key; a follow-up may come with one that does.
    waiting = list(Report.objects.filter(organization=org, incident_id__in=lanes, received_at__gte=since,
                                         received_at__lte=t)
                   .filter(Q(geo_precision__in=("place", "street")) | ~Q(route=Route.REPORT))
                   .exclude(pk=report.pk).order_by("received_at", "pk"))
    if not waiting:
        return
    strong = {k for kind, k in keys if kind in STRONG_KINDS}
    joining: list[Any] = []
    callers: dict[str, Any] = {}
    for r in waiting:
        if r.route != Route.REPORT:
            if r.caller_hash in callers and r.received_at >= callers[r.caller_hash]:
                joining.append(r)  # a follow-up of a report that joins
            continue
        if {k for kind, k in keys_for_report(r) if kind in STRONG_KINDS} & strong:
            joining.append(r)
            if r.caller_hash:
                callers.setdefault(r.caller_hash, r.received_at)
    if joining:
        actions.move_reports(joining, incident, by="intake", reason="place named")
        for r in joining:
            actions.upsert_keys(incident, keys_for_report(r), r.received_at)


def _place_kind(gaz: Gazetteer, place_id: int | None) -> str:
    info = gaz.place(place_id) if place_id else None
    return info.kind if info else ""
