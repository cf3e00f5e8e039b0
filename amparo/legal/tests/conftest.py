"""Legal fixtures: an incident with a report, a facility, a person and an open case of north."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from amparo.incidents.models import Incident
from amparo.legal.actions import PersonFields, open_case, person_from_report
from amparo.legal.models import Facility
from amparo.reports.models import Report


@pytest.fixture
def incident(north):  # type: ignore[no-untyped-def]
    now = timezone.now()
    return Incident.objects.create(organization=north, first_report_at=now, last_report_at=now, report_count=1)


@pytest.fixture
def report(north, incident):  # type: ignore[no-untyped-def]
    return Report.objects.create(organization=north, channel="sms", provider_id="SMlegal1", body="ICE took my brother",
                                 caller_number="+13235550111", received_at=timezone.now(), incident=incident)


@pytest.fixture
def facility(north):  # type: ignore[no-untyped-def]
    return Facility.objects.create(organization=north, name="Adelanto ICE Processing Center",
                                   address="10250 Rancho Rd, Adelanto, CA", county="San Bernardino")


@pytest.fixture
def person(north, report, dispatcher):  # type: ignore[no-untyped-def]
    return person_from_report(report, PersonFields(name="Rosa Martínez", date_of_birth=date(1990, 4, 2),
                                                   a_number="A-098-765-432", phone="213 555 0199"), by=dispatcher)


@pytest.fixture
def case(person, dispatcher):  # type: ignore[no-untyped-def]
    return open_case(person, by=dispatcher)
