"""The console's search box: a report reference ("R-27") or an incident number ("#7", "7")
opens the incident that holds it now, following merges (issue 15, item 6)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from amparo.accounts.access import console_view
from amparo.incidents.models import Incident
from amparo.orgs.models import Organization
from amparo.reports.models import Report
from amparo.reports.refs import parse

MAX_MERGE_HOPS = 20  # a chain of merges is short; a cycle must not loop forever


def holder(org: Organization, incident_id: int | None) -> int | None:
    """The incident that holds ``incident_id``'s reports now: merged ones point on."""
    seen: set[int] = set()
    while incident_id is not None and incident_id not in seen and len(seen) < MAX_MERGE_HOPS:
        seen.add(incident_id)
        row = Incident.objects.filter(organization=org, pk=incident_id).values_list("merged_into_id", flat=True)
        if not row.exists():
            return None
        onward = row.first()
        if onward is None:
            return incident_id
        incident_id = onward
    return incident_id if incident_id is not None and len(seen) < MAX_MERGE_HOPS else None


@require_GET
@console_view
def find(request: HttpRequest, org: Organization) -> HttpResponse:
    typed = request.GET.get("q", "").strip()[:32]
    wanted = parse(typed)
    found: int | None = None
    if wanted is not None and wanted.kind == "report":
        found = holder(org, Report.objects.filter(organization=org, number=wanted.number)
                       .values_list("incident_id", flat=True).first())
    elif wanted is not None:  # "#7" is the incident's number in this network, never its id
        found = holder(org, Incident.objects.filter(organization=org, number=wanted.number)
                       .values_list("pk", flat=True).first())
    if found is None:
        messages.warning(request, _("Nothing found for “%(typed)s”. Type a report reference such as R-27, "
                                    "or an incident number such as #7.") % {"typed": typed})
        return redirect("console:queue")
    return redirect("console:incident", pk=found)
