"""The person affected, their emergency contacts, and the consents the family gave.

A second call about the same person must find the first record: ``create_person``
refuses with ``DuplicateFound`` (naming the existing record) when the A-number's
hash, or the name plus date of birth, is already known. The caller then links
to that record (``link_person``) or, for a name-and-date match only, says it is
another person (``allow_same_name_dob``). A matching A-number is always the same
person (and the database refuses a second row).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from amparo.audit.log import audit
from amparo.core.numbers import normalize_number
from amparo.crypto.keys import keyed_hash
from amparo.incidents.models import Incident
from amparo.legal.actions.keeping import hold_incidents_of_open_cases
from amparo.legal.anumbers import a_number_hash, name_dob_hash, normalize_a_number
from amparo.legal.models import Consent, EmergencyContact, Person, PersonIncident
from amparo.legal.models.people import ConsentMethod, ConsentPurpose
from amparo.reports.models import Report

__all__ = [
    "BadInput", "DuplicateFound", "PersonFields", "find_duplicate", "create_person", "person_from_report",
    "link_person", "add_contact", "set_contact_safe", "record_consent", "clean_phone", "NAME_MAX",
]

NAME_MAX = 200


class BadInput(ValueError):
    """Input a person typed that cannot be taken; ``field`` and ``message`` say where and why."""

    def __init__(self, field: str, message: Any) -> None:
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")


class DuplicateFound(Exception):
    """A record for this person exists. ``by`` is ``a_number`` or ``name_dob``."""

    def __init__(self, person: Person, by: str) -> None:
        self.person, self.by = person, by
        super().__init__(f"person {person.pk} matches by {by}")


@dataclass
class PersonFields:
    name: str
    date_of_birth: date | None = None
    language: str = ""
    county: str = ""
    phone: str = ""
    a_number: str = ""


def clean_phone(raw: str, field: str = "phone") -> str:
    """E.164, "" for nothing typed, ``BadInput`` for what does not parse as a phone number."""
    value = (raw or "").strip()
    if not value:
        return ""
    e164 = normalize_number(value)
    if not e164.startswith("+") or len(e164) < 8:
        raise BadInput(field, _("That phone number cannot be read. Type it with its area code, e.g. 213 555 0100."))
    return e164


def _clean(org_id: int, fields: PersonFields) -> tuple[PersonFields, str, str]:
    name = " ".join((fields.name or "").split())
    if not name:
        raise BadInput("name", _("Type the person's name (as the family says it)."))
    if len(name) > NAME_MAX:
        raise BadInput("name", _("The name is too long."))
    try:
        nine = normalize_a_number(fields.a_number)
    except ValueError as e:
        raise BadInput("a_number", getattr(e, "message", str(e))) from e
    clean = PersonFields(name=name, date_of_birth=fields.date_of_birth, language=(fields.language or "")[:10],
                         county=(fields.county or "").strip()[:100], phone=clean_phone(fields.phone),
                         a_number=nine)
    return clean, a_number_hash(org_id, nine), name_dob_hash(org_id, name, fields.date_of_birth)


def find_duplicate(org_id: int, *, a_hash: str, nd_hash: str) -> DuplicateFound | None:
    """The existing record a new one would duplicate: by A-number first, then by name plus date of birth."""
    if a_hash:
        person = Person.objects.filter(organization_id=org_id, a_number_hash=a_hash).first()
        if person is not None:
            return DuplicateFound(person, "a_number")
    if nd_hash:
        person = Person.objects.filter(organization_id=org_id, name_dob_hash=nd_hash).order_by("pk").first()
        if person is not None:
            return DuplicateFound(person, "name_dob")
    return None


def create_person(org: Any, fields: PersonFields, *, by: Any, report: Report | None = None,
                  incident: Incident | None = None, allow_same_name_dob: bool = False) -> Person:
    """A new Person, tied to the report's incident (or ``incident``) when given.

    Raises ``BadInput`` for what cannot be taken and ``DuplicateFound`` when the
    record exists (``allow_same_name_dob`` lets a name-and-date match through,
    after a person said it is someone else; an A-number match never)."""
    clean, a_hash, nd_hash = _clean(org.pk, fields)
    duplicate = find_duplicate(org.pk, a_hash=a_hash, nd_hash=nd_hash)
    if duplicate is not None and not (duplicate.by == "name_dob" and allow_same_name_dob):
        raise duplicate
    try:
        with transaction.atomic():
            person = Person.objects.create(
                organization=org, name=clean.name,
                date_of_birth=clean.date_of_birth.isoformat() if clean.date_of_birth else None,
                language=clean.language, county=clean.county or None, phone=clean.phone or None,
                a_number=clean.a_number or None, a_number_hash=a_hash, name_dob_hash=nd_hash,
                created_by=by if getattr(by, "is_authenticated", False) else None)
    except IntegrityError:
        # Two dispatchers saving the same A-number at once: the second finds the first.
        found = find_duplicate(org.pk, a_hash=a_hash, nd_hash="")
        if found is None:
            raise
        raise found from None
    audit(org.pk, action="create", object_type="legal_person", object_ids=[person.pk], actor=by)
    target = incident or (report.incident if report is not None else None)
    if target is not None:
        link_person(person, incident=target, report=report, by=by)
    return person


def person_from_report(report: Report, fields: PersonFields, *, by: Any, use: Person | None = None,
                       allow_same_name_dob: bool = False) -> Person:
    """A report turned into a Person: a new record, or ``use`` (the proposed match) tied to this report."""
    if use is not None:
        if use.organization_id != report.organization_id:
            raise Person.DoesNotExist
        if report.incident_id:
            link_person(use, incident=report.incident, report=report, by=by)  # type: ignore[arg-type]  # incident_id set
        return use
    return create_person(report.organization, fields, by=by, report=report, allow_same_name_dob=allow_same_name_dob)


def link_person(person: Person, *, incident: Incident, report: Report | None, by: Any) -> PersonIncident:
    """Tie ``person`` to ``incident`` (once); a case still open on the person holds the incident too."""
    if incident.organization_id != person.organization_id:
        raise Incident.DoesNotExist
    link, created = PersonIncident.objects.get_or_create(person=person, incident=incident,
                                                         defaults={"report": report})
    if created:
        audit(person.organization_id, action="change", object_type="legal_person", object_ids=[person.pk],
              actor=by, reason=f"tied to incident {incident.pk}")
        # An open case's hold covers every incident of its person.
        hold_incidents_of_open_cases(person, by=by)
    return link


def add_contact(person: Person, *, by: Any, name: str, relation: str = "", phone: str = "", language: str = "es",
                safe_to_call: bool = False) -> EmergencyContact:
    name = " ".join((name or "").split())
    if not name:
        raise BadInput("name", _("Type the contact's name."))
    if len(name) > NAME_MAX:
        raise BadInput("name", _("The name is too long."))
    e164 = clean_phone(phone)
    contact = EmergencyContact.objects.create(
        organization_id=person.organization_id, person=person, name=name, relation=(relation or "").strip()[:100] or None,
        phone=e164 or None, phone_hash=keyed_hash(person.organization_id, "tel:" + e164) if e164 else "",
        language=(language or "es")[:10], safe_to_call=safe_to_call)
    audit(person.organization_id, action="create", object_type="legal_contact", object_ids=[contact.pk], actor=by)
    return contact


def set_contact_safe(contact: EmergencyContact, *, safe_to_call: bool, by: Any) -> None:
    """Turn "safe to call" on or off. Off: nothing is ever sent to this contact."""
    EmergencyContact.objects.filter(pk=contact.pk, organization_id=contact.organization_id).update(
        safe_to_call=safe_to_call)
    contact.safe_to_call = safe_to_call
    audit(contact.organization_id, action="change", object_type="legal_contact", object_ids=[contact.pk], actor=by,
          reason="safe to call" if safe_to_call else "not safe to call")


def record_consent(person: Person, *, purpose: str, given: bool, method: str, by: Any,
                   contact: EmergencyContact | None = None) -> Consent:
    """A consent (or its withdrawal) for one purpose, with when and how. The latest per purpose counts."""
    if purpose not in ConsentPurpose.values:
        raise BadInput("purpose", _("Choose what the consent is for."))
    if method not in ConsentMethod.values:
        raise BadInput("method", _("Choose how the consent was given."))
    if contact is not None and contact.person_id != person.pk:
        raise EmergencyContact.DoesNotExist
    consent = Consent.objects.create(organization_id=person.organization_id, person=person, contact=contact,
                                     purpose=purpose, given=given, method=method,
                                     recorded_by=by if getattr(by, "is_authenticated", False) else None)
    audit(person.organization_id, action="change", object_type="legal_person", object_ids=[person.pk], actor=by,
          reason=f"consent {purpose} {'given' if given else 'withdrawn'}")
    return consent
