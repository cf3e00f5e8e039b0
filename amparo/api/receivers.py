"""What the API does when the foundation signals (amparo/accounts/signals.py)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from amparo.accounts.signals import member_deactivated
from amparo.api.models import ApiToken
from amparo.orgs.models import Membership


@receiver(member_deactivated, dispatch_uid="amparo.api.revoke_member_tokens")
def revoke_member_tokens(sender: Any, *, membership: Membership, **kwargs: Any) -> None:
    """A deactivated member's tokens for that organization stop working at once."""
    ApiToken.objects.filter(
        user_id=membership.user_id, organization_id=membership.organization_id, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
