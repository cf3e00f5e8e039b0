from __future__ import annotations

import io

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core.management import CommandError, call_command

from amparo.accounts.models import User
from amparo.demo.management.commands.load_demo import LOGINS, PASSWORD, TOTP_SECRET
from amparo.incidents.models import Incident, Kind
from amparo.orgs.models import HotlineNumber, Membership, Organization
from amparo.places.models import Place
from amparo.reports.models import Report


def load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "orgs": Organization.objects.count(),
        "numbers": HotlineNumber.objects.count(),
        "places": Place.objects.count(),
        "reports": Report.objects.count(),
        "incidents": Incident.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "authenticators": Authenticator.objects.count(),
    }


def incident_of(provider_id: str) -> Incident:
    report = Report.objects.select_related("incident").get(organization__slug="demo", provider_id=provider_id)
    assert report.incident is not None, provider_id
    return report.incident


@pytest.mark.django_db
def test_it_loads_the_demo_network_once():
    output = load()
    first = counts()
    org = Organization.objects.get(slug="demo")
    assert org.name == "Demo Rapid Response Network"
    assert org.language_codes() == ["en", "es"]
    assert org.time_zone == "America/Los_Angeles"
    assert org.twilio_auth_token == "dev-twilio-auth-token-0000000000"
    assert org.map_tile_url == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "OpenStreetMap" in org.map_attribution
    number = HotlineNumber.objects.get(e164="+12135550100")
    assert number.organization == org and number.sms and number.voice and number.whatsapp
    assert first["places"] >= 15
    assert first["reports"] == 26 + 36 + 33  # the sample reports, and the subscribers' ALERTAS and SI
    assert "amparo-demo-2026" in output and TOTP_SECRET in output and "/accounts/login/" in output

    assert load() and counts() == first


@pytest.mark.django_db
def test_it_gives_each_role_a_login_with_totp():
    load()
    org = Organization.objects.get(slug="demo")
    for email, role, _ in LOGINS:
        user = User.objects.get(email=email)
        assert user.check_password(PASSWORD)
        assert Membership.objects.get(user=user, organization=org).role == role
        secret = decrypt(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"])
        assert pyotp.TOTP(secret).now() == pyotp.TOTP(TOTP_SECRET).now()


@pytest.mark.django_db
def test_it_correlates_the_sample_reports():
    load()
    cypress = incident_of("DEMO-001")
    assert cypress.kind == Kind.EVENT
    assert {incident_of(p).pk for p in ("DEMO-002", "DEMO-003", "DEMO-004", "DEMO-005")} == {cypress.pk}
    mariachi = incident_of("DEMO-006")
    assert {incident_of(p).pk for p in ("DEMO-007", "DEMO-008", "DEMO-009")} == {mariachi.pk}
    # Two stores of one chain are two incidents.
    assert incident_of("DEMO-021").pk not in (cypress.pk, mariachi.pk)
    flood = incident_of("DEMO-017")
    assert flood.kind == Kind.FLOOD
    assert incident_of("DEMO-010").kind == Kind.VAGUE


@pytest.mark.django_db
def test_it_leaves_other_organizations_alone(outsider, south):
    before = Membership.objects.filter(organization=south).count()
    load()
    assert Membership.objects.filter(organization=south).count() == before
    assert not Membership.objects.filter(user=outsider, organization__slug="demo").exists()
    assert not Report.objects.filter(organization=south).exists()


@pytest.mark.django_db
def test_it_refuses_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        load()
    assert not Organization.objects.filter(slug="demo").exists()
    assert not User.objects.filter(email__endswith="@demo.amparo.test").exists()


@pytest.mark.django_db
def test_it_has_a_dossier_ready_incident_that_exports_and_verifies(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    from amparo.crypto.signing import org_public_key
    from amparo.legal.dossier.verify import verify_dossier
    from amparo.verification.models import Evidence

    load()
    incident = incident_of("DEMO-007")
    assert incident.status == "confirmed"
    assert sorted(Evidence.objects.filter(incident=incident).values_list("kind", flat=True)) == ["note", "photo"]
    load()  # idempotent: no second photo
    assert Evidence.objects.filter(incident=incident).count() == 2
    out = tmp_path / "demo.zip"
    call_command("export_dossier", "--org", "demo", "--incident", str(incident.pk), "-o", str(out),
                 stdout=io.StringIO())
    org = Organization.objects.get(slug="demo")
    assert verify_dossier(str(out), public_key=org_public_key(org.pk)).ok


@pytest.mark.django_db
def test_it_has_two_pending_sign_ups_one_vouched_for_once_however_often_it_runs():
    from amparo.volunteers.models import Applicant, Vouch

    load()
    load()
    org = Organization.objects.get(slug="demo")
    assert Applicant.objects.filter(organization=org, status="pending").count() == 2
    [vouch] = Vouch.objects.filter(organization=org)
    assert vouch.voucher.email == "dispatcher@demo.amparo.test" and vouch.note


@pytest.mark.django_db
def test_it_loads_facilities_and_one_open_case_with_a_safe_contact():
    from amparo.legal.models import Case, EmergencyContact, Facility, Hearing

    load()
    case = Case.objects.get(organization__slug="demo")
    assert case.status == "open" and case.facility.name == "Adelanto ICE Processing Center"
    assert case.person.incidents.exists() and Hearing.objects.filter(case=case).exists()
    # A court's morning in the network's own zone, not 9:00 UTC (01:00 in Los Angeles).
    from zoneinfo import ZoneInfo

    hearing = Hearing.objects.get(case=case)
    assert hearing.starts_at.astimezone(ZoneInfo(case.organization.time_zone)).hour == 9
    assert EmergencyContact.objects.get(person=case.person).safe_to_call
    assert Facility.objects.filter(organization__slug="demo").count() == 5
    load()
    assert Case.objects.count() == 1 and EmergencyContact.objects.count() == 1


@pytest.mark.django_db
def test_it_has_subscribers_in_english_and_spanish_made_by_sms_once():
    from amparo.alerts.models import Subscriber, SubscriberConsent, SubscriberStatus

    load()
    org = Organization.objects.get(slug="demo")
    active = Subscriber.objects.filter(organization=org, status=SubscriberStatus.ACTIVE)
    assert active.count() == 33
    assert set(active.values_list("language", flat=True)) == {"en", "es"}
    assert Subscriber.objects.filter(organization=org, status=SubscriberStatus.PENDING).count() == 3
    consents = SubscriberConsent.objects.count()
    load()
    assert Subscriber.objects.filter(organization=org).count() == 36
    assert SubscriberConsent.objects.count() == consents


@pytest.mark.django_db
def test_it_has_a_sent_alert_a_false_alarm_correction_and_a_public_page():
    from django.test import Client

    from amparo.alerts.models import Alert, Correction, CorrectionStatus

    load()
    org = Organization.objects.get(slug="demo")
    alert = Alert.objects.get(organization=org)
    assert alert.audience > 0 and alert.deliveries.count() == alert.audience
    correction = Correction.objects.get(organization=org)
    assert correction.status == CorrectionStatus.SENT and correction.recipients.exists()
    page = Client().get("/updates/demo/").content.decode()
    assert "This was checked and was not immigration enforcement." in page
    # Checked after it was reported, never before (the page shows both times).
    from amparo.alerts.selectors import with_verdict
    from amparo.incidents.models import Incident

    checked = with_verdict(Incident.objects.filter(pk=correction.incident_id)).get()
    assert checked.verdict_at > checked.last_report_at
    load()  # idempotent
    assert Correction.objects.filter(organization=org).count() == 1 and Alert.objects.filter(organization=org).count() == 1
