"""Small builders for the provider slice's tests: a case, a provider, a contact, an attorney.

Cases and people are created directly (their actions and pages are legal-cases'), with the
fields encrypted and hashed as the real actions do."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Max

from amparo.crypto.keys import keyed_hash
from amparo.legal.models import (
    Case,
    CaseType,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    EmergencyContact,
    Facility,
    Person,
    Provider,
    ProviderAttorney,
)
from conftest import make_member


def make_case(org: Any, *, name: str = "Ana Canary Pérez", county: str = "Los Angeles", language: str = "es",
              case_type: str = CaseType.DETENTION_BOND, facility: Facility | None = None) -> Case:
    person = Person.objects.create(organization=org, name=name, county=county, language=language)
    number = (Case.objects.filter(organization=org).aggregate(n=Max("number"))["n"] or 0) + 1
    return Case.objects.create(organization=org, number=number, person=person, case_type=case_type,
                               facility=facility)


def make_provider(org: Any, name: str, *, counties: list[str] | None = None, languages: list[str] | None = None,
                  case_types: list[str] | None = None, capacity: int = 5, open_cases: int = 0,
                  phone: str = "", email: str = "") -> Provider:
    return Provider.objects.create(
        organization=org, name=name, counties=counties or ["Los Angeles"], languages=languages or ["en", "es"],
        case_types=case_types or [CaseType.DETENTION_BOND], capacity=capacity, open_cases=open_cases,
        contact_phone=phone or None, contact_email=email or None,
        contact_phone_hash=keyed_hash(org.pk, "tel:" + phone) if phone else "")


def make_contact(case: Case, phone: str, *, language: str = "es", safe: bool = True, consent: bool = True,
                 name: str = "Rosa Canary") -> EmergencyContact:
    contact = EmergencyContact.objects.create(
        organization_id=case.organization_id, person=case.person, name=name, relation="sister", phone=phone,
        phone_hash=keyed_hash(case.organization_id, "tel:" + phone), language=language, safe_to_call=safe)
    if consent:
        Consent.objects.create(organization_id=case.organization_id, person=case.person, contact=contact,
                               purpose=ConsentPurpose.SMS_UPDATES, method=ConsentMethod.PHONE_CALL)
    return contact


def make_attorney(org: Any, provider: Provider, email: str) -> Any:
    user = make_member(org, email, "attorney")
    ProviderAttorney.objects.create(organization=org, provider=provider, user=user)
    return user


@pytest.fixture
def run_on_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run on-commit work at once: the test's transaction never commits, and the texts and e-mails
    the actions hand over on commit are what these tests check."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda fn, using=None, robust=False: fn())
