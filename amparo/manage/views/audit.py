"""The audit trail, for an organization's admins: who read or changed what, when."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from amparo.accounts.access import org_admin_required
from amparo.audit.actions import acknowledge_alert
from amparo.audit.alerts import open_alerts
from amparo.audit.models import AuditAlert, AuditEntry
from amparo.core.parse import ID_DIGITS, ascii_int
from amparo.orgs.models import Membership, Organization

PAGE_SIZE = 50


def _day_start(value: str | None) -> datetime | None:
    day = parse_date(value or "") if value else None
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None


@never_cache
@org_admin_required
def trail(request: HttpRequest, org: Organization) -> HttpResponse:
    params = request.GET
    qs = AuditEntry.objects.filter(organization=org).select_related("actor").order_by("-at", "-id")
    actor = ascii_int(params.get("actor"), max_digits=ID_DIGITS)
    if actor is not None:
        qs = qs.filter(actor_id=actor)
    object_type = params.get("type", "")
    if not re.fullmatch(r"[a-z_]{1,32}", object_type, re.ASCII):
        object_type = ""  # not a record type: no filter (and nothing PostgreSQL cannot compare)
    if object_type:
        qs = qs.filter(object_type=object_type)
    since, until = _day_start(params.get("from")), _day_start(params.get("to"))
    if since:
        qs = qs.filter(at__gte=since)
    if until:
        qs = qs.filter(at__lt=until + timedelta(days=1))
    page = Paginator(qs, PAGE_SIZE).get_page(params.get("page"))
    members = (Membership.objects.filter(organization=org).select_related("user").order_by("user__email"))
    types = (AuditEntry.objects.filter(organization=org).order_by().values_list("object_type", flat=True).distinct())
    query = params.copy()
    query.pop("page", None)
    return render(request, "audit/trail.html", {
        "org": org, "page": page, "members": members, "types": sorted(types), "alerts": open_alerts(org.pk),
        "actor": actor, "type": object_type, "from": params.get("from", ""), "to": params.get("to", ""),
        "query": query.urlencode(),
    })


@require_POST
@org_admin_required
def acknowledge(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    alert = get_object_or_404(AuditAlert, organization=org, pk=pk)
    acknowledge_alert(alert, by=request.user)
    return redirect("audit:trail")
