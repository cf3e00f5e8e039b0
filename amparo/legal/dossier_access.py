"""Who may take an evidence dossier: the organization's admins and legal coordinators, and the
attorneys of the provider that accepted the case (``Case.provider``), for that case's incidents.

An attorney is a ``ProviderAttorney`` row of an active member; a referral not yet accepted
shows them the conflict-check fields only, never the evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from amparo.incidents.models import Incident
from amparo.legal.models import Case, ProviderAttorney
from amparo.orgs.models import Membership, Role

DOSSIER_ROLES = (Role.ADMIN, Role.LEGAL)


@dataclass(frozen=True)
class DossierAccess:
    org_ids: list[int]  # every incident and case of these
    attorney_org_ids: list[int]  # the cases accepted by these providers, in these organizations
    provider_ids: list[int]

    @property
    def any(self) -> bool:
        return bool(self.org_ids or self.provider_ids)


def dossier_access(user: Any) -> DossierAccess:
    """Two queries: the user's active memberships, and their provider ties."""
    rows = list(Membership.objects.filter(user=user, is_active=True).values_list("organization_id", "role"))
    active = [org_id for org_id, _ in rows]
    ties = list(ProviderAttorney.objects.filter(user=user, organization__in=active)
                .values_list("organization_id", "provider_id"))
    return DossierAccess(org_ids=[org_id for org_id, role in rows if role in DOSSIER_ROLES],
                         attorney_org_ids=[o for o, _ in ties], provider_ids=[p for _, p in ties])


def dossier_incident(access: DossierAccess, incident_id: int) -> Incident | None:
    incident = (Incident.objects.filter(organization__in=access.org_ids, pk=incident_id)
                .select_related("organization").first())
    if incident is None and access.provider_ids:
        incident = (Incident.objects.filter(organization__in=access.attorney_org_ids, pk=incident_id,
                                            legal_people__cases__provider__in=access.provider_ids)
                    .select_related("organization").first())
    return incident


def dossier_case(access: DossierAccess, pk: int) -> Case | None:
    case = Case.objects.filter(organization__in=access.org_ids, pk=pk).select_related("organization").first()
    if case is None and access.provider_ids:
        case = (Case.objects.filter(organization__in=access.attorney_org_ids, pk=pk,
                                    provider__in=access.provider_ids)
                .select_related("organization").first())
    return case
