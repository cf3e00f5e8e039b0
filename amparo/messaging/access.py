"""Who may text reporters of an incident."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from amparo.incidents.models import Incident
from amparo.orgs.models import Membership, Role

MAY_TEXT_REPORTERS = frozenset({Role.ADMIN, Role.DISPATCHER})


def incident_for_texting(user: Any, incident_id: int) -> Incident:
    """The incident, if ``user`` is a dispatcher or admin of its organization.

    Someone outside the organization gets 404 whether or not it exists;
    a member with another role gets 403."""
    incident = Incident.objects.select_related("organization").filter(pk=incident_id).first()
    if incident is None:
        raise Http404
    role = (Membership.objects.filter(user=user, organization_id=incident.organization_id, is_active=True)
            .values_list("role", flat=True).first())
    if role is None:
        raise Http404
    if role not in MAY_TEXT_REPORTERS:
        raise PermissionDenied
    return incident
