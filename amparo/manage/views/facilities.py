from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from amparo.accounts.access import org_admin_required
from amparo.legal.facilities import import_facilities
from amparo.legal.selectors import facilities
from amparo.manage.forms import FacilityImportForm
from amparo.orgs.models import Organization


@org_admin_required
def facility_list(request: HttpRequest, org: Organization) -> HttpResponse:
    """The detention facilities coordinators choose from, and their CSV import."""
    form = FacilityImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = import_facilities(org, form.cleaned_data["file"], by=request.user)
    return render(request, "manage/facilities.html", {"org": org, "form": form, "result": result,
                                                      "facilities": facilities(org)},
                  status=400 if request.method == "POST" and (result is None or result.errors) else 200)
