from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from amparo.accounts.access import MANAGE_SESSION_KEY, admin_organizations, org_admin_required
from amparo.core.parse import ID_DIGITS, ascii_int
from amparo.orgs.models import Organization


@org_admin_required
def index(request: HttpRequest, org: Organization) -> HttpResponse:
    return render(request, "manage/index.html", {"org": org})


@require_POST
@login_required
def switch_org(request: HttpRequest) -> HttpResponse:
    org_id = ascii_int(request.POST.get("org"), max_digits=ID_DIGITS) or 0
    if org_id not in {o.pk for o in admin_organizations(request.user)}:
        raise PermissionDenied
    request.session[MANAGE_SESSION_KEY] = org_id
    return redirect("manage:index")
