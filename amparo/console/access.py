"""Who may use /console/, and for which organization.

A dispatcher or admin with an active membership. Someone with several
memberships works in one organization at a time: the one chosen in the
session (``org_id``), else their oldest membership. /manage/ keeps its own
choice (``amparo.manage.access``) because it admits admins only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from amparo.orgs.models import Membership, Organization, Role

SESSION_KEY = "org_id"


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
CONSOLE_ROLES = (Role.DISPATCHER, Role.ADMIN)


def console_memberships(user: Any) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, role__in=CONSOLE_ROLES, is_active=True)
        .select_related("organization").order_by("created_at", "pk")
    )


def choose_org(request: HttpRequest, org_id: int) -> bool:
    """Make ``org_id`` the session's organization, if the user may use its console."""
    if any(m.organization_id == org_id for m in console_memberships(request.user)):
        request.session[SESSION_KEY] = org_id
        return True
    return False


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def console_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login (and MFA, by RequireMFAMiddleware) and a console role in the chosen
    organization. The view receives that organization as its second argument;
    every query it makes must be scoped to it. Responses are never cached:
    they hold reports, and a cached 304 would re-swap an HTMX poll."""

    @wraps(view)
    @never_cache
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if is_htmx(request):
                # A poll whose session expired: send the whole page to the login form
                # instead of swapping the login page into the queue.
                return HttpResponse(status=204, headers={"HX-Redirect": settings.LOGIN_URL})
            return redirect_to_login(request.get_full_path())
        memberships = console_memberships(request.user)
        if not memberships:
            raise PermissionDenied
        chosen = request.session.get(SESSION_KEY)
        membership = next((m for m in memberships if m.organization_id == chosen), memberships[0])
        org: Organization = membership.organization
        request.console_orgs = [m.organization for m in memberships]  # type: ignore[attr-defined]
        # The role in the chosen organization, for links and admin-only forms (no extra query).
        request.console_role = membership.role  # type: ignore[attr-defined]
        # Times on the console are the network's local times, not UTC.
        with timezone.override(_zone(org.time_zone)):
            return view(request, org, *args, **kwargs)

    return wrapper
