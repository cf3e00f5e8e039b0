"""Who may use the provider slice's pages, and for which organization.

- Coordinators: members with the ``legal`` role (every case of their organization).
- Attorneys: members with the ``attorney`` role tied to an active provider
  (``ProviderAttorney``): before accepting, the conflict-check fields of the
  cases referred to their provider; after, the whole case.

Dispatchers, responders and admins see none of these pages: admins manage the
providers on /manage/, dispatchers see that a case exists on legal-cases' pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from amparo.accounts.access import CONSOLE_SESSION_KEY, SETS_ORG_ZONE
from amparo.core.clock import org_zone
from amparo.legal.models import Case, Provider, ProviderAttorney, Referral, ReferralStatus
from amparo.orgs.models import Membership, Organization, Role

LEGAL_PAGE_ROLES = (Role.LEGAL, Role.ATTORNEY)


@dataclass(frozen=True)
class LegalViewer:
    org: Organization
    role: str
    provider: Provider | None  # the attorney's provider; None for a coordinator

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.LEGAL


def viewer_for(request: HttpRequest) -> LegalViewer | None:
    user: Any = request.user  # logged in: the decorator checked
    memberships = list(Membership.objects.filter(user_id=user.pk, is_active=True,
                                                 role__in=LEGAL_PAGE_ROLES)
                       .select_related("organization").order_by("created_at", "pk"))
    if not memberships:
        return None
    chosen = request.session.get(CONSOLE_SESSION_KEY)
    membership = next((m for m in memberships if m.organization_id == chosen), memberships[0])
    provider = None
    if membership.role == Role.ATTORNEY:
        link = (ProviderAttorney.objects.filter(organization=membership.organization, user_id=user.pk,
                                                provider__is_active=True).select_related("provider").first())
        if link is None:
            return None  # an attorney no admin tied to a provider sees nothing
        provider = link.provider
    return LegalViewer(membership.organization, membership.role, provider)


def legal_view(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Log in (and MFA, by RequireMFAMiddleware) and one of ``roles`` in an organization; the view
    receives the ``LegalViewer``. Every query it makes must be scoped to ``viewer.org``."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @never_cache
        @login_required
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            viewer = viewer_for(request)
            if viewer is None or viewer.role not in roles:
                raise PermissionDenied
            with timezone.override(org_zone(viewer.org)):
                return view(request, viewer, *args, **kwargs)

        setattr(wrapper, SETS_ORG_ZONE, True)
        return wrapper

    return decorate


def attorney_may_see_case(viewer: LegalViewer, case: Case) -> bool:
    """The whole case: coordinators always; an attorney only once their provider accepted it."""
    if viewer.is_coordinator:
        return True
    return viewer.provider is not None and case.provider_id == viewer.provider.pk and Referral.objects.filter(
        organization=viewer.org, case=case, provider=viewer.provider, status=ReferralStatus.ACCEPTED).exists()
