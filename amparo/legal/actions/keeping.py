"""Retention of legal data: an open case holds its incidents; a closed one is purged to counts.

An open case (any status but closed) places a ``retention.LegalHold`` on every
incident of its person, so the record a lawyer needs is never purged under them;
closing the case releases the holds it placed. ``legal`` imports ``retention``,
never the reverse.
"""

from __future__ import annotations

from typing import Any

from amparo.legal.models import Case, CaseHold, CaseStatus, Person, PersonIncident
from amparo.retention.actions import release_legal_hold, set_legal_hold

__all__ = ["hold_incidents_of_open_cases", "release_case_holds"]


def hold_incidents_of_open_cases(person: Person, *, by: Any) -> int:
    """Place a hold, for each case of ``person`` not closed, on each incident of the person it does not hold yet."""
    cases = list(Case.objects.filter(organization_id=person.organization_id, person=person)
                 .exclude(status=CaseStatus.CLOSED))
    if not cases:
        return 0
    incident_ids = list(PersonIncident.objects.filter(person=person).values_list("incident_id", flat=True))
    placed = 0
    for case in cases:
        held = set(CaseHold.objects.filter(case=case).values_list("hold__incident_id", flat=True))
        for link in PersonIncident.objects.filter(person=person, incident_id__in=set(incident_ids) - held
                                                  ).select_related("incident"):
            hold = set_legal_hold(link.incident, by=by, reason=f"Legal case {case.reference}")
            CaseHold.objects.create(organization_id=case.organization_id, case=case, hold=hold)
            placed += 1
    return placed


def release_case_holds(case: Case, *, by: Any) -> int:
    """Release the holds ``case`` placed (other cases' holds on the same incidents stay)."""
    holds = list(CaseHold.objects.filter(case=case, hold__released_at__isnull=True).select_related("hold"))
    for ch in holds:
        release_legal_hold(ch.hold, by=by)
    return len(holds)
