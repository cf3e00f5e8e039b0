from allauth.mfa.models import Authenticator
from django.core.cache import cache

from amparo.accounts.actions import deactivate_member, reactivate_member
from amparo.orgs.models import Membership
from conftest import PASSWORD, make_member, totp_now


def test_it_sends_a_dispatcher_without_totp_to_enrollment(client, north):
    user = make_member(north, "nototp@north.test", "dispatcher")
    Authenticator.objects.filter(user=user).delete()
    client.force_login(user)
    for path in ("/home/", "/home/account/", "/manage/"):
        r = client.get(path)
        assert r.status_code == 302 and r["Location"] == "/accounts/2fa/"


def test_it_lets_a_dispatcher_with_totp_through(client, dispatcher):
    client.force_login(dispatcher)
    r = client.get("/home/account/")
    assert r.status_code == 200
    assert b"North Network" in r.content


def test_it_logs_in_with_email_password_and_totp(client, dispatcher):
    cache.clear()  # allauth remembers used codes per user id; ids repeat across tests
    r = client.post("/accounts/login/", {"login": dispatcher.email, "password": PASSWORD})
    assert r.status_code == 302 and r["Location"].startswith("/accounts/2fa/authenticate")
    assert client.get("/home/account/").status_code == 302  # not logged in before the second factor

    r = client.post("/accounts/2fa/authenticate/", {"code": "000000" if totp_now() != "000000" else "111111"})
    assert r.status_code == 200  # wrong code: form again
    assert client.get("/home/account/")["Location"].startswith("/accounts/login/")

    r = client.post("/accounts/2fa/authenticate/", {"code": totp_now()})
    assert r.status_code == 302 and r["Location"] == "/home/"
    r = client.get("/home/account/")
    assert r.status_code == 200
    assert b"Dispatcher" in r.content


def test_it_refuses_a_wrong_password(client, dispatcher):
    r = client.post("/accounts/login/", {"login": dispatcher.email, "password": "wrong password"})
    assert r.status_code == 200
    assert client.get("/home/account/").status_code == 302


def test_it_ends_sessions_on_deactivation(client, admin_user, dispatcher, north):
    client.force_login(dispatcher)
    assert client.get("/home/account/").status_code == 200
    membership = Membership.objects.get(user=dispatcher, organization=north)

    deactivate_member(membership, actor=admin_user)

    r = client.get("/home/account/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    # Logging in again works, but the organization is gone from their home.
    dispatcher.refresh_from_db()
    client.force_login(dispatcher)
    r = client.get("/home/account/")
    assert r.status_code == 200 and b"North Network" not in r.content

    reactivate_member(membership, actor=admin_user)
    assert b"North Network" in client.get("/home/account/").content


def test_it_keeps_other_sessions_on_deactivation(client, admin_user, dispatcher, responder, north):
    client.force_login(responder)
    deactivate_member(Membership.objects.get(user=dispatcher, organization=north), actor=admin_user)
    assert client.get("/home/account/").status_code == 200


def test_it_ends_sessions_when_an_admin_deactivates_through_the_page(client, admin_user, dispatcher, north):
    from django.test import Client

    victim = Client()
    victim.force_login(dispatcher)
    assert victim.get("/home/account/").status_code == 200
    client.force_login(admin_user)
    m = Membership.objects.get(user=dispatcher, organization=north)
    r = client.post(f"/manage/members/{m.pk}/deactivate/")
    assert r.status_code == 302
    assert victim.get("/home/account/").status_code == 302
    assert client.get("/home/account/").status_code == 200  # the admin stays logged in


def test_a_code_used_twice_is_refused_with_a_message_that_says_why(dispatcher):
    """Issue 15, item 11: a reused code said "Incorrect code", as if the app were wrong."""
    from django.test import Client

    cache.clear()
    code = totp_now()
    first, second = Client(), Client()
    for c in (first, second):
        c.post("/accounts/login/", {"login": dispatcher.email, "password": PASSWORD})
    assert first.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    r = second.post("/accounts/2fa/authenticate/", {"code": code})
    assert r.status_code == 200 and "This code was already used" in r.content.decode()
    assert second.get("/home/account/").status_code == 302  # still refused
    wrong = "000000" if code != "000000" else "111111"
    r = second.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert "This code was already used" not in r.content.decode()  # a wrong code is still just wrong


def test_a_security_key_is_offered_only_to_an_account_with_one(client, dispatcher):
    """Issue 15, item 11: "Use a security key" was offered to accounts with no key enrolled."""
    from amparo.accounts.mfa_forms import AmparoAuthenticateWebAuthnForm

    cache.clear()
    client.post("/accounts/login/", {"login": dispatcher.email, "password": PASSWORD})
    html = client.get("/accounts/2fa/authenticate/").content.decode()
    assert "Use a security key" not in html and 'name="code"' in html
    assert 'form="logout-from-stage"' in html  # Cancel is still there
    assert not AmparoAuthenticateWebAuthnForm(user=dispatcher).has_key
    Authenticator.objects.create(user=dispatcher, type=Authenticator.Type.WEBAUTHN, data={"name": "key"})
    assert AmparoAuthenticateWebAuthnForm(user=dispatcher).has_key
