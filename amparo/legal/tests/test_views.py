from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from amparo.audit.models import AuditEntry
from amparo.legal.actions import add_note, schedule_hearing
from amparo.legal.models import Case, CaseEvent, Hearing, Person


def test_a_dispatcher_turns_a_report_into_a_person_and_a_case(client, dispatcher, report):
    client.force_login(dispatcher)
    url = reverse("legal:person_from_report", args=[report.pk])
    assert client.get(url).status_code == 200
    r = client.post(url, {"name": "Rosa Martínez", "date_of_birth": "1990-04-02", "a_number": "A12345678",
                          "language": "es", "open_case": "on", "case_type": "detention_bond"})
    assert r.status_code == 302 and r.headers["Location"] == reverse("console:incident", args=[report.incident_id])
    case = Case.objects.get()
    assert case.person.a_number == "012345678"
    page = client.get(r.headers["Location"]).content.decode()
    assert f'id="legal-case-{case.pk}"' in page and "C1" in page
    assert "Rosa" not in page.split('id="legal-aid"')[1].split("</section>")[0]  # status only, no name


def test_the_match_shows_name_and_birth_date_only(client, dispatcher, person, report):
    client.force_login(dispatcher)
    url = reverse("legal:person_from_report", args=[report.pk])
    r = client.post(url, {"name": "Someone", "a_number": "098765432", "language": "es"})
    body = r.content.decode()
    assert r.status_code == 400 and 'id="match"' in body and "Rosa Martínez" in body
    assert "098765432" not in body.replace('value="098765432"', "") and "555" not in body
    assert AuditEntry.objects.filter(object_type="legal_person", object_id=str(person.pk), action="read").exists()
    r = client.post(url, {"name": "Someone", "a_number": "098765432", "language": "es",
                          "match_choice": f"same:{person.pk}"})
    assert r.status_code == 302 and Person.objects.count() == 1


@pytest.mark.parametrize("language,expected", [("en", "8 or 9 digits"), ("es", "8 o 9 dígitos")])
def test_a_malformed_a_number_keeps_what_was_typed(client, dispatcher, report, language, expected):
    client.force_login(dispatcher)
    r = client.post(reverse("legal:person_from_report", args=[report.pk]),
                    {"name": "Ana López", "a_number": "A12-34", "phone": "(213) 555-0142", "language": "es"},
                    HTTP_ACCEPT_LANGUAGE=language)
    body = r.content.decode()
    assert r.status_code == 400 and expected in body
    assert 'value="Ana López"' in body and 'value="A12-34"' in body and 'value="(213) 555-0142"' in body
    assert not Person.objects.exists()


def test_a_bad_phone_is_refused_in_spanish(client, dispatcher, report):
    client.force_login(dispatcher)
    r = client.post(reverse("legal:person_from_report", args=[report.pk]),
                    {"name": "Ana", "phone": "llámame", "language": "es"}, HTTP_ACCEPT_LANGUAGE="es")
    assert r.status_code == 400 and "No se puede leer ese número" in r.content.decode()


def post_event(client, case, event, **fields):
    data = {"event": event, f"{event}-version": case.version, **{f"{event}-{k}": v for k, v in fields.items()}}
    return client.post(reverse("legal:record", args=[case.pk]), data)


def test_the_coordinator_records_located_bond_and_hearing(client, legal, case, facility):
    client.force_login(legal)
    assert post_event(client, case, "located", facility="adelanto ice processing center", on="2026-01-05").status_code == 302
    case.refresh_from_db()
    assert post_event(client, case, "bond_set", amount="$1,500").status_code == 302
    case.refresh_from_db()
    day = (timezone.localdate() + timedelta(days=20)).isoformat()
    assert post_event(client, case, "hearing", day=day, time="09:30", court="Adelanto Immigration Court").status_code == 302
    page = client.get(reverse("legal:case", args=[case.pk])).content.decode()
    assert "Located at Adelanto ICE Processing Center" in page and "Bond set at $1,500" in page
    assert "Hearing on" in page
    assert CaseEvent.objects.get(kind="bond_set").amount_cents == 150000


def test_refusals_keep_what_was_typed(client, legal, case):
    client.force_login(legal)
    r = post_event(client, case, "located", facility="Nowhere Detention", on="2026-01-05")
    assert r.status_code == 400 and "is not in the facility list" in r.content.decode()
    assert 'value="Nowhere Detention"' in r.content.decode() and 'id="form-located" open' in r.content.decode()
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    r = post_event(client, case, "hearing", day=yesterday, time="09:30", court="Adelanto")
    assert r.status_code == 400 and "tick the confirmation" in r.content.decode()
    r = post_event(client, case, "hearing", day=yesterday, time="09:30", court="Adelanto", confirm_past="on")
    assert r.status_code == 302 and Hearing.objects.count() == 1
    case.refresh_from_db()
    r = post_event(client, case, "note", text="x" * 2001)
    assert r.status_code == 400 and "at most 2000 characters" in r.content.decode()
    r = post_event(client, case, "bond_paid")
    assert r.status_code == 400 and "only after it was set" in r.content.decode()


def test_a_stale_form_is_refused_and_can_be_sent_again(client, legal, case):
    client.force_login(legal)
    stale = case.version
    add_note(case, text="someone else", by=legal, version=None)
    r = client.post(reverse("legal:record", args=[case.pk]),
                    {"event": "note", "note-version": stale, "note-text": "mine"})
    body = r.content.decode()
    assert r.status_code == 400 and "Someone else changed this case" in body and "mine</textarea>" in body
    assert f'name="note-version" value="{stale + 1}"' in body


def test_outsiders_get_404_and_reads_are_audited(client, outsider, legal, case, north):
    client.force_login(legal)
    client.get(reverse("legal:case", args=[case.pk]))
    assert AuditEntry.objects.filter(organization=north, object_type="legal_case", object_id=str(case.pk),
                                     action="read").exists()
    assert AuditEntry.objects.filter(object_type="legal_person", object_id=str(case.person_id), action="read").exists()
    client.force_login(outsider)
    assert client.get(reverse("legal:case", args=[case.pk])).status_code == 403  # a dispatcher elsewhere


def test_an_outsider_coordinator_gets_404(client, south, case):
    from conftest import make_member

    client.force_login(make_member(south, "legal@south.test", "legal"))
    assert client.get(reverse("legal:case", args=[case.pk])).status_code == 404
    assert client.get(reverse("legal:person", args=[case.person_id])).status_code == 404


def test_the_calendar_carries_the_reference_and_never_the_name(client, legal, case):
    schedule_hearing(case, starts_at=timezone.now() + timedelta(days=9), court="Adelanto", by=legal, version=None)
    client.force_login(legal)
    r = client.get(reverse("legal:hearings_ics", args=[case.pk]))
    body = r.content.decode()
    assert r["Content-Type"].startswith("text/calendar") and "BEGIN:VEVENT" in body and "C1" in body
    assert "Rosa" not in body and "Mart" not in body


def test_the_cases_list_counts_its_queries(client, legal, person, django_assert_max_num_queries):
    from amparo.legal.actions import open_case

    for _ in range(5):
        open_case(person, by=legal)
    client.force_login(legal)
    client.get(reverse("legal:cases"))
    with django_assert_max_num_queries(14):
        r = client.get(reverse("legal:cases"))
    assert r.content.decode().count('class="work-item"') == 5


def test_contacts_and_consents_on_the_person_page(client, legal, person):
    client.force_login(legal)
    url = reverse("legal:contact_add", args=[person.pk])
    r = client.post(url, {"contact-name": "Ana", "contact-phone": "not a phone", "contact-language": "es"})
    assert r.status_code == 400 and 'value="not a phone"' in r.content.decode()
    r = client.post(url, {"contact-name": "Ana", "contact-phone": "213 555 0123", "contact-language": "es",
                          "contact-safe_to_call": "on"})
    assert r.status_code == 302
    r = client.post(reverse("legal:consent_add", args=[person.pk]),
                    {"consent-purpose": "sms_updates", "consent-given": "yes", "consent-method": "call"})
    assert r.status_code == 302
    page = client.get(reverse("legal:person", args=[person.pk])).content.decode()
    assert "Safe to call" in page and "Sending SMS updates" in page


def test_admins_import_facilities_and_bad_rows_are_named_by_line(client, admin_user, north):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from amparo.legal.models import Facility

    csv = (b"name,address,county,phone\nAdelanto ICE Processing Center,10250 Rancho Rd,San Bernardino,760-561-6100\n"
           b",no name,LA,\nOtay Mesa Detention Center,7488 Calzada de la Fuente,San Diego,not a phone\n"
           b"Desert View Annex,10450 Rancho Rd,San Bernardino,\n")
    client.force_login(admin_user)
    r = client.post(reverse("manage:facilities"), {"file": SimpleUploadedFile("f.csv", csv, "text/csv")})
    body = r.content.decode()
    assert "Line 3: the name is empty" in body and "Line 4: the phone number" in body
    assert sorted(Facility.objects.filter(organization=north).values_list("name", flat=True)) == [
        "Adelanto ICE Processing Center", "Desert View Annex"]
