"""What the queue shows, in what order, and the cheap version polls compare."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.db.models import Case, Count, F, IntegerField, Max, Min, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Least
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from amparo.incidents.models import OPEN_STATUSES, Incident, Kind, Status
from amparo.orgs.models import Organization, Zone
from amparo.places.gazetteer import Gazetteer
from amparo.places.models import PlaceKind
from amparo.reports.models import Report
from amparo.verification.models import Offer

# Places where a raid hurts most (and where rapid response is most needed).
SENSITIVE_PLACE_KINDS = ("home", "school", "court", "workplace")
# Beyond this many independent callers an incident is surely real; more adds no urgency.
CALLERS_CAP = 5
FRESH_MINUTES = 15
RECENT_MINUTES = 60
QUEUE_LIMIT = 200  # per lane; the page says when more are hidden


@dataclass
class QueueFilters:
    status: str = ""
    zone: Zone | None = None

    def query(self) -> dict[str, str]:
        q = {}
        if self.status:
            q["status"] = self.status
        if self.zone is not None:
            q["zone"] = str(self.zone.pk)
        return q


def parse_filters(org: Organization, params: Any, zones: list[Zone]) -> QueueFilters:
    status = params.get("status", "")
    if status not in OPEN_STATUSES:
        status = ""
    zone_id = params.get("zone", "")
    zone = next((z for z in zones if str(z.pk) == zone_id), None)
    return QueueFilters(status=status, zone=zone)


def queue_version(org: Organization) -> str:
    """A number that changes whenever anything the queue shows changes.

    Counts and versions of the open incidents, the newest id, and the sum of
    id x report_count, which moves when a report moves between two open
    incidents without either one's version changing (flood regrouping)."""
    agg = Incident.objects.filter(organization=org, status__in=OPEN_STATUSES).aggregate(
        n=Count("id"), top=Max("id"), v=Sum("version"), r=Sum(F("id") * F("report_count")),
        last=Max("last_report_at"),
    )
    last = int(agg["last"].timestamp()) if agg["last"] else 0
    return f"{agg['n']}.{agg['top'] or 0}.{agg['v'] or 0}.{agg['r'] or 0}.{last}{_verification_version(org)}"


def _verification_version(org: Organization) -> str:
    """Offers, acceptances and arrivals change the queue's verification column
    without touching the incident's version: one more aggregate, over offers."""
    agg = Offer.objects.filter(organization=org, incident__status__in=OPEN_STATUSES).aggregate(
        n=Count("id"), top=Max("id"), open=Count("id", filter=Q(status="offered")),
        a=Max("responded_at"), s=Max("arrived_at"), o=Max("outcome_reported_at"), e=Max("ended_at"))
    stamps = [int(agg[k].timestamp()) if agg[k] else 0 for k in ("a", "s", "o", "e")]
    return f".{agg['n']}.{agg['top'] or 0}.{agg['open']}." + ".".join(map(str, stamps))


def _ordered(qs: QuerySet[Incident]) -> QuerySet[Incident]:
    """Priority: unresolved before resolved, then independent callers (capped),
    then how fresh the last report is (in buckets, so that the kind of place
    can still decide between two equally fresh incidents), then the kind of
    place, then the exact time of the last report."""
    now = timezone.now()
    return qs.annotate(
        unresolved=Case(When(status__in=[Status.REPORTED, Status.VERIFYING], then=Value(1)),
                        default=Value(0), output_field=IntegerField()),
        callers=Least(F("caller_count"), Value(CALLERS_CAP)),
        freshness=Case(
            When(last_report_at__gte=now - timedelta(minutes=FRESH_MINUTES), then=Value(2)),
            When(last_report_at__gte=now - timedelta(minutes=RECENT_MINUTES), then=Value(1)),
            default=Value(0), output_field=IntegerField(),
        ),
        sensitive=Case(When(place_kind__in=SENSITIVE_PLACE_KINDS, then=Value(1)),
                       default=Value(0), output_field=IntegerField()),
    ).order_by("-unresolved", "-callers", "-freshness", "-sensitive", "-last_report_at", "-id")


def queue_lanes(org: Organization, filters: QueueFilters) -> dict[str, list[Incident]]:
    """Open incidents by lane (events, floods, vague), in priority order. One query."""
    qs = Incident.objects.filter(organization=org, status__in=OPEN_STATUSES).select_related("assigned_to")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.zone is not None:
        zone_q = Q(pk__in=[])
        zips = [z for z in filters.zone.zips if z]
        cells = [c for c in filters.zone.h3_cells if c]
        if zips:
            zone_q |= Q(zip__in=zips)
        if cells:
            zone_q |= Q(h3_r8__in=cells)
        qs = qs.filter(zone_q)
    lanes: dict[str, list[Incident]] = {Kind.EVENT: [], Kind.FLOOD: [], Kind.VAGUE: []}
    # Fetched together and split in Python; each lane is capped.
    for incident in _ordered(qs)[: QUEUE_LIMIT * 3]:
        lane = lanes.get(incident.kind)
        if lane is not None and len(lane) < QUEUE_LIMIT:
            lane.append(incident)
    return lanes


def place_kind_label(kind: str) -> str:
    try:
        return str(PlaceKind(kind).label) if kind else ""
    except ValueError:
        return kind


def _street_name(key: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in key.split())


def streets_of(info: dict | None) -> str:
    """The streets a report named, as a dispatcher tells incidents apart: "Cesar Chavez & Soto"
    for a corner, else the first streets. Keys are the extractor's normalized names."""
    info = info or {}
    for corner in info.get("intersections") or ():
        parts = [p for p in str(corner).split("|") if p]
        if len(parts) == 2:
            return " & ".join(_street_name(p) for p in parts)
    streets = [_street_name(str(s)) for s in (info.get("streets") or ())[:2] if s]
    return " / ".join(streets)


def street_labels(org: Organization, incidents: list[Any]) -> dict[int, str]:
    """Incident id -> the streets of its first report that named any, for the street-level
    incidents in ``incidents``: one query (a subquery for the first reports), whatever the queue's length."""
    ids = [i.pk for i in incidents if not i.place_id and i.geo_precision == "street"]
    if not ids:
        return {}
    firsts = (Report.objects.filter(organization=org, incident_id__in=ids, geo_precision="street")
              .values("incident_id").annotate(first=Min("id")).values_list("first", flat=True))
    # The organization's id is read too: decrypting ``place_info`` needs it, and a deferred column
    # is one more query per card.
    rows = Report.objects.filter(organization=org, pk__in=firsts).only("organization_id", "incident_id", "place_info")
    return {r.incident_id: label for r in rows if r.incident_id and (label := streets_of(r.place_info))}


def place_label(incident: Any, gazetteer: Gazetteer, streets: str = "") -> str:
    """What a dispatcher reads as the place: a known place's name, the streets, a ZIP,
    or how precise the reports were."""
    if incident.place_id:
        info = gazetteer.place(incident.place_id)
        if info is not None:
            return info.name
    if incident.geo_precision == "street":
        return (streets or _("Street-level")) + (f" · {incident.zip}" if incident.zip else "")
    if incident.zip:
        return _("ZIP %(zip)s") % {"zip": incident.zip}
    return _("No place given")


# A card's counts and times, written once per card in Python: through the template engine, its two
# counted translations, four date filters and two naturaltimes were most of a 200-card queue's render.
_TIMES = ('{} <time datetime="{}" data-relative title="{}">{}</time>\n'
          '    · {} <time datetime="{}" data-relative title="{}">{}</time>')


def card_counts(incident: Any) -> str:
    return (ngettext("%(n)s report", "%(n)s reports", incident.report_count) % {"n": incident.report_count}
            + " · " + ngettext("%(n)s caller", "%(n)s callers", incident.caller_count) % {"n": incident.caller_count})


def card_times(incident: Any, last_label: str, first_label: str) -> SafeString:
    """The last and first report's times, in the current time zone (the network's, on the console)."""
    last, first = timezone.localtime(incident.last_report_at), timezone.localtime(incident.first_report_at)
    return format_html(_TIMES, last_label, last.isoformat(), formats.date_format(last, "DATETIME_FORMAT"),
                       naturaltime(incident.last_report_at), first_label, first.isoformat(),
                       formats.date_format(first, "DATETIME_FORMAT"), naturaltime(incident.first_report_at))
