import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from amparo.accounts.actions import accept_invitation, invite_member
from amparo.accounts.models import Invitation, User
from amparo.audit.models import AuditEntry
from amparo.orgs.models import Membership
from conftest import PASSWORD, enroll_totp

NEW_PASSWORD = "a long and unusual passphrase 42"


def _token_from_mail() -> str:
    body = mail.outbox[-1].body
    match = re.search(r"/accounts/invite/([^/\s]+)/", body)
    assert match, body
    return match.group(1)


def test_it_closes_open_signup(client, db):
    r = client.get("/accounts/signup/")
    assert r.status_code in (200, 404)
    if r.status_code == 200:
        assert b"invitation only" in r.content
    r = client.post("/accounts/signup/", {"email": "walkin@example.org", "password1": NEW_PASSWORD,
                                          "password2": NEW_PASSWORD})
    assert r.status_code in (200, 404)
    assert not User.objects.filter(email="walkin@example.org").exists()


def test_it_shows_no_signup_link_on_login(client, db):
    r = client.get("/accounts/login/")
    assert r.status_code == 200
    assert b"/accounts/signup/" not in r.content


def test_it_invites_and_accepts_end_to_end(client, admin_user, north):
    client.force_login(admin_user)
    r = client.post("/manage/members/", {"email": "New.Person@Example.org", "role": "dispatcher"})
    assert r.status_code == 200
    token = _token_from_mail()
    assert token.encode() in r.content  # shown once, on this page
    assert mail.outbox[-1].to == ["new.person@example.org"]
    inv = Invitation.objects.get(organization=north)
    assert token not in inv.token_hash and len(inv.token_hash) == 64
    assert AuditEntry.objects.filter(organization=north, object_type="invitation").exists()

    client.logout()
    url = f"/accounts/invite/{token}/"
    r = client.get(url)
    assert r.status_code == 200
    assert b"North Network" in r.content

    r = client.post(url, {"password1": NEW_PASSWORD, "password2": "something else entirely"})
    assert r.status_code == 200
    r = client.post(url, {"password1": "password", "password2": "password"})
    assert r.status_code == 200
    assert not User.objects.filter(email="new.person@example.org").exists()

    r = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/home/"
    user = User.objects.get(email="new.person@example.org")
    assert user.check_password(NEW_PASSWORD)
    m = Membership.objects.get(user=user)
    assert (m.organization_id, m.role, m.is_active) == (north.pk, "dispatcher", True)
    inv.refresh_from_db()
    assert inv.accepted_at is not None

    # Logged in, and sent to MFA enrollment (app or security key) before anything else.
    r = client.get("/home/account/")
    assert r.status_code == 302 and r["Location"] == "/accounts/2fa/"
    r = client.get("/accounts/2fa/totp/activate/")
    assert r.status_code == 200  # no password prompt again right after accepting

    # The link works once.
    client.logout()
    r = client.get(url)
    assert r.status_code == 404
    assert b"not valid" in r.content


def test_it_refuses_expired_and_unknown_tokens(client, admin_user, north):
    inv, token = invite_member(north, email="late@example.org", role="responder", invited_by=admin_user)
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    r = client.get(f"/accounts/invite/{token}/")
    assert r.status_code == 404
    r = client.post(f"/accounts/invite/{token}/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert r.status_code == 404
    assert not User.objects.filter(email="late@example.org").exists()
    assert client.get("/accounts/invite/not-a-token/").status_code == 404


def test_it_cannot_accept_twice(admin_user, north):
    inv, _token = invite_member(north, email="twice@example.org", role="responder", invited_by=admin_user)
    accept_invitation(inv, password=NEW_PASSWORD)
    with pytest.raises(Exception):
        accept_invitation(inv, password=NEW_PASSWORD)
    assert User.objects.filter(email="twice@example.org").count() == 1


def test_it_replaces_a_pending_invitation(admin_user, north):
    _inv, first = invite_member(north, email="again@example.org", role="responder", invited_by=admin_user)
    invite_member(north, email="again@example.org", role="legal", invited_by=admin_user)
    assert Invitation.objects.filter(organization=north, email="again@example.org").count() == 1
    from amparo.accounts.actions import find_invitation

    assert find_invitation(first) is None


def test_it_refuses_to_invite_a_member(client, admin_user, dispatcher, north):
    client.force_login(admin_user)
    r = client.post("/manage/members/", {"email": dispatcher.email, "role": "legal"})
    assert r.status_code == 200
    assert b"already a member" in r.content
    assert not Invitation.objects.exists()
    assert len(mail.outbox) == 0


def test_it_adds_an_existing_user_to_a_second_organization(client, admin_user, dispatcher, outsider, north):
    inv, token = invite_member(north, email=outsider.email, role="responder", invited_by=admin_user)
    url = f"/accounts/invite/{token}/"

    r = client.get(url)  # anonymous: asked to log in first
    assert r.status_code == 200
    assert b"/accounts/login/?next=" in r.content
    r = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert not Membership.objects.filter(user=outsider, organization=north).exists()

    client.force_login(dispatcher)  # somebody else
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert not Membership.objects.filter(user=outsider, organization=north).exists()

    client.force_login(outsider)
    assert client.get(url).status_code == 200
    r = client.post(url)
    assert r.status_code == 302 and r["Location"] == "/home/"
    assert Membership.objects.get(user=outsider, organization=north).role == "responder"
    outsider.refresh_from_db()
    assert outsider.check_password(PASSWORD)  # the invitation did not touch the password
    assert client.get(url).status_code == 404


def test_it_sends_new_members_to_enrollment_but_not_enrolled_ones(client, admin_user, north):
    inv, _token = invite_member(north, email="fresh@example.org", role="legal", invited_by=admin_user)
    user = accept_invitation(inv, password=NEW_PASSWORD)
    client.force_login(user)
    assert client.get("/home/account/")["Location"] == "/accounts/2fa/"
    enroll_totp(user)
    assert client.get("/home/account/").status_code == 200
