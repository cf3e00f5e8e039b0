from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.accounts.access import org_admin_required
from amparo.manage.forms import ZoneForm
from amparo.orgs.actions import delete_zone, save_zone
from amparo.orgs.models import Organization, Zone


@org_admin_required
def zone_list(request: HttpRequest, org: Organization) -> HttpResponse:
    zones = Zone.objects.filter(organization=org).order_by("name")
    return render(request, "manage/zones.html", {"org": org, "zones": zones})


@org_admin_required
def zone_edit(request: HttpRequest, org: Organization, pk: int | None = None) -> HttpResponse:
    zone = get_object_or_404(Zone, pk=pk, organization=org) if pk is not None else None
    initial = {"name": zone.name, "zips": " ".join(zone.zips), "h3_cells": " ".join(zone.h3_cells)} if zone else None
    form = ZoneForm(request.POST or None, initial=initial, org=org, zone=zone)
    if request.method == "POST" and form.is_valid():
        try:
            save_zone(org, zone=zone, **form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(request, _("Zone saved."))
            return redirect("manage:zones")
    return render(request, "manage/zone_edit.html", {"org": org, "form": form, "zone": zone})


@require_POST
@org_admin_required
def zone_delete(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    delete_zone(get_object_or_404(Zone, pk=pk, organization=org), actor=request.user)
    messages.success(request, _("Zone deleted."))
    return redirect("manage:zones")
