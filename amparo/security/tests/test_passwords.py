"""NIST SP 800-63B passwords: 15 characters alone, 8 with MFA, no composition rules, breached ones refused."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from amparo.accounts.actions import invite_member
from amparo.accounts.models import User
from conftest import PASSWORD, make_member

FIFTEEN = "plain words only"  # 16 characters, lowercase letters and spaces: no composition rule asked
FOURTEEN = "tulip ox cargo"  # 14 characters
NINE = "tulip ox9"


def errors(password: str, user=None) -> list[str]:  # type: ignore[no-untyped-def]
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        return [e.code for e in exc.error_list]
    return []


def test_it_asks_15_characters_without_mfa(north):
    user = User.objects.create_user(email="nomfa@north.test", password=PASSWORD)
    assert errors(FOURTEEN, user) == ["password_too_short"]
    assert errors(FIFTEEN, user) == []
    assert errors(FOURTEEN, User(email="new@north.test")) == ["password_too_short"]  # at invitation


def test_it_asks_8_characters_with_totp_or_a_security_key(north):
    user = make_member(north, "withmfa@north.test", "dispatcher")  # TOTP enrolled
    assert errors(NINE, user) == []
    assert errors("tulip o", user) == ["password_too_short"]
    Authenticator.objects.filter(user=user).delete()
    Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={"name": "key"})
    assert errors(NINE, user) == []
    Authenticator.objects.filter(user=user).delete()
    Authenticator.objects.create(user=user, type=Authenticator.Type.RECOVERY_CODES, data={})
    assert errors(NINE, user) == ["password_too_short"]  # recovery codes are not a second factor


def test_it_accepts_long_passwords_and_refuses_huge_ones(db):
    assert errors("a sentence that goes on and on " * 4) == []  # 124 characters
    assert errors("x" * 64 + " y") == []
    assert errors("lorem ipsum " * 100) == ["password_too_long"]


@pytest.mark.parametrize("password", ["iloveyou12345678", "qwertyuiopasdfgh", "1q2w3e4r5t6y7u8i9o0p"])
def test_it_refuses_breached_passwords(db, password):
    assert "password_breached" in errors(password)


def test_it_refuses_common_short_passwords_with_mfa(north):
    user = make_member(north, "short@north.test", "dispatcher")
    assert "password_too_common" in errors("password", user)
    assert "password_too_common" in errors("superman1", user)


def test_it_applies_the_rules_at_invitation(client, admin_user, north):
    _inv, token = invite_member(north, email="invitee@north.test", role="legal", invited_by=admin_user)
    url = f"/accounts/invite/{token}/"
    r = client.post(url, {"password1": FOURTEEN, "password2": FOURTEEN})
    assert r.status_code == 200 and "at least 15 characters" in r.content.decode()
    r = client.post(url, {"password1": "iloveyou12345678", "password2": "iloveyou12345678"})
    assert r.status_code == 200 and "known from data breaches" in r.content.decode()
    assert not User.objects.filter(email="invitee@north.test").exists()
    r = client.post(url, {"password1": FIFTEEN, "password2": FIFTEEN})
    assert r.status_code == 302
    assert User.objects.get(email="invitee@north.test").check_password(FIFTEEN)


def test_it_lets_an_enrolled_member_change_to_an_8_character_password(client, dispatcher):
    client.force_login(dispatcher)
    r = client.post("/accounts/password/change/", {"oldpassword": PASSWORD, "password1": NINE, "password2": NINE})
    assert r.status_code == 302, r.content.decode()[:2000]
    dispatcher.refresh_from_db()
    assert dispatcher.check_password(NINE)
