"""Offboarding: one action that takes a member out of every access at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from amparo.accounts.actions import deactivate_member
from amparo.accounts.models import Invitation
from amparo.audit.log import audit
from amparo.orgs.models import Membership, Organization
from amparo.verification.actions import remove_responder
from amparo.verification.models import ASSIGNED, Offer, OfferStatus, Responder
from amparo.voice.actions import end_duty
from amparo.volunteers.signals import volunteer_offboarded


@dataclass(frozen=True)
class Offboarded:
    responders_removed: int
    offers_released: int
    duty_cleared: int
    invitations_revoked: int


@transaction.atomic
def offboard_member(membership: Membership, *, by: Any, reason: str = "", now: datetime | None = None) -> Offboarded:
    """Take ``membership``'s person out of the organization in one step, and audit it.

    - the role: the membership is deactivated (``deactivate_member``), which ends their
      sessions and, through ``accounts.signals.member_deactivated``, their API tokens;
    - the desk: the duty toggle and weekly schedule are cleared (``voice.actions.end_duty``);
    - the field: each of their roster entries is removed (``remove_responder``): open offers
      are withdrawn and the next ring goes out, accepted ones are released and the dispatch
      reopens, each on the incident's timeline for the dispatcher; their offer links and
      pages refuse them from now on (they check ``Responder.is_active``);
    - pending invitations to their address are revoked;
    - shifts and trainings: ``volunteers.signals.volunteer_offboarded`` for the parts that hold them.

    Refused (ValidationError) for the organization's last active admin. One transaction:
    all of it happens or none."""
    now = now or timezone.now()
    org = Organization.objects.get(pk=membership.organization_id)
    user = membership.user
    if membership.is_active:
        deactivate_member(membership, actor=by)
    duty = end_duty(org, user, by=by)
    removed = released = 0
    for responder in Responder.objects.filter(organization=org, user=user, is_active=True):
        released += Offer.objects.filter(responder=responder, status__in=(OfferStatus.OFFERED, *ASSIGNED)).count()
        remove_responder(responder, by=by, now=now)
        removed += 1
    revoked, _kinds = Invitation.objects.filter(organization=org, email__iexact=user.email,
                                                accepted_at__isnull=True).delete()
    volunteer_offboarded.send(sender=offboard_member, organization=org, user=user, at=now)
    audit(org.pk, action="change", object_type="offboarding", object_ids=[user.pk], actor=by,
          reason=(reason.strip() or "offboarded")[:200])
    return Offboarded(responders_removed=removed, offers_released=released, duty_cleared=duty, invitations_revoked=revoked)
