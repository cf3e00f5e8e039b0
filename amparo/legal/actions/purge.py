"""Retention of legal data.

- A closed case is purged ``LegalSettings.closed_case_purge_days`` after closing: its
  events, hearings, reminders and referrals go, and so does its person when no other
  case and no incident still needs them; a ``ClosedCaseCount`` keeps the facts
  (case type, outcome, county, dates).
- A person tied to incidents but with no case follows those incidents: when the
  retention purge reaches the last of them, the person, their contacts and consents
  go (the ``legal`` purger, registered in ``apps.py``).
- A person with no incident and no case (a family that called, nothing opened)
  goes after the organization's retention days.
- A purged case takes its family thread: the texts sent lose number and words, the
  family's replies (reports with no incident) lose theirs, except what a report
  keeper claims (a live subscriber's consent record). ``OptOut`` rows are never
  touched: a STOP outlives the case. While the case lives, its thread is kept from the
  unattached purge: the family's replies (``keep_family_replies``) and the texts sent to
  the family (``keep_family_texts``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from amparo.audit.log import audit
from amparo.incidents.models import Incident
from amparo.legal.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    ClosedCaseCount,
    FamilyMessage,
    LegalSettings,
    Person,
    PersonIncident,
)
from amparo.messaging.models import OutboundMessage
from amparo.reports.models import Report
from amparo.retention.actions import blank_reports, retention_for
from amparo.retention.models import PurgedIncident
from amparo.retention.registry import report_keepers

__all__ = ["legal_settings", "purge_closed_cases", "purge_people_of_incident", "purge_unattached_people",
           "keep_family_replies", "keep_family_texts"]


def legal_settings(org: Any) -> LegalSettings:
    return LegalSettings.objects.get_or_create(organization=org)[0]


def _outcome(case: Case) -> str:
    """The last status before closing: released, transferred out, removed, or closed while open."""
    statuses = list(CaseEvent.objects.filter(case=case, kind=CaseEventKind.STATUS)
                    .exclude(status__in=["", CaseStatus.CLOSED]).order_by("-created_at", "-pk")
                    .values_list("status", flat=True)[:1])
    return statuses[0] if statuses and statuses[0] != CaseStatus.OPEN else CaseStatus.CLOSED


def _person_still_needed(person: Person) -> bool:
    if Case.objects.filter(person=person).exists():
        return True
    unpurged = PersonIncident.objects.filter(person=person).exclude(
        incident_id__in=PurgedIncident.objects.values("incident_id"))
    return unpurged.exists()


def _delete_person(person: Person, reason: str) -> None:
    pk, org_id = person.pk, person.organization_id
    person.delete()  # contacts, consents and incident links cascade
    audit(org_id, action="purge", object_type="legal_person", object_ids=[pk], actor_label="retention", reason=reason)


FAMILY_KEEPER = "legal.family"


def _purge_family_thread(case: Case) -> None:
    """Blank the texts of ``case``'s family thread: sent ones and the family's replies (unless kept)."""
    rows = list(FamilyMessage.objects.filter(organization_id=case.organization_id, case=case)
                .values_list("outbound_id", "report_id"))
    outbound_ids = [o for o, _r in rows if o]
    report_ids = [r for _o, r in rows if r]
    for message in OutboundMessage.objects.filter(organization_id=case.organization_id, pk__in=outbound_ids,
                                                  incident__isnull=True):
        message.to_number, message.body, message.to_hash = "", "", ""
        message.save(update_fields=["to_number", "body", "to_hash"])
    kept: set[int] = set()
    for name, keep in report_keepers().items():
        if name != FAMILY_KEEPER:  # ours keeps a live case's replies: this case is going
            kept |= keep(case.organization_id, report_ids)
    live = Report.objects.filter(organization_id=case.organization_id, pk__in=report_ids, incident__isnull=True)
    blank_reports(case.organization_id, [pk for pk in live.values_list("pk", flat=True) if pk not in kept])


def keep_family_replies(org_id: int, report_ids: list[int]) -> set[int]:
    """Retention's ``report_keeper``: a family's reply belongs to its case, not to the unattached period, while
    the case lives (its purge blanks it)."""
    return set(FamilyMessage.objects.filter(organization_id=org_id, report_id__in=report_ids)
               .values_list("report_id", flat=True))


def keep_family_texts(org_id: int, outbound_ids: list[int]) -> set[int]:
    """Retention's ``sent_text_keeper``: what was texted to a family belongs to its case while the case lives,
    as the replies do; the case's purge blanks both."""
    return set(FamilyMessage.objects.filter(organization_id=org_id, outbound_id__in=outbound_ids)
               .values_list("outbound_id", flat=True))


def purge_closed_cases(org: Any, *, now: datetime | None = None) -> int:
    """Purge the organization's cases closed more than the set days ago. Returns how many."""
    now = now or timezone.now()
    days = legal_settings(org).closed_case_purge_days
    due = list(Case.objects.filter(organization=org, status=CaseStatus.CLOSED, ended_at__lt=now - timedelta(days=days))
               .select_related("person"))
    for case in due:
        with transaction.atomic():
            person = case.person
            ClosedCaseCount.objects.create(
                organization=org, case_type=case.case_type, outcome=_outcome(case),
                county=(person.county or "")[:100], opened_on=case.opened_at.date(),
                closed_on=(case.ended_at or now).date(), purged_at=now)
            pk = case.pk
            _purge_family_thread(case)
            case.delete()  # events, hearings, reminders, referrals and its holds' links cascade
            audit(org.pk, action="purge", object_type="legal_case", object_ids=[pk], actor_label="retention",
                  reason="case purged after closing")
            if not _person_still_needed(person):
                _delete_person(person, "closed case")
    return len(due)


def purge_people_of_incident(incident: Incident, report_ids: list[int], mode: str) -> list[str]:
    """The ``legal`` purger: people of a purged incident who have no case and no other live incident go."""
    person_ids = list(PersonIncident.objects.filter(incident=incident, person__organization_id=incident.organization_id)
                      .values_list("person_id", flat=True))
    for person in Person.objects.filter(organization_id=incident.organization_id, pk__in=person_ids):
        others = PersonIncident.objects.filter(person=person).exclude(incident=incident).exclude(
            incident_id__in=PurgedIncident.objects.values("incident_id"))
        if not Case.objects.filter(person=person).exists() and not others.exists():
            _delete_person(person, "incident purged")
    return []


def purge_unattached_people(org: Any, *, now: datetime | None = None) -> int:
    """People with no incident and no case, older than the organization's retention days."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_for(org).days)
    stale = list(Person.objects.filter(organization=org, created_at__lt=cutoff, cases__isnull=True,
                                       incident_links__isnull=True))
    for person in stale:
        _delete_person(person, "no incident and no case")
    return len(stale)
