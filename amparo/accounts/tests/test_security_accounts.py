"""WebAuthn and recovery codes, the MFA requirement's session cache, session timeouts, token revocation."""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from amparo.accounts.actions import deactivate_member
from amparo.accounts.middleware import MFA_OK_AT, SEEN_AT, STARTED_AT
from amparo.api.actions import issue_api_token
from amparo.api.models import ApiToken
from amparo.orgs.models import Membership
from conftest import PASSWORD, make_member, totp_now


def real_login(client, user) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert r["Location"].startswith("/accounts/2fa/authenticate")
    r = client.post("/accounts/2fa/authenticate/", {"code": totp_now()})
    assert r.status_code == 302


def test_it_offers_security_keys_and_recovery_codes(client, dispatcher):
    real_login(client, dispatcher)
    r = client.get("/accounts/2fa/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "/accounts/2fa/webauthn/" in body and "/accounts/2fa/recovery-codes/" in body
    r = client.get("/accounts/2fa/webauthn/add/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/reauthenticate/")  # allauth asks again
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    r = client.get("/accounts/2fa/webauthn/add/")
    assert r.status_code == 200 and b'name="credential"' in r.content
    assert client.get("/accounts/2fa/webauthn/").status_code == 200
    r = client.post("/accounts/2fa/recovery-codes/generate/")
    assert r.status_code == 302
    assert client.get("/accounts/2fa/recovery-codes/").status_code == 200
    assert Authenticator.objects.filter(user=dispatcher, type=Authenticator.Type.RECOVERY_CODES).exists()


def test_it_accepts_a_security_key_as_the_second_factor(client, north):
    user = make_member(north, "keyonly@north.test", "legal")
    Authenticator.objects.filter(user=user).delete()
    client.force_login(user)
    assert client.get("/home/account/")["Location"] == "/accounts/2fa/"
    Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={"name": "key"})
    assert client.get("/home/account/").status_code == 200


def test_it_does_not_count_recovery_codes_alone(client, north):
    user = make_member(north, "codesonly@north.test", "legal")
    Authenticator.objects.filter(user=user).delete()
    Authenticator.objects.create(user=user, type=Authenticator.Type.RECOVERY_CODES, data={})
    client.force_login(user)
    assert client.get("/home/account/")["Location"] == "/accounts/2fa/"


def _mfa_queries(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/home/account/").status_code == 200
    return sum("mfa_authenticator" in q["sql"] for q in ctx.captured_queries)


def test_it_remembers_enrollment_in_the_session(client, dispatcher, admin_user, north):
    client.force_login(dispatcher)
    assert _mfa_queries(client) == 1
    assert isinstance(client.session[MFA_OK_AT], int)
    assert _mfa_queries(client) == 0  # no query per request
    session = client.session
    session[MFA_OK_AT] = int(time.time()) - 3600
    session.save()
    assert _mfa_queries(client) == 1  # re-checked now and then
    # Deactivation rotates the session salt: the session and what it remembered are gone.
    deactivate_member(Membership.objects.get(user=dispatcher, organization=north), actor=admin_user)
    assert client.get("/home/account/")["Location"].startswith("/accounts/login/")


def test_it_keeps_the_last_factor_of_a_member(client, dispatcher):
    from amparo.accounts.adapter import AmparoMFAAdapter

    adapter = AmparoMFAAdapter()
    totp = Authenticator.objects.get(user=dispatcher, type=Authenticator.Type.TOTP)
    assert not adapter.can_delete_authenticator(totp)
    Authenticator.objects.create(user=dispatcher, type=Authenticator.Type.WEBAUTHN, data={"name": "key"})
    assert adapter.can_delete_authenticator(totp)


def _age_session(client, **seconds_ago: int) -> None:  # type: ignore[no-untyped-def]
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"started": STARTED_AT, "seen": SEEN_AT}[key]] = now - ago
    session.save()


def test_it_ends_an_idle_session(client, dispatcher, settings):
    client.force_login(dispatcher)
    assert client.get("/home/account/").status_code == 200
    _age_session(client, started=3600, seen=settings.AMPARO_SESSION_IDLE_SECONDS - 120)
    assert client.get("/home/account/").status_code == 200  # still within the idle limit; clock moves on
    assert client.session[SEEN_AT] >= int(time.time()) - 5
    _age_session(client, seen=settings.AMPARO_SESSION_IDLE_SECONDS + 1)
    r = client.get("/home/account/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    assert "without activity" in client.get(r["Location"]).content.decode()


def test_it_ends_a_session_after_12_hours_even_if_active(client, dispatcher, settings):
    assert settings.AMPARO_SESSION_MAX_SECONDS == 12 * 3600
    client.force_login(dispatcher)
    client.get("/home/account/")
    _age_session(client, started=12 * 3600 + 1, seen=10)
    r = client.get("/home/account/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_it_revokes_the_members_api_tokens_on_deactivation(client, admin_user, dispatcher, north, south):
    token, raw = issue_api_token(org=north, user=dispatcher, name="integration")
    Membership.objects.create(user=dispatcher, organization=south, role="dispatcher")
    other, other_raw = issue_api_token(org=south, user=dispatcher, name="south integration")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/incidents", **auth).status_code == 200

    client.force_login(admin_user)
    m = Membership.objects.get(user=dispatcher, organization=north)
    assert client.post(f"/manage/members/{m.pk}/deactivate/").status_code == 302
    client.logout()

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/incidents", **auth).status_code == 401
    # Reactivation does not bring the token back; another organization's token is untouched.
    Membership.objects.filter(pk=m.pk).update(is_active=True)
    assert client.get("/api/v1/incidents", **auth).status_code == 401
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None
    assert client.get("/api/v1/incidents", HTTP_AUTHORIZATION=f"Bearer {other_raw}").status_code == 200
