"""Recruitment pages: the admin's list and decision (reads audited), members' vouching, outsiders."""

from __future__ import annotations

import pytest
from django.core import mail

from amparo.audit.models import AuditEntry
from amparo.orgs.models import Role
from amparo.volunteers import vetting
from amparo.volunteers.models import Applicant, ApplicantStatus
from amparo.volunteers.tests.helpers import applicant
from conftest import make_member


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_admin_list_audits_every_sign_up_it_shows_in_few_queries(north, admin_client, admin_user,
                                                                      django_assert_max_num_queries):
    members = [make_member(north, f"m{i}@north.test", Role.RESPONDER) for i in range(3)]
    shown = [applicant(north, name=f"Person {i}", phone=f"+1213555017{i}") for i in range(6)]
    for a in shown:
        for m in members:
            vetting.vouch(a, by=m, note="known")
    with django_assert_max_num_queries(16):
        r = admin_client.get("/volunteers/signups/")
    html = r.content.decode()
    assert r.status_code == 200 and "Person 5" in html and "3 of 2" in html
    assert "+1213555017" not in html  # phones only on the detail page
    audited = set(AuditEntry.objects.filter(action="read", object_type="applicant", actor=admin_user)
                  .values_list("object_id", flat=True))
    assert audited == {str(a.pk) for a in shown}


def test_the_detail_shows_vouch_notes_and_audits_them(north, admin_client, admin_user):
    m = make_member(north, "m@north.test", Role.DISPATCHER)
    a = applicant(north)
    v = vetting.vouch(a, by=m, note="She runs the food bank.")
    html = admin_client.get(f"/volunteers/signups/{a.pk}/").content.decode()
    assert "She runs the food bank." in html and "+12135550177" in html and "ana@example.org" in html
    assert AuditEntry.objects.filter(action="read", object_type="vouch_note", object_id=str(v.pk)).exists()


def test_the_admin_accepts_and_the_invitation_link_is_shown_once(north, admin_client):
    a = applicant(north)
    for i in range(2):
        vetting.vouch(a, by=make_member(north, f"m{i}@north.test", Role.RESPONDER))
    r = admin_client.post(f"/volunteers/signups/{a.pk}/accept")
    assert r.status_code == 200 and "/accounts/invite/" in r.content.decode()
    assert len(mail.outbox) == 1 and Applicant.objects.get(pk=a.pk).status == ApplicantStatus.ACCEPTED


def test_accepting_too_early_says_why(north, admin_client):
    a = applicant(north)
    r = admin_client.post(f"/volunteers/signups/{a.pk}/accept", follow=True)
    assert "0 of the 2 vouches" in r.content.decode() and not mail.outbox


def test_the_admin_rejects(north, admin_client):
    a = applicant(north)
    admin_client.post(f"/volunteers/signups/{a.pk}/reject")
    assert Applicant.objects.get(pk=a.pk).status == ApplicantStatus.REJECTED


def test_a_member_vouches_on_the_vouch_page_without_seeing_phone_or_email(north, client, responder):
    a = applicant(north)
    client.force_login(responder)
    html = client.get("/volunteers/vouch/").content.decode()
    assert "Ana Reyes" in html and "+12135550177" not in html and "ana@example.org" not in html
    client.post(f"/volunteers/vouch/{a.pk}/", {"note": "From church."})
    assert a.vouches.get().voucher == responder
    assert "You vouched for this person." in client.get("/volunteers/vouch/").content.decode()


def test_an_outsider_sees_nothing_of_another_network(north, south, client, outsider):
    a = applicant(north)
    client.force_login(outsider)
    assert "Ana Reyes" not in client.get("/volunteers/vouch/").content.decode()
    assert client.post(f"/volunteers/vouch/{a.pk}/").status_code == 404
    assert not a.vouches.exists()
