"""Downloading a dossier: who may, what they get, and that it is audited."""

from __future__ import annotations

import io
import zipfile

import pytest

from amparo.audit.models import AuditEntry
from amparo.crypto import signing
from amparo.legal.dossier.verify import verify_dossier
from amparo.legal.models import Case, Person, PersonIncident, Provider, ProviderAttorney
from amparo.legal.tests.dossier_fixtures import (  # noqa: F401 (fixtures)
    dossier_incident,
    dossier_media_root,
    dossier_ready_incident,
)
from conftest import make_member


def body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


@pytest.fixture
def case(north, incident):  # type: ignore[no-untyped-def]
    person = Person.objects.create(organization=north, name="Ana Pérez")
    PersonIncident.objects.create(person=person, incident=incident)
    return Case.objects.create(organization=north, number=7, person=person)


def test_it_streams_a_verifying_zip_to_a_legal_coordinator_and_audits_it(client, north, legal, incident):
    client.force_login(legal)
    response = client.get(f"/legal/incidents/{incident.pk}/dossier.zip")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/zip"
    assert f'filename="dossier-north-incident-{incident.number}.zip"' in response["Content-Disposition"]
    data = body(response)
    assert verify_dossier(io.BytesIO(data), public_key=signing.org_public_key(north.pk)).ok
    assert AuditEntry.objects.filter(organization=north, actor=legal, action="export", object_type="incident",
                                     object_id=str(incident.pk)).exists()


def test_a_case_dossier_holds_the_case_timeline_and_its_persons_incidents(client, north, admin_user, case,
                                                                          incident):
    client.force_login(admin_user)
    data = body(client.get(f"/legal/cases/{case.pk}/dossier.zip"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
    assert any(n.startswith(f"incident-{incident.number}/") for n in names) and "summary.pdf" in names
    assert AuditEntry.objects.filter(organization=north, action="export", object_type="case",
                                     object_id=str(case.pk)).exists()


def test_dispatchers_and_responders_get_no_dossier(client, dispatcher, responder, incident, case):
    for user in (dispatcher, responder):
        client.force_login(user)
        assert client.get(f"/legal/incidents/{incident.pk}/dossier.zip").status_code == 403
        assert client.get(f"/legal/cases/{case.pk}/dossier.zip").status_code == 403


def test_another_organizations_coordinator_gets_a_404(client, south, incident, case):
    client.force_login(make_member(south, "legal@south.test", "legal"))
    assert client.get(f"/legal/incidents/{incident.pk}/dossier.zip").status_code == 404
    assert client.get(f"/legal/cases/{case.pk}/dossier.zip").status_code == 404


def test_an_attorney_gets_it_only_once_their_provider_accepted_the_case(client, north, dispatcher, case, incident):
    provider = Provider.objects.create(organization=north, name="Legal Aid East", capacity=3)
    attorney = make_member(north, "attorney@north.test", "legal")
    from amparo.orgs.models import Membership

    Membership.objects.filter(user=attorney, organization=north).update(role="responder")  # not a coordinator
    ProviderAttorney.objects.create(organization=north, provider=provider, user=attorney)
    client.force_login(attorney)
    assert client.get(f"/legal/cases/{case.pk}/dossier.zip").status_code == 404  # referred at most: not theirs
    assert client.get(f"/legal/incidents/{incident.pk}/dossier.zip").status_code == 404
    Case.objects.filter(pk=case.pk).update(provider=provider)  # accepted
    assert client.get(f"/legal/cases/{case.pk}/dossier.zip").status_code == 200
    assert client.get(f"/legal/incidents/{incident.pk}/dossier.zip").status_code == 200
    other = dossier_incident(north, dispatcher, phone="+12135550298")
    assert client.get(f"/legal/incidents/{other.pk}/dossier.zip").status_code == 404  # not their case's


def test_the_incident_page_offers_the_download_to_admins_only(client, admin_user, dispatcher, incident):
    client.force_login(admin_user)
    page = client.get(f"/console/incidents/{incident.pk}/").content.decode()
    assert f'href="/legal/incidents/{incident.pk}/dossier.zip"' in page
    client.force_login(dispatcher)
    assert "dossier.zip" not in client.get(f"/console/incidents/{incident.pk}/").content.decode()


def test_the_settings_page_shows_the_public_key(client, north, admin_user):
    client.force_login(admin_user)
    page = client.get("/manage/settings/").content.decode()
    assert signing.org_public_key(north.pk) in page
