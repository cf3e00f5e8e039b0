"""State changes of API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from amparo.accounts.models import User
from amparo.api.models import ApiToken
from amparo.orgs.models import Organization

TOKEN_PREFIX = "amp_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_api_token(*, org: Organization, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its plaintext, which is never stored nor shown again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(organization=org, user=user, name=name[:100], token_hash=hash_token(raw))
    return token, raw


def revoke_api_token(token: ApiToken) -> bool:
    """Revoke a token at once. Returns False when it was already revoked."""
    now = timezone.now()
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    if updated:
        token.revoked_at = now
    return bool(updated)
