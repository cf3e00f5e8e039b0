from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from amparo.accounts.access import CONSOLE_ROLES, console_view
from amparo.alerts.panel import alerts_context
from amparo.audit.log import audit, page_reads
from amparo.console import presence
from amparo.console.correction_panel import correction_context
from amparo.console.highlight import highlight_places
from amparo.console.maps import map_context, map_markers
from amparo.console.queue import place_label, street_labels
from amparo.console.report_extras import annotate_reports, hold_context
from amparo.console.timeline import timeline
from amparo.incidents.actions import TRANSITIONS
from amparo.incidents.models import OPEN_STATUSES, Incident, IncidentEvent, IncidentNote, Status
from amparo.legal.selectors import incident_legal
from amparo.orgs.models import Membership, Organization, Role
from amparo.places.gazetteer import gazetteer_for
from amparo.reports.models import Report
from amparo.security.csp import allow_images_from, tile_origin
from amparo.verification.live import onscene_context
from amparo.verification.panel import panel_context

REPORTS_SHOWN = 500
MERGE_CHOICES = 100
# Status buttons in this order, with their keyboard shortcut (console.js reads data-key).
STATUS_KEYS = [(Status.VERIFYING, "v"), (Status.CONFIRMED, "c"), (Status.FALSE_ALARM, "f"),
               (Status.UNVERIFIABLE, "u"), (Status.CLOSED, "")]


def org_incident(org: Organization, pk: int) -> Incident:
    """The organization's incident or 404: another network's ids do not exist here."""
    incident = get_object_or_404(Incident.objects.select_related("assigned_to"), organization=org, pk=pk)
    incident.organization = org  # already loaded; saves a query wherever incident.organization is read
    return incident


def verification_context(incident: Incident, user: Any) -> dict[str, Any]:
    """The dispatch panel and the on-scene panel (amparo.verification)."""
    return {"dispatch_panel": panel_context(incident, user), "onscene_panel": onscene_context(incident, user)}


def incident_context(request: HttpRequest, org: Organization, incident: Incident) -> dict[str, Any]:
    reports = list(Report.objects.filter(organization=org, incident=incident).order_by("received_at", "id")
                   [:REPORTS_SHOWN])
    gazetteer = gazetteer_for(org)
    for r in reports:
        r.highlighted = highlight_places(r.body, r.place_info)  # type: ignore[attr-defined]  # a display attribute for the template
    annotate_reports(org, reports)
    events = list(IncidentEvent.objects.filter(organization=org, incident=incident).select_related("actor"))
    notes = {n.pk: n.text for n in IncidentNote.objects.filter(organization=org, incident=incident)}
    members = list(Membership.objects.filter(organization=org, is_active=True, role__in=CONSOLE_ROLES)
                   .select_related("user").order_by("user__email"))
    names = {m.user_id: str(m.user) for m in members}
    # Reading reports and notes is reading personal data: each read is audited.
    audit(org.pk, action="read", object_type="report", object_ids=[r.pk for r in reports], actor=request.user)
    if notes:
        audit(org.pk, action="read", object_type="incident_note", object_ids=list(notes), actor=request.user)
    candidates = list(Incident.objects.filter(organization=org, status__in=OPEN_STATUSES)
                      .exclude(pk=incident.pk).order_by("-last_report_at", "-id")[:MERGE_CHOICES])
    streets = street_labels(org, [incident, *candidates])  # merge choices told apart by their streets too
    for c in candidates:
        c.place_label = place_label(c, gazetteer, streets.get(c.pk, ""))  # type: ignore[attr-defined]  # a display attribute for the template
    allowed = TRANSITIONS.get(incident.status, frozenset())
    ctx = {
        "org": org,
        "incident": incident,
        "place_label": place_label(incident, gazetteer, streets.get(incident.pk, "")),
        "reports": reports,
        "reports_capped": len(reports) == REPORTS_SHOWN,
        "timeline": timeline(org, events, notes=notes, members=names,
                             reports={r.pk: r.number for r in reports if r.number}),
        "next_statuses": [(s, Status(s).label, key) for s, key in STATUS_KEYS if s in allowed],
        "merge_candidates": candidates,
        "members": members,
        "others": presence.ping(org.pk, incident.pk, request.user),
        "note_draft": "",
    }
    ctx.update(map_context(org, map_markers(incident, reports, gazetteer)))
    ctx.update(verification_context(incident, request.user))
    ctx.update(hold_context(org, incident.pk, is_admin=getattr(request, "console_role", None) == Role.ADMIN))
    # Legal aid as a dispatcher sees it: that a case exists and its status, no names.
    ctx["legal"] = incident_legal(org, incident.pk)
    ctx["alerts_panel"] = alerts_context(incident, request.user)
    ctx.update(correction_context(incident, reports))
    return ctx


@require_GET
@console_view
def incident_page(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    return incident_page_response(request, org, org_incident(org, pk))


@require_GET
@console_view
def incident_presence(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    """Polled every few seconds by the open page: who else is here, and whether
    the incident changed since the page was loaded. No database writes."""
    incident = get_object_or_404(Incident.objects.only("id", "version", "organization_id"), organization=org, pk=pk)
    ctx = {
        "incident": incident,
        "others": presence.ping(org.pk, incident.pk, request.user),
        "changed": request.GET.get("v", "") not in ("", str(incident.version)),
        "page_version": request.GET.get("v", ""),
    }
    return render(request, "console/_presence.html", ctx)


@require_GET
@console_view
def incident_live(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    """Polled every few seconds by the open page with the change marker it shows
    (``?since=``): 204 while ``Incident.changes`` is the same (one small query),
    else the page as it is now, from which htmx swaps the parts that changed.
    The marker, not ``version``: a new report, a text or a responder's step must
    reach the page without making the dispatcher's next action a conflict."""
    changes = Incident.objects.filter(organization=org, pk=pk).values_list("changes", flat=True).first()
    if changes is None:
        raise Http404
    if request.GET.get("since", "") == str(changes):
        return HttpResponse(status=204)
    return incident_page_response(request, org, org_incident(org, pk), repeat=True)


def incident_page_response(request: HttpRequest, org: Organization, incident: Incident, *,
                           repeat: bool = False) -> HttpResponse:
    """The page, its reads audited; a live re-render audits only what this viewer was not shown yet."""
    assert request.user.is_authenticated  # console_view
    with page_reads(f"incident:{incident.pk}:{request.user.pk}", repeat=repeat):
        response = render(request, "console/incident.html", incident_context(request, org, incident))
    # The page's map loads tiles from this network's tile server, and from nowhere else.
    return allow_images_from(response, [tile_origin(org.map_tile_url)])  # type: ignore[return-value]  # the same response
