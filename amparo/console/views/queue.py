from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from amparo.accounts.access import choose_org, console_view
from amparo.console.queue import (
    QueueFilters,
    card_counts,
    card_times,
    parse_filters,
    place_kind_label,
    place_label,
    queue_lanes,
    queue_version,
    street_labels,
)
from amparo.core.parse import ID_DIGITS, ascii_int
from amparo.incidents.models import Kind, Status
from amparo.orgs.models import Organization, Zone
from amparo.places.gazetteer import gazetteer_for
from amparo.verification.live import queue_state

STATUS_CHOICES = [(s.value, s.label) for s in Status if s != Status.CLOSED]


def _verification_state(org: Organization, incidents: list) -> dict:
    """Offers out, accepted, on scene, time-to-accept and time-to-verify: one query for the whole queue."""
    if not incidents:
        return {}
    return queue_state(org.pk, incidents)


def _queue_context(org: Organization, filters: QueueFilters, version: str | None = None) -> dict:
    version = version or queue_version(org)
    lanes = queue_lanes(org, filters)
    gazetteer = gazetteer_for(org)
    shown = [i for lane in lanes.values() for i in lane]
    live = _verification_state(org, shown)
    streets = street_labels(org, shown)
    url = reverse("console:incident", args=[0]).removesuffix("0/")
    last_label, first_label = _("Last report"), _("first")
    for lane in lanes.values():
        for incident in lane:
            incident.place_label = place_label(incident, gazetteer, streets.get(incident.pk, ""))  # type: ignore[attr-defined]  # a display attribute for the template
            incident.place_kind_label = place_kind_label(incident.place_kind)  # type: ignore[attr-defined]  # a display attribute for the template
            incident.live = live.get(incident.pk)  # type: ignore[attr-defined]  # a display attribute for the template
            incident.url = f"{url}{incident.pk}/"  # type: ignore[attr-defined]  # a display attribute for the template
            incident.counts = card_counts(incident)  # type: ignore[attr-defined]  # a display attribute for the template
            incident.times = card_times(incident, last_label, first_label)  # type: ignore[attr-defined]  # a display attribute for the template
    return {
        "org": org,
        "version": version,
        "filters": filters,
        "filter_query": filters.query(),
        "events": lanes[Kind.EVENT],
        "floods": lanes[Kind.FLOOD],
        "vague": lanes[Kind.VAGUE],
    }


@require_GET
@console_view
def queue(request: HttpRequest, org: Organization) -> HttpResponse:
    zones = list(Zone.objects.filter(organization=org).only("id", "name", "zips", "h3_cells"))
    filters = parse_filters(org, request.GET, zones)
    ctx = _queue_context(org, filters)
    ctx.update(zones=zones, status_choices=STATUS_CHOICES, orgs=request.console_orgs)  # type: ignore[attr-defined]  # a request attribute set by console_view
    return render(request, "console/queue.html", ctx)


@require_GET
@console_view
def queue_fragment(request: HttpRequest, org: Organization) -> HttpResponse:
    """The queue's lanes for HTMX polling: 204 (nothing to swap) while the
    organization's queue version equals ``since``."""
    version = queue_version(org)
    if request.GET.get("since", "") == version:
        return HttpResponse(status=204)
    zone_id = ascii_int(request.GET.get("zone"), max_digits=ID_DIGITS)
    zones = list(Zone.objects.filter(organization=org, pk=zone_id)) if zone_id is not None else []
    filters = parse_filters(org, request.GET, zones)
    return render(request, "console/_queue_lanes.html", _queue_context(org, filters, version))


@require_POST
@console_view
def switch_org(request: HttpRequest, org: Organization) -> HttpResponse:
    org_id = ascii_int(request.POST.get("org"), max_digits=ID_DIGITS)
    if org_id is not None:
        choose_org(request, org_id)
    return redirect("console:queue")
