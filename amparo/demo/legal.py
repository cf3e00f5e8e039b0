"""The demo's legal aid: a facility list and one open case tied to a demo incident, with a person
(fictional) and a safe-to-call contact, loaded through the real actions. Idempotent: once the
organization has a case, nothing is added."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from amparo.accounts.models import User
from amparo.core.clock import org_zone
from amparo.legal.actions import (
    PersonFields,
    add_contact,
    add_note,
    open_case,
    person_from_report,
    record_consent,
    record_located,
    schedule_hearing,
)
from amparo.legal.facilities import import_facilities
from amparo.legal.models import Case, Facility
from amparo.orgs.models import Organization
from amparo.reports.models import Report

DATA = Path(__file__).resolve().parent / "data"


def ensure_legal(org: Organization) -> int:
    """Load the facilities (once) and the demo case (once). Returns the organization's number of cases."""
    if not Facility.objects.filter(organization=org).exists():
        with (DATA / "facilities.csv").open("rb") as f:
            import_facilities(org, f)
    if Case.objects.filter(organization=org).exists():
        return Case.objects.filter(organization=org).count()
    report = (Report.objects.filter(organization=org, incident__isnull=False).order_by("received_at", "pk").first())
    if report is None:
        return 0
    dispatcher = User.objects.filter(email="dispatcher@demo.amparo.test").first()
    legal = User.objects.filter(email="legal@demo.amparo.test").first()
    person = person_from_report(report, PersonFields(name="María Demo Hernández", date_of_birth=date(1988, 5, 14),
                                                     language="es", county="Los Angeles", a_number="A-201-555-017"),
                                by=dispatcher)
    contact = add_contact(person, by=dispatcher, name="Lucía Hernández", relation="hermana / sister",
                          phone="+12135550188", language="es", safe_to_call=True)
    record_consent(person, purpose="contact", given=True, method="call", by=dispatcher, contact=contact)
    record_consent(person, purpose="sms_updates", given=True, method="call", by=dispatcher, contact=contact)
    case = open_case(person, by=dispatcher)
    facility = Facility.objects.get(organization=org, name="Adelanto ICE Processing Center")
    zone = org_zone(org)  # the court's morning in the network's zone, not 9:00 UTC (01:00 in Los Angeles)
    record_located(case, facility=facility, found_on=timezone.localdate(timezone=zone), by=legal, version=None)
    local_nine = timezone.localtime(timezone=zone).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=10)
    schedule_hearing(case, starts_at=local_nine, court="Adelanto Immigration Court", by=legal, version=None)
    add_note(case, text="Sister called the hotline; she can receive texts in Spanish.", by=legal, version=None)
    return 1
