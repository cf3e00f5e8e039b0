"""Reads of legal data, each scoped to one organization. Pages audit what they show (``audit_reads``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from amparo.audit.log import audit
from amparo.legal.models import (
    Case,
    CaseEvent,
    CaseStatus,
    Consent,
    EmergencyContact,
    Facility,
    Hearing,
    HearingReminder,
    Person,
    PersonIncident,
)
from amparo.legal.timeline import phrase

HOME_CASES = 200


def audit_reads(org_id: int, user: Any, *, people: Sequence[int] = (), cases: Sequence[int] = (),
                reason: str = "") -> None:
    """Every read of a Person or a case writes an audit entry (one per record shown)."""
    if people:
        audit(org_id, action="read", object_type="legal_person", object_ids=people, actor=user, reason=reason)
    if cases:
        audit(org_id, action="read", object_type="legal_case", object_ids=cases, actor=user, reason=reason)


def org_case(org: Any, pk: int) -> Case:
    case = (Case.objects.filter(organization=org, pk=pk).select_related("person", "facility").first())
    if case is None:
        raise Http404
    return case


def org_person(org: Any, pk: int) -> Person:
    person = Person.objects.filter(organization=org, pk=pk).first()
    if person is None:
        raise Http404
    return person


def facilities(org: Any) -> QuerySet[Facility]:
    return Facility.objects.filter(organization=org).order_by("name")


def facility_named(org: Any, name: str) -> Facility | None:
    """The listed facility of this name (case and spacing ignored)."""
    key = " ".join((name or "").split()).casefold()
    if not key:
        return None
    return next((f for f in facilities(org) if " ".join(f.name.split()).casefold() == key), None)


@dataclass
class Line:
    event: CaseEvent
    text: str


def timeline(case: Case) -> list[Line]:
    events = (CaseEvent.objects.filter(organization_id=case.organization_id, case=case)
              .select_related("facility", "actor", "hearing").order_by("created_at", "pk"))
    return [Line(e, phrase(e)) for e in events]


def case_hearings(case: Case) -> list[Hearing]:
    """The case's hearings, in time order (what a hearing can be moved from)."""
    return list(Hearing.objects.filter(organization_id=case.organization_id, case=case).order_by("starts_at", "pk"))


def next_hearing(case: Case) -> Hearing | None:
    return (Hearing.objects.filter(organization_id=case.organization_id, case=case, starts_at__gte=timezone.now())
            .order_by("starts_at").first())


def home_cases(org: Any) -> list[Case]:
    """The coordinator's cases: those not closed first (newest first), then the recently closed."""
    now = timezone.now()
    upcoming = Prefetch("hearings", queryset=Hearing.objects.filter(starts_at__gte=now).order_by("starts_at"),
                        to_attr="upcoming")
    rows = list(Case.objects.filter(organization=org).select_related("person", "facility")
                .prefetch_related(upcoming).order_by("-opened_at", "-pk")[:HOME_CASES])
    return sorted(rows, key=lambda c: c.status == CaseStatus.CLOSED)


def open_reminders(org: Any) -> list[HearingReminder]:
    return list(HearingReminder.objects.filter(organization=org, done_at__isnull=True)
                .select_related("case", "hearing").order_by("hearing__starts_at", "kind"))


def person_details(person: Person) -> dict[str, Any]:
    org_id = person.organization_id
    return {
        "contacts": list(EmergencyContact.objects.filter(organization_id=org_id, person=person).order_by("pk")),
        "consents": list(Consent.objects.filter(organization_id=org_id, person=person)
                         .select_related("contact", "recorded_by").order_by("-recorded_at", "-pk")),
        "cases": list(Case.objects.filter(organization_id=org_id, person=person).order_by("-opened_at")),
        "incidents": list(PersonIncident.objects.filter(person=person, incident__organization_id=org_id)
                          .select_related("incident").order_by("created_at")),
    }


def current_consents(consents: list[Consent]) -> dict[str, Consent]:
    """The latest consent per purpose (``consents`` newest first)."""
    latest: dict[str, Consent] = {}
    for c in consents:
        latest.setdefault(c.purpose, c)
    return latest


@dataclass
class CaseStatusRow:
    pk: int
    reference: str
    status_label: str


@dataclass
class IncidentLegal:
    """What a dispatcher sees of legal aid on an incident page: cases and their status, no names."""

    cases: list[CaseStatusRow]
    people_without_case: list[int]


def incident_legal(org: Any, incident_id: int) -> IncidentLegal:
    """One query: the incident's people, each with their cases (a left join)."""
    rows = (PersonIncident.objects.filter(incident_id=incident_id, person__organization=org)
            .values_list("person_id", "person__cases__pk", "person__cases__number", "person__cases__status")
            .order_by("person__cases__number"))
    cases: dict[int, CaseStatusRow] = {}
    without: list[int] = []
    for person_id, case_id, number, status in rows:
        if case_id is None:
            without.append(person_id)
        else:
            label = CaseStatus(status).label if status in CaseStatus.values else status
            cases[case_id] = CaseStatusRow(pk=case_id, reference=f"C{number}", status_label=str(label))
    return IncidentLegal(cases=list(cases.values()), people_without_case=without)


def person_incident_ids(org_id: int) -> QuerySet[Any]:
    """The organization's incidents linked to a person affected: never published nor corrected
    publicly (registered in ``incidents.publishing`` by ``LegalConfig.ready``)."""
    return PersonIncident.objects.filter(person__organization_id=org_id).values("incident_id")


def parse_dob(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
