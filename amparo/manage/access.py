"""Who may use /manage/, and for which organization."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from amparo.orgs.models import Membership, Organization, Role

SESSION_KEY = "manage_org_id"


def admin_organizations(user: Any) -> list[Organization]:
    """The organizations ``user`` is an active admin of, oldest membership first."""
    return [
        m.organization
        for m in Membership.objects.filter(user=user, role=Role.ADMIN, is_active=True)
        .select_related("organization").order_by("created_at", "pk")
    ]


def org_admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log in required (and MFA, by RequireMFAMiddleware); the user must be an
    active admin of the organization chosen in the session (default: the first).

    The view receives that organization as its second argument; every query it
    makes must be scoped to it."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        orgs = admin_organizations(request.user)
        if not orgs:
            raise PermissionDenied
        chosen = request.session.get(SESSION_KEY)
        org = next((o for o in orgs if o.pk == chosen), orgs[0])
        request.admin_orgs = orgs  # type: ignore[attr-defined]
        return view(request, org, *args, **kwargs)

    return wrapper
