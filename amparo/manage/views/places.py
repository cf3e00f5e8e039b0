from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.accounts.access import org_admin_required
from amparo.audit.log import audit
from amparo.manage.forms import PlaceForm, PlaceImportForm
from amparo.orgs.models import Organization
from amparo.places import actions as place_actions
from amparo.places.models import Place

PER_PAGE = 100


@org_admin_required
def place_list(request: HttpRequest, org: Organization) -> HttpResponse:
    # Names are encrypted, so the list is in entry order and cannot be searched in SQL.
    paginator = Paginator(Place.objects.filter(organization=org).order_by("id"), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "manage/places.html", {"org": org, "page": page})


@org_admin_required
def place_edit(request: HttpRequest, org: Organization, pk: int | None = None) -> HttpResponse:
    place = get_object_or_404(Place, pk=pk, organization=org) if pk is not None else None
    initial = None
    if place is not None:
        initial = {"name": place.name, "aliases": "\n".join(place.aliases), "kind": place.kind,
                   "lat": place.lat, "lon": place.lon, "zip": place.zip}
    form = PlaceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if place is None:
                place = place_actions.create_place(org, **form.cleaned_data)
            else:
                place = place_actions.update_place(place, **form.cleaned_data)
        except place_actions.PlaceError as exc:
            form.add_error(None, str(exc))
        else:
            audit(org.pk, action="change", object_type="place", object_ids=[place.pk], actor=request.user)
            messages.success(request, _("Place saved."))
            return redirect("manage:places")
    return render(request, "manage/place_edit.html", {"org": org, "form": form, "place": place})


@require_POST
@org_admin_required
def place_delete(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    place = get_object_or_404(Place, pk=pk, organization=org)
    place_actions.delete_place(place)
    audit(org.pk, action="delete", object_type="place", object_ids=[pk], actor=request.user)
    messages.success(request, _("Place deleted."))
    return redirect("manage:places")


@org_admin_required
def place_import(request: HttpRequest, org: Organization) -> HttpResponse:
    form = PlaceImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = place_actions.import_places(org, form.cleaned_data["file"])
        audit(org.pk, action="change", object_type="gazetteer", object_ids=[org.pk], actor=request.user,
              reason=f"import: {result.created} created, {result.updated} updated")
    return render(request, "manage/place_import.html", {"org": org, "form": form, "result": result})
