"""Reads of recruitment: the sign-ups an admin or a voucher sees, each read audited by the caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from amparo.accounts.models import User
from amparo.orgs.models import Organization
from amparo.volunteers.models import Applicant, ApplicantStatus, Vouch
from amparo.volunteers.vetting import MutualPair, mutual_vouches

LIST_LIMIT = 200


@dataclass
class SignUpRow:
    applicant: Applicant
    vouches: int
    mutual: list[str] = field(default_factory=list)  # "A and B" pairs behind this sign-up's vouches


def signups(org: Organization, *, status: str = ApplicantStatus.PENDING) -> list[SignUpRow]:
    """Sign-ups by status, newest first, with their vouch counts and mutual-vouch flags. Three queries."""
    rows = list(Applicant.objects.filter(organization=org, status=status)
                .annotate(n_vouches=Count("vouches")).order_by("-created_at", "-id")[:LIST_LIMIT])
    flagged = _flags(org, mutual_vouches(org))
    return [SignUpRow(a, a.n_vouches, flagged.get(a.pk, [])) for a in rows]


def _flags(org: Organization, pairs: list[MutualPair]) -> dict[int, list[str]]:
    if not pairs:
        return {}
    ids = {p.first_id for p in pairs} | {p.second_id for p in pairs}
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=ids, memberships__organization=org)}
    flags: dict[int, list[str]] = {}
    for p in pairs:
        label = f"{names.get(p.first_id, '?')} · {names.get(p.second_id, '?')}"
        for applicant_id in p.applicant_ids:
            flags.setdefault(applicant_id, []).append(label)
    return flags


def vouches_for(applicant: Applicant) -> list[Vouch]:
    return list(Vouch.objects.filter(organization_id=applicant.organization_id, applicant=applicant)
                .select_related("voucher"))


def vouched_by(org: Organization, user: Any) -> set[int]:
    return set(Vouch.objects.filter(organization=org, voucher=user).values_list("applicant_id", flat=True))
