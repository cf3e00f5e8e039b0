"""Who may use the desk pages (the console) and the admin pages, and for which organization.

Console: a dispatcher or admin with an active membership. Someone with several
memberships works in one organization at a time: the one chosen in the
session (``CONSOLE_SESSION_KEY``), else their oldest membership.
Manage: admins only, with a choice of organization of its own
(``MANAGE_SESSION_KEY``).

These decorators live in the foundation (accounts) because every app with a
page uses them; each view receives the chosen organization and must scope
every query to it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from amparo.core.clock import UTC, org_zone, zone_named
from amparo.orgs.models import Membership, Organization, Role

CONSOLE_SESSION_KEY = "org_id"
MANAGE_SESSION_KEY = "manage_org_id"
# Set on a view whose decorator activates its organization's time zone itself;
# OrgTimeZoneMiddleware leaves those alone (and saves its query).
SETS_ORG_ZONE = "amparo_sets_org_zone"

CONSOLE_ROLES = (Role.DISPATCHER, Role.ADMIN)


def console_memberships(user: Any) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, role__in=CONSOLE_ROLES, is_active=True)
        .select_related("organization").order_by("created_at", "pk")
    )


def choose_org(request: HttpRequest, org_id: int) -> bool:
    """Make ``org_id`` the session's organization, if the user may use its console."""
    if any(m.organization_id == org_id for m in console_memberships(request.user)):
        request.session[CONSOLE_SESSION_KEY] = org_id
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
        chosen = request.session.get(CONSOLE_SESSION_KEY)
        membership = next((m for m in memberships if m.organization_id == chosen), memberships[0])
        org: Organization = membership.organization
        request.console_orgs = [m.organization for m in memberships]  # type: ignore[attr-defined]  # a request attribute the page templates read
        # The role in the chosen organization, for links and admin-only forms (no extra query).
        request.console_role = membership.role  # type: ignore[attr-defined]  # a request attribute the page templates read
        # Times on the console are the network's local times, not UTC.
        with timezone.override(org_zone(org)):
            return view(request, org, *args, **kwargs)

    setattr(wrapper, SETS_ORG_ZONE, True)
    return wrapper


def member_zone(request: HttpRequest) -> ZoneInfo | None:
    """The time zone of the organization a logged-in member works in: the one
    chosen for the console in this session, else their oldest active
    membership's. None for someone with no active membership. One query."""
    user: Any = request.user  # a member: the middleware asks only for logged-in users
    rows = list(Membership.objects.filter(user=user, is_active=True)
                .order_by("created_at", "pk").values_list("organization_id", "organization__time_zone"))
    if not rows:
        return None
    chosen = request.session.get(CONSOLE_SESSION_KEY)
    _org_id, name = next((r for r in rows if r[0] == chosen), rows[0])
    return zone_named(name) or UTC


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
        chosen = request.session.get(MANAGE_SESSION_KEY)
        org = next((o for o in orgs if o.pk == chosen), orgs[0])
        request.admin_orgs = orgs  # type: ignore[attr-defined]  # a request attribute the page templates read
        with timezone.override(org_zone(org)):
            return view(request, org, *args, **kwargs)

    setattr(wrapper, SETS_ORG_ZONE, True)
    return wrapper
