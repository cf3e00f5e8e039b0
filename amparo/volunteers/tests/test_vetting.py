"""Vetting: vouches by members in good standing, mutual-vouch flags, the admin's decision, the purge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from amparo.accounts.actions import accept_invitation, deactivate_member, find_invitation
from amparo.audit.models import AuditEntry
from amparo.orgs.models import Membership, Role, Zone
from amparo.retention.actions import purge_org
from amparo.verification.models import Responder
from amparo.volunteers import vetting
from amparo.volunteers.models import Applicant, ApplicantStatus, RecruitmentSettings, Vouch
from amparo.volunteers.tests.helpers import applicant
from conftest import make_member


@pytest.fixture
def members(north):
    return [make_member(north, f"m{i}@north.test", Role.RESPONDER) for i in range(4)]


def test_a_member_in_good_standing_vouches_once_with_an_encrypted_note(north, members):
    a = applicant(north)
    v = vetting.vouch(a, by=members[0], note="My neighbour for ten years.")
    assert Vouch.objects.get(pk=v.pk).note == "My neighbour for ten years."
    from django.db import connection
    with connection.cursor() as cur:
        cur.execute("SELECT note FROM volunteers_vouch")
        assert "neighbour" not in str(cur.fetchone()[0])
    with pytest.raises(ValidationError):
        vetting.vouch(a, by=members[0])
    assert AuditEntry.objects.filter(object_type="vouch", object_id=str(v.pk), actor=members[0]).exists()


def test_a_deactivated_member_or_an_outsider_cannot_vouch(north, south, members, outsider):
    a = applicant(north)
    deactivate_member(Membership.objects.get(user=members[1], organization=north), actor=None)
    for who in (members[1], outsider):
        with pytest.raises(PermissionDenied):
            vetting.vouch(a, by=who)
    assert not Vouch.objects.exists()


def test_acceptance_needs_the_orgs_number_of_vouches(north, admin_user, members):
    RecruitmentSettings.objects.create(organization=north, vouches_required=3)
    a = applicant(north)
    vetting.vouch(a, by=members[0])
    vetting.vouch(a, by=members[1])
    with pytest.raises(ValidationError, match="2 of the 3"):
        vetting.accept_applicant(a, by=admin_user)
    assert Applicant.objects.get(pk=a.pk).status == ApplicantStatus.PENDING and not mail.outbox


def test_acceptance_invites_with_the_least_role_and_puts_them_on_the_roster_not_in_the_field(
        north, admin_user, members):
    Zone.objects.create(organization=north, name="Boyle Heights", zips=["90033"])
    a = applicant(north)
    vetting.vouch(a, by=members[0])
    vetting.vouch(a, by=members[1])
    invitation, token = vetting.accept_applicant(a, by=admin_user)
    assert invitation.role == Role.RESPONDER and invitation.email == "ana@example.org"
    [email] = mail.outbox
    assert email.to == ["ana@example.org"] and token in email.body
    responder = Responder.objects.get(organization=north, phone_hash=a.phone_hash)
    assert responder.name == "Ana Reyes" and not responder.field_eligible and responder.languages == ["es"]
    assert [z.name for z in responder.zones.all()] == ["Boyle Heights"]
    assert Applicant.objects.get(pk=a.pk).status == ApplicantStatus.ACCEPTED
    # Taking up the invitation links the roster entry to the new account.
    user = accept_invitation(find_invitation(token), password="a long enough password 1")
    assert Responder.objects.get(pk=responder.pk).user == user
    assert Membership.objects.get(user=user, organization=north).role == Role.RESPONDER
    with pytest.raises(ValidationError):
        vetting.accept_applicant(a, by=admin_user)


def test_rejected_and_undecided_sign_ups_are_purged_after_n_days_with_their_notes(north, admin_user, members):
    RecruitmentSettings.objects.create(organization=north, applicant_purge_days=30)
    old = timezone.now() - timedelta(days=31)
    undecided = applicant(north, phone="+12135550181", now=old)
    rejected = applicant(north, phone="+12135550182", now=old)
    accepted = applicant(north, phone="+12135550183", email="acc@example.org", now=old)
    recent = applicant(north, phone="+12135550184")
    for a in (undecided, rejected, accepted, recent):
        vetting.vouch(a, by=members[0], note="note")
        vetting.vouch(a, by=members[1])
    vetting.reject_applicant(rejected, by=admin_user)
    vetting.accept_applicant(accepted, by=admin_user)
    purge_org(north)  # the daily retention purge runs every organization purger
    assert set(Applicant.objects.values_list("pk", flat=True)) == {accepted.pk, recent.pk}
    assert not Vouch.objects.filter(applicant_id__in=[undecided.pk, rejected.pk]).exists()
    assert AuditEntry.objects.filter(action="delete", object_type="applicant", actor_label="retention").count() == 2


def test_two_members_vouching_for_each_others_recruits_are_flagged(north, members):
    a, b, c, d = members
    x = applicant(north, phone="+12135550191")  # a brings x
    y = applicant(north, phone="+12135550192")  # b brings y
    z = applicant(north, phone="+12135550193")  # an honest one: c brings, d backs
    vetting.vouch(x, by=a)
    vetting.vouch(y, by=b)
    vetting.vouch(z, by=c)
    vetting.vouch(z, by=d)
    assert vetting.mutual_vouches(north) == []
    vetting.vouch(x, by=b)
    assert vetting.mutual_vouches(north) == []  # one way only is ordinary
    vetting.vouch(y, by=a)
    [pair] = vetting.mutual_vouches(north)
    assert {pair.first_id, pair.second_id} == {a.pk, b.pk} and set(pair.applicant_ids) == {x.pk, y.pk}


def test_vouches_outside_the_window_are_not_flagged(north, members):
    a, b = members[:2]
    long_ago = timezone.now() - timedelta(days=90)
    x = applicant(north, phone="+12135550191")
    y = applicant(north, phone="+12135550192")
    vetting.vouch(x, by=a, now=long_ago)
    vetting.vouch(y, by=b, now=long_ago)
    vetting.vouch(x, by=b, now=long_ago)
    vetting.vouch(y, by=a)
    assert vetting.mutual_vouches(north) == []


def test_an_address_already_a_member_is_refused_and_the_sign_up_stays_pending(north, admin_user, members):
    a = applicant(north, email="m0@north.test")
    vetting.vouch(a, by=members[1])
    vetting.vouch(a, by=members[2])
    with pytest.raises(ValidationError, match="already a member"):
        vetting.accept_applicant(a, by=admin_user)
    assert Applicant.objects.get(pk=a.pk).status == ApplicantStatus.PENDING
    assert not Responder.objects.filter(phone_hash=a.phone_hash).exists()


def test_a_sign_up_decided_by_another_admin_first_is_not_decided_twice(north, admin_user, members):
    a = applicant(north)
    vetting.vouch(a, by=members[0])
    vetting.vouch(a, by=members[1])
    stale = Applicant.objects.get(pk=a.pk)
    assert vetting.reject_applicant(a, by=admin_user)
    with pytest.raises(ValidationError, match="decided already"):
        vetting.accept_applicant(stale, by=admin_user)
    assert not mail.outbox
