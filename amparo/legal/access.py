"""Who may use the legal pages, for which organization.

Legal coordinators (and admins) see every case of their organization. Dispatchers
see that a case exists and its status (on the incident page), and may turn a
report into a Person, seeing only the name and date of birth of a proposed match.
The organization is the one chosen for the console in this session when the user
may use these pages there, else their oldest membership that may.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from amparo.accounts.access import CONSOLE_SESSION_KEY, SETS_ORG_ZONE
from amparo.core.clock import org_zone
from amparo.orgs.models import Membership, Role

CASE_ROLES = (Role.LEGAL, Role.ADMIN)  # the whole case and person
INTAKE_ROLES = (Role.DISPATCHER, Role.ADMIN, Role.LEGAL)  # a report into a Person, and opening its case


def legal_view(roles: tuple[str, ...]) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Login (MFA by the middleware) and one of ``roles`` in the chosen organization. The view receives
    that organization as its second argument and must scope every query to it. Never cached."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @never_cache
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            memberships = list(Membership.objects.filter(user_id=request.user.pk, role__in=roles, is_active=True)
                               .select_related("organization").order_by("created_at", "pk"))
            if not memberships:
                raise PermissionDenied
            chosen = request.session.get(CONSOLE_SESSION_KEY)
            membership = next((m for m in memberships if m.organization_id == chosen), memberships[0])
            request.legal_role = membership.role  # type: ignore[attr-defined]  # a request attribute the templates read
            with timezone.override(org_zone(membership.organization)):
                return view(request, membership.organization, *args, **kwargs)

        setattr(wrapper, SETS_ORG_ZONE, True)
        return wrapper

    return decorate
