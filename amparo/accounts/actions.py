"""State changes of accounts and memberships. Every entry point calls these."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta
from smtplib import SMTPException
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from amparo.accounts.models import Invitation, User
from amparo.accounts.role_checks import role_refusal
from amparo.accounts.signals import invitation_accepted, member_deactivated
from amparo.audit.log import audit
from amparo.orgs.models import Membership, Organization, Role

log = logging.getLogger(__name__)

INVITATION_DAYS = 7


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    return settings.AMPARO_PUBLIC_URL + reverse("accounts:accept_invitation", args=[token])


def find_invitation(token: str) -> Invitation | None:
    """The pending, unexpired invitation for ``token``, else None."""
    return (
        Invitation.objects.select_related("organization")
        .filter(token_hash=hash_token(token), accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


def invite_member(org: Organization, *, email: str, role: str, invited_by: Any) -> tuple[Invitation, str]:
    """Invite ``email`` to ``org`` with ``role``; returns the invitation and its raw token.

    The token exists only in the return value and the email: show it once.
    A new invitation replaces any pending one for the same address."""
    email = email.strip().lower()
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    member = Membership.objects.filter(organization=org, user__email__iexact=email).first()
    if member is not None:
        if member.is_active:
            raise ValidationError(_("This person is already a member."))
        raise ValidationError(_("This person is a deactivated member: reactivate them instead."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        Invitation.objects.filter(organization=org, email=email, accepted_at__isnull=True).delete()
        invitation = Invitation.objects.create(
            organization=org, email=email, role=role, token_hash=hash_token(token), invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        audit(org.pk, action="change", object_type="invitation", object_ids=[invitation.pk], actor=invited_by)
    _send_invitation(invitation, token)
    return invitation, token


def _send_invitation(invitation: Invitation, token: str) -> None:
    org = invitation.organization
    with override(org.default_language):
        subject = _("Invitation to %(org)s on Amparo") % {"org": org.name}
        body = _(
            "You have been invited to join %(org)s on Amparo as %(role)s.\n\n"
            "Open this link within %(days)d days to set your password:\n%(url)s\n\n"
            "If you did not expect this, ignore this message."
        ) % {"org": org.name, "role": Role(invitation.role).label, "days": INVITATION_DAYS,
             "url": invitation_url(token)}
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    except (OSError, SMTPException):
        # The admin still sees the link once and can pass it on another way.
        log.exception("invitation %s: email not sent", invitation.pk)


@transaction.atomic
def accept_invitation(invitation: Invitation, *, user: User | None = None, password: str = "") -> User:
    """Accept ``invitation``: as the existing ``user`` whose email it names, or by
    creating that user with ``password`` (validated by the caller's form).

    Locks the invitation row so that a link cannot be used twice."""
    inv = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if inv.accepted_at is not None or inv.expires_at <= timezone.now():
        raise ValidationError(_("This invitation is no longer valid."))
    existing = User.objects.filter(email__iexact=inv.email).first()
    if existing is not None:
        if user is None or user.pk != existing.pk:
            raise ValidationError(_("Log in as %(email)s to accept this invitation.") % {"email": inv.email})
        user = existing
    else:
        if user is not None:
            raise ValidationError(_("This invitation is for another email address."))
        user = User.objects.create_user(email=inv.email, password=password)
        # Reaching the emailed link proves the address: allauth may use it for password resets.
        EmailAddress.objects.create(user=user, email=inv.email, verified=True, primary=True)
    Membership.objects.update_or_create(
        user=user, organization_id=inv.organization_id, defaults={"role": inv.role, "is_active": True}
    )
    inv.accepted_at = timezone.now()
    inv.save(update_fields=["accepted_at"])
    invitation_accepted.send(sender=accept_invitation, invitation=inv, user=user)
    audit(inv.organization_id, action="change", object_type="membership", object_ids=[user.pk], actor=user)
    return user


def revoke_invitation(invitation: Invitation, *, actor: Any) -> None:
    pk, org_id = invitation.pk, invitation.organization_id
    invitation.delete()
    audit(org_id, action="delete", object_type="invitation", object_ids=[pk], actor=actor)


def change_role(membership: Membership, *, role: str, actor: Any) -> Membership:
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    _refuse_last_admin(membership, demoting=role != Role.ADMIN)
    # More reach may need certifications first (volunteers registers the check).
    reason = role_refusal(membership, role)
    if reason:
        raise ValidationError(reason)
    membership.role = role
    membership.save(update_fields=["role"])
    audit(membership.organization_id, action="change", object_type="membership",
          object_ids=[membership.user_id], actor=actor)
    return membership


@transaction.atomic
def deactivate_member(membership: Membership, *, actor: Any) -> Membership:
    """Take the member out of the organization at once: their sessions and this
    organization's API tokens end now (the API listens to ``member_deactivated``).

    Rotating ``session_salt`` ends the user's sessions everywhere, in other
    organizations too: they log in again there. Tokens stay revoked if the
    member is reactivated: a new one is issued on purpose."""
    _refuse_last_admin(membership, demoting=True)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    User.objects.filter(pk=membership.user_id).update(session_salt=secrets.token_hex(16))
    member_deactivated.send(sender=deactivate_member, membership=membership)
    audit(membership.organization_id, action="change", object_type="membership",
          object_ids=[membership.user_id], actor=actor)
    return membership


def reactivate_member(membership: Membership, *, actor: Any) -> Membership:
    membership.is_active = True
    membership.save(update_fields=["is_active"])
    audit(membership.organization_id, action="change", object_type="membership",
          object_ids=[membership.user_id], actor=actor)
    return membership


def _refuse_last_admin(membership: Membership, *, demoting: bool) -> None:
    # An organization without an active admin cannot manage itself any more.
    if not demoting or membership.role != Role.ADMIN or not membership.is_active:
        return
    others = Membership.objects.filter(
        organization_id=membership.organization_id, role=Role.ADMIN, is_active=True
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(_("The organization must keep at least one active admin."))
