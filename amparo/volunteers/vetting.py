"""Vetting: vouches, the admin's decision, and the purge of those not accepted.

Each state change is one function here; the pages call them. Who may vouch:
an active member of the organization (any role), never for themselves and
once per applicant. An applicant is accepted only with the vouches the
organization requires (``RecruitmentSettings.vouches_required``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.accounts.actions import invite_member
from amparo.accounts.models import Invitation
from amparo.audit.log import audit
from amparo.orgs.models import Membership, Organization, Role, Zone
from amparo.verification.actions import save_responder
from amparo.verification.models import Responder
from amparo.volunteers.models import Applicant, ApplicantStatus, Vouch
from amparo.volunteers.recruitment import recruitment_settings

# The least-privileged role: reach grows later, by certification (issue 14, item 4).
ACCEPTED_ROLE = Role.RESPONDER


def in_good_standing(org: Organization, user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and Membership.objects.filter(
        organization=org, user=user, is_active=True).exists()


def vouch(applicant: Applicant, *, by: Any, note: str = "", now: datetime | None = None) -> Vouch:
    """``by`` vouches for ``applicant``. Refused (PermissionDenied) for someone not in good
    standing; ValidationError when the sign-up is decided or ``by`` already vouched."""
    now = now or timezone.now()
    org = Organization.objects.get(pk=applicant.organization_id)
    if not in_good_standing(org, by):
        raise PermissionDenied
    if applicant.status != ApplicantStatus.PENDING:
        raise ValidationError(_("This sign-up has been decided already."))
    try:
        with transaction.atomic():
            made = Vouch.objects.create(organization_id=org.pk, applicant=applicant, voucher=by,
                                        note=note.strip()[:2000] or None, created_at=now)
            audit(org.pk, action="change", object_type="vouch", object_ids=[made.pk], actor=by)
    except IntegrityError:
        raise ValidationError(_("You have already vouched for this person."))
    return made


@dataclass(frozen=True)
class MutualPair:
    """Two members who each vouched for a recruit the other brought (first vouched for), within the window."""

    first_id: int
    second_id: int
    applicant_ids: tuple[int, ...]


def mutual_vouches(org: Organization, *, now: datetime | None = None) -> list[MutualPair]:
    """Pairs of members who vouch for each other's recruits within ``mutual_vouch_days``.

    A member's recruits are the applicants they vouched for first. A and B are a
    pair when A vouched for one of B's recruits and B for one of A's: the pattern
    of two people waving each other's friends through. Shown to the admin, never
    acted on alone. One query."""
    now = now or timezone.now()
    since = now - timedelta(days=recruitment_settings(org).mutual_vouch_days)
    rows = list(Vouch.objects.filter(organization=org, created_at__gte=since)
                .order_by("applicant_id", "created_at", "id").values_list("applicant_id", "voucher_id"))
    recruiter: dict[int, int] = {}
    for applicant_id, voucher_id in rows:
        recruiter.setdefault(applicant_id, voucher_id)
    # (voucher, recruiter) -> the applicants where the voucher backed the recruiter's recruit
    backed: dict[tuple[int, int], set[int]] = {}
    for applicant_id, voucher_id in rows:
        owner = recruiter[applicant_id]
        if owner != voucher_id:
            backed.setdefault((voucher_id, owner), set()).add(applicant_id)
    pairs = []
    for (a, b), applicants in sorted(backed.items()):
        if a < b and (b, a) in backed:
            pairs.append(MutualPair(a, b, tuple(sorted(applicants | backed[(b, a)]))))
    return pairs


def _zones_for(org: Organization, zip_code: str) -> list[Zone]:
    return [z for z in Zone.objects.filter(organization=org) if zip_code and zip_code in (z.zips or [])]


@transaction.atomic
def accept_applicant(applicant: Applicant, *, by: Any, now: datetime | None = None) -> tuple[Invitation, str]:
    """Accept a vetted sign-up: an invitation with the least-privileged role (responder),
    e-mailed through the accounts invitation flow, and a place on the roster, not yet
    field-eligible (nobody goes to the field before an admin clears them). Opens its own
    transaction; the decision is claimed by a conditional UPDATE (no row lock needed).
    Returns the invitation and its raw token (shown once to the admin)."""
    now = now or timezone.now()
    org = Organization.objects.get(pk=applicant.organization_id)
    needed = recruitment_settings(org).vouches_required
    have = Vouch.objects.filter(applicant=applicant).count()
    if have < needed:
        raise ValidationError(_("This sign-up has %(have)d of the %(needed)d vouches it needs.")
                              % {"have": have, "needed": needed})
    # Claimed by a conditional UPDATE: of two admins clicking at once, one invites; a failure
    # below (an address already a member) rolls the claim back with the rest.
    if not Applicant.objects.filter(pk=applicant.pk, status=ApplicantStatus.PENDING).update(
            status=ApplicantStatus.ACCEPTED, decided_at=now, decided_by=by):
        raise ValidationError(_("This sign-up has been decided already."))
    invitation, token = invite_member(org, email=applicant.email or "", role=ACCEPTED_ROLE, invited_by=by)
    responder = Responder.objects.filter(organization=org, phone_hash=applicant.phone_hash).first()
    if responder is None:
        responder = save_responder(org, name=applicant.name or "", phone=applicant.phone or "",
                                   languages=list(applicant.languages), training=[],
                                   zones=_zones_for(org, applicant.zip), field_eligible=False, on_call=False,
                                   schedule=[])
    Applicant.objects.filter(pk=applicant.pk).update(invitation=invitation, responder=responder)
    applicant.status, applicant.invitation, applicant.responder = ApplicantStatus.ACCEPTED, invitation, responder
    audit(org.pk, action="change", object_type="applicant", object_ids=[applicant.pk], actor=by, reason="accepted")
    return invitation, token


def reject_applicant(applicant: Applicant, *, by: Any, now: datetime | None = None) -> bool:
    """Not accepted: nothing is granted, and the sign-up is purged with the others not accepted."""
    now = now or timezone.now()
    done = Applicant.objects.filter(pk=applicant.pk, status=ApplicantStatus.PENDING).update(
        status=ApplicantStatus.REJECTED, decided_at=now, decided_by=by)
    if done:
        applicant.status = ApplicantStatus.REJECTED
        audit(applicant.organization_id, action="change", object_type="applicant", object_ids=[applicant.pk],
              actor=by, reason="rejected")
    return bool(done)


def link_accepted_member(invitation_id: int, user: Any) -> int:
    """The accepted applicant's invitation was taken up by ``user``: their roster entry
    becomes theirs (their offers page, their links). Returns the responders linked."""
    linked = 0
    rows = Applicant.objects.filter(invitation_id=invitation_id, responder__isnull=False).values_list(
        "responder_id", "organization_id")
    for responder_id, org_id in rows:
        linked += Responder.objects.filter(pk=responder_id, organization_id=org_id, user__isnull=True).update(user=user)
    return linked


def purge_applicants(org: Organization, *, now: datetime | None = None) -> int:
    """Delete the sign-ups not accepted (rejected or never decided) older than
    ``applicant_purge_days``, with their vouches and notes. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=recruitment_settings(org).applicant_purge_days)
    due = Applicant.objects.filter(organization=org, created_at__lt=cutoff).exclude(status=ApplicantStatus.ACCEPTED)
    ids = list(due.values_list("pk", flat=True))
    if ids:
        with transaction.atomic():
            Vouch.objects.filter(organization=org, applicant_id__in=ids).delete()
            Applicant.objects.filter(organization=org, pk__in=ids).delete()
            audit(org.pk, action="delete", object_type="applicant", object_ids=ids, actor_label="retention")
    return len(ids)
