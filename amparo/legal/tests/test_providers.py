"""Providers on /manage/ (admins only), the CSV import (page and command), and attorneys' invitations."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from amparo.accounts.actions import accept_invitation
from amparo.accounts.models import Invitation
from amparo.crypto.keys import keyed_hash
from amparo.legal.models import Provider, ProviderAttorney
from amparo.legal.providers import import_providers, invite_attorney
from amparo.legal.tests.referral_helpers import make_provider
from amparo.orgs.models import Membership, Role

CSV = (
    "name,counties,languages,case_types,capacity,phone,email\n"
    "Esperanza Legal,Los Angeles|Orange,en|es,detention_bond|removal_defense,5,(213) 555-0177,a@esperanza.test\n"
    "Bad Phone,Los Angeles,es,detention_bond,3,not a phone,\n"
    ",Los Angeles,es,detention_bond,3,,\n"
    "Bad Type,Kern,es,parking,1,,\n"
    "Too Many,Kern,es,family,１０,,\n"
    "Kern Family Law,Kern,es|ko,family,2,,\n"
)


def test_the_import_keeps_good_rows_and_reports_bad_ones_by_line(north):
    result = import_providers(north, io.BytesIO(CSV.encode()))
    assert (result.created, result.updated) == (2, 0)
    assert [e.split(":")[0] for e in result.errors] == ["Line 3", "Line 4", "Line 5", "Line 6"]
    esperanza = Provider.objects.get(organization=north, name="Esperanza Legal")
    assert esperanza.counties == ["Los Angeles", "Orange"] and esperanza.case_types == ["detention_bond",
                                                                                      "removal_defense"]
    assert esperanza.contact_phone == "+12135550177"
    assert esperanza.contact_phone_hash == keyed_hash(north.pk, "tel:+12135550177")
    again = import_providers(north, io.BytesIO(CSV.encode()))
    assert (again.created, again.updated) == (0, 2)
    assert Provider.objects.filter(organization=north).count() == 2


def test_the_command_imports_and_fails_when_nothing_was(north, tmp_path, capsys):
    good = tmp_path / "p.csv"
    good.write_text(CSV, encoding="utf-8")
    call_command("import_providers", "--org", "north", str(good))
    out = capsys.readouterr()
    assert "created: 2" in out.out and "Line 3" in out.err
    bad = tmp_path / "bad.csv"
    bad.write_text("name,capacity\n,3\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_providers", "--org", "north", str(bad))


def test_admins_manage_providers(client, north, admin_user):
    client.force_login(admin_user)
    r = client.post(reverse("manage:provider_new"), {
        "name": "Esperanza Legal", "counties": "Los Angeles\nOrange", "languages": "en | es",
        "case_types": ["detention_bond"], "capacity": "4", "phone": "213-555-0177", "email": "a@esperanza.test"})
    assert r.status_code == 302
    provider = Provider.objects.get(organization=north)
    assert provider.capacity == 4 and provider.languages == ["en", "es"]
    page = client.get(reverse("manage:providers"))
    assert page.status_code == 200 and b"Esperanza Legal" in page.content
    r = client.post(reverse("manage:provider_edit", args=[provider.pk]), {
        "name": "Esperanza Legal", "counties": "Kern", "languages": "es", "case_types": ["family"], "capacity": "2",
        "phone": "", "email": ""})
    provider.refresh_from_db()
    assert provider.counties == ["Kern"] and provider.contact_phone is None and provider.contact_phone_hash == ""
    client.post(reverse("manage:provider_active", args=[provider.pk]))
    provider.refresh_from_db()
    assert not provider.is_active


def test_bad_input_keeps_what_was_typed(client, north, admin_user):
    client.force_login(admin_user)
    r = client.post(reverse("manage:provider_new"), {"name": "Typo Legal", "counties": "Kern", "languages": "es",
                                                     "capacity": "2", "phone": "555", "email": ""})
    assert r.status_code == 200 and b"not a valid phone number" in r.content and b"Typo Legal" in r.content
    assert not Provider.objects.exists()


def test_the_import_page(client, north, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("p.csv", CSV.encode(), content_type="text/csv")
    r = client.post(reverse("manage:provider_import"), {"file": upload})
    assert r.status_code == 200 and b"Providers created: 2" in r.content and b"Line 4" in r.content


def test_others_cannot_manage_providers(client, north, south, legal, dispatcher, outsider):
    from conftest import make_member

    provider = make_provider(north, "Esperanza Legal")
    for user in (legal, dispatcher):
        client.force_login(user)
        assert client.get(reverse("manage:providers")).status_code == 403
    client.force_login(make_member(south, "admin@south.test", "admin"))
    assert client.get(reverse("manage:provider_edit", args=[provider.pk])).status_code == 404
    assert client.post(reverse("manage:provider_active", args=[provider.pk])).status_code == 404
    assert Provider.objects.get(pk=provider.pk).is_active


def test_an_invited_attorney_is_tied_to_the_chosen_provider(client, north, admin_user):
    provider = make_provider(north, "Esperanza Legal")
    client.force_login(admin_user)
    r = client.post(reverse("manage:provider_invite", args=[provider.pk]), {"email": "Atty@Esperanza.test"})
    assert r.status_code == 200 and b"/invite/" in r.content
    invitation = Invitation.objects.get(organization=north)
    assert invitation.role == Role.ATTORNEY
    user = accept_invitation(invitation, password="a long enough password 123")
    assert Membership.objects.get(user=user, organization=north).role == Role.ATTORNEY
    assert ProviderAttorney.objects.get(user=user).provider_id == provider.pk


def test_the_ordinary_invitation_cannot_make_an_attorney_without_a_provider(client, north, admin_user):
    client.force_login(admin_user)
    r = client.post(reverse("manage:members"), {"email": "x@y.test", "role": "attorney"})
    assert r.status_code == 200 and not Invitation.objects.exists()


def test_an_attorney_lands_on_their_referrals(client, north):
    from amparo.legal.tests.referral_helpers import make_attorney

    attorney = make_attorney(north, make_provider(north, "Esperanza Legal"), "atty@esperanza.test")
    client.force_login(attorney)
    r = client.get("/home/")
    assert r.status_code == 302 and r.url == reverse("legal:attorney_home")


def test_inviting_for_a_deactivated_provider_is_refused(north, admin_user):
    from django.core.exceptions import ValidationError

    provider = make_provider(north, "Closed Legal")
    Provider.objects.filter(pk=provider.pk).update(is_active=False)
    provider.refresh_from_db()
    with pytest.raises(ValidationError):
        invite_attorney(provider, email="a@b.test", invited_by=admin_user)


def test_admins_set_the_referral_times(client, north, admin_user):
    from amparo.legal.models import LegalSettings

    client.force_login(admin_user)
    r = client.post(reverse("manage:providers"), {"answer_minutes": "45", "family_reply_days": "10"})
    assert r.status_code == 302
    found = LegalSettings.objects.get(organization=north)
    assert (found.referral_answer_minutes, found.family_reply_days) == (45, 10)
    r = client.post(reverse("manage:providers"), {"answer_minutes": "0", "family_reply_days": "10"})
    assert r.status_code == 200 and LegalSettings.objects.get(organization=north).referral_answer_minutes == 45
