"""Bearer-token authentication of the API."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from amparo.api.actions import hash_token
from amparo.api.models import ApiToken
from amparo.orgs.models import Membership, Role
from amparo.security import flood

# Roles that may read reports through the API. A role added later is refused
# until it is listed here on purpose.
READ_REPORT_ROLES: frozenset[str] = frozenset({Role.ADMIN, Role.DISPATCHER, Role.LEGAL})


def may_read_reports(role: str | None) -> bool:
    return role in READ_REPORT_ROLES


class ApiTokenAuth(HttpBearer):
    """Sets ``request.auth`` to the ApiToken (with ``organization`` and ``user`` loaded).

    Unknown or revoked token: 401. Known token whose user is no longer an active
    member with a role that reads reports: 403.
    """

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        # Flood limits (amparo.security.flood): a client that sent too many
        # unknown tokens is refused before the lookup; a known token counts
        # against its client's and its organization's limits. 429 names the hotline.
        locked = flood.api_auth_locked(request)
        if locked is not None:
            raise flood.Flooded(locked)
        if not token or len(token) > 200:
            flood.api_auth_failed(request)
            return None
        active_role = Membership.objects.filter(
            user_id=OuterRef("user_id"), organization_id=OuterRef("organization_id"), is_active=True
        ).values("role")[:1]
        api_token = (
            ApiToken.objects.select_related("organization", "user")
            .annotate(member_role=Subquery(active_role))
            .filter(token_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if api_token is None:
            flood.api_auth_failed(request)
            return None
        refusal = flood.check(request, "api", api_token.organization_id)
        if refusal is not None:
            raise flood.Flooded(refusal, api_token.organization)
        if not api_token.user.is_active or not may_read_reports(api_token.member_role):
            raise HttpError(403, "This token's user may not read reports in this organization.")
        today = timezone.localdate()
        if api_token.last_used_on != today:
            # At most one write per token and day.
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_on=today)
            api_token.last_used_on = today
        return api_token
