from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.accounts.access import console_view
from amparo.accounts.models import User
from amparo.incidents.models import Incident
from amparo.orgs.models import Organization, Role, member_role
from amparo.retention.actions import release_legal_hold, set_legal_hold
from amparo.retention.models import LegalHold


@require_POST
@console_view
def hold(request: HttpRequest, org: Organization, pk: int) -> HttpResponse:
    """Set (with a reason) or release the legal hold of an incident. Admins only."""
    incident = get_object_or_404(Incident, organization=org, pk=pk)
    assert isinstance(request.user, User)  # console_view admits only logged-in users
    if member_role(request.user, org) != Role.ADMIN:
        raise PermissionDenied
    if request.POST.get("release"):
        for h in LegalHold.objects.filter(organization=org, incident=incident, released_at__isnull=True):
            release_legal_hold(h, by=request.user)
        messages.success(request, _("The legal hold is released: retention applies again."))
    else:
        reason = request.POST.get("reason", "").strip()
        if not reason:
            messages.error(request, _("A legal hold needs a reason."))
        else:
            set_legal_hold(incident, by=request.user, reason=reason)
            messages.success(request, _("Legal hold set: this incident will not be purged."))
    return redirect("console:incident", pk=incident.pk)
