from datetime import date

import pytest

from amparo.legal.actions import (
    BadInput,
    DuplicateFound,
    PersonFields,
    add_contact,
    create_person,
    person_from_report,
    record_consent,
)
from amparo.legal.models import Person, PersonIncident


def test_it_ties_the_person_to_the_reports_incident(person, report):
    link = PersonIncident.objects.get(person=person)
    assert (link.incident_id, link.report_id) == (report.incident_id, report.pk)
    assert person.a_number == "098765432" and person.phone == "+12135550199"
    assert person.a_number_hash and person.name_dob_hash


def test_a_second_call_with_the_a_number_proposes_the_record(person, north, dispatcher):
    with pytest.raises(DuplicateFound) as e:
        create_person(north, PersonFields(name="R. Martinez", a_number="98765432"), by=dispatcher)
    assert (e.value.person, e.value.by) == (person, "a_number")
    # Even when the dispatcher says "someone else": an A-number is one person.
    with pytest.raises(DuplicateFound):
        create_person(north, PersonFields(name="Other", a_number="098765432"), by=dispatcher,
                      allow_same_name_dob=True)
    assert Person.objects.count() == 1


def test_name_and_birth_date_propose_the_record_unless_told_it_is_another(person, north, dispatcher):
    fields = PersonFields(name="ROSA MARTINEZ", date_of_birth=date(1990, 4, 2))
    with pytest.raises(DuplicateFound) as e:
        create_person(north, fields, by=dispatcher)
    assert e.value.by == "name_dob"
    other = create_person(north, fields, by=dispatcher, allow_same_name_dob=True)
    assert other.pk != person.pk


def test_using_the_match_links_the_new_report(person, north, dispatcher):
    from django.utils import timezone

    from amparo.incidents.models import Incident
    from amparo.reports.models import Report

    now = timezone.now()
    inc = Incident.objects.create(organization=north, first_report_at=now, last_report_at=now, report_count=1)
    r2 = Report.objects.create(organization=north, channel="sms", provider_id="SMlegal2", body="x",
                               received_at=now, incident=inc)
    same = person_from_report(r2, PersonFields(name="x"), by=dispatcher, use=person)
    assert same == person and PersonIncident.objects.filter(person=person).count() == 2


def test_other_organizations_do_not_match(person, south, outsider):
    other = create_person(south, PersonFields(name="Rosa Martínez", date_of_birth=date(1990, 4, 2),
                                              a_number="098765432"), by=outsider)
    assert other.organization_id == south.pk


@pytest.mark.parametrize("fields,field", [
    (PersonFields(name=""), "name"), (PersonFields(name="A", a_number="12"), "a_number"),
    (PersonFields(name="A", phone="call me"), "phone"), (PersonFields(name="x" * 201), "name"),
])
def test_bad_input_names_its_field(north, dispatcher, fields, field):
    with pytest.raises(BadInput) as e:
        create_person(north, fields, by=dispatcher)
    assert e.value.field == field


def test_contacts_and_consents(person, legal):
    c = add_contact(person, by=legal, name="Ana", relation="sister", phone="(213) 555-0123", safe_to_call=True)
    assert c.phone == "+12135550123" and c.phone_hash and c.safe_to_call
    consent = record_consent(person, purpose="sms_updates", given=True, method="call", by=legal, contact=c)
    assert consent.recorded_at and consent.method == "call"
    with pytest.raises(BadInput):
        record_consent(person, purpose="anything", given=True, method="call", by=legal)
