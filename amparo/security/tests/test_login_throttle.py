"""Failed logins are throttled per account and per client; the client is a keyed hash, never an address."""

from __future__ import annotations

from django.conf import settings

from amparo.security.clients import client_key
from amparo.security.tests.helpers import assert_no_address, cache_keys
from conftest import PASSWORD, totp_now

LOGIN = "/accounts/login/"
LOCKED = "Too many failed login attempts for this account or from this connection"


def login(client, email: str, password: str, addr: str = "203.0.113.77"):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=addr)


def test_it_locks_an_account_after_five_failures(client, dispatcher):
    for _ in range(5):
        r = login(client, dispatcher.email, "not the password at all")
        assert r.status_code == 200 and LOCKED not in r.content.decode()
    # Sixth try, even with the right password and from another connection: locked.
    r = login(client, dispatcher.email, PASSWORD, addr="198.51.100.9")
    assert r.status_code == 200
    body = r.content.decode()
    assert LOCKED in body and f"{settings.AMPARO_LOGIN_LOCKOUT_MINUTES} minutes" in body
    assert client.get("/home/account/")["Location"].startswith("/accounts/login/")  # not logged in
    # Other accounts are not locked by it.
    r = login(client, "legal@north.test", "wrong", addr="198.51.100.9")
    assert LOCKED not in r.content.decode()
    assert_no_address("203.0.113.77")


def test_it_locks_a_client_trying_many_accounts(client, dispatcher):
    for i in range(20):
        r = login(client, f"nobody{i}@north.test", "guess guess guess")
        assert LOCKED not in r.content.decode(), i
    r = login(client, dispatcher.email, PASSWORD)
    assert LOCKED in r.content.decode()
    # The same account from another connection goes on to its second factor.
    r = login(client, dispatcher.email, PASSWORD, addr="198.51.100.9")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/2fa/authenticate")


def test_it_keys_the_client_by_a_keyed_hash(rf, client, dispatcher):
    login(client, dispatcher.email, "wrong password here", addr="203.0.113.77")
    request = rf.get("/", REMOTE_ADDR="203.0.113.77")
    hashed = client_key(request)
    keys = [k for k in cache_keys() if "login_failed" in k]
    assert keys and any(hashed in k for k in keys), keys
    assert_no_address("203.0.113.77")
    assert client_key(rf.get("/", REMOTE_ADDR="203.0.113.78")) != hashed
    # One IPv6 /64 is one client: rotating the interface id does not escape the limit.
    a = client_key(rf.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1"))
    b = client_key(rf.get("/", REMOTE_ADDR="2001:db8:1:2:bbbb::2"))
    assert a == b and "2001" not in a


def test_it_throttles_wrong_totp_codes_too(client, dispatcher):
    r = login(client, dispatcher.email, PASSWORD)
    assert r["Location"].startswith("/accounts/2fa/authenticate")
    wrong = "000000" if totp_now() != "000000" else "111111"
    for _ in range(5):
        client.post("/accounts/2fa/authenticate/", {"code": wrong}, REMOTE_ADDR="203.0.113.77")
    r = client.post("/accounts/2fa/authenticate/", {"code": totp_now()}, REMOTE_ADDR="203.0.113.77")
    assert r.status_code == 200 and LOCKED in r.content.decode()
    assert client.get("/home/account/")["Location"].startswith("/accounts/login/")  # not logged in


def test_it_does_not_install_usersessions():
    assert "allauth.usersessions" not in settings.INSTALLED_APPS
