"""The second step of logging in, saying why a right code was refused (issue 15, item 11).

allauth refuses a TOTP code already used within its window (replay protection) with the same
"Incorrect code." as a wrong one; a volunteer who typed the code their app still shows, a few
seconds after a first try, then believes the app is broken. The code is still refused; the
message says to wait for the next one.
"""

from __future__ import annotations

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, validate_totp_code
from allauth.mfa.utils import decrypt
from allauth.mfa.webauthn.forms import AuthenticateWebAuthnForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REUSED = _("This code was already used. Wait for your app to show the next code (a few seconds), then type that one.")


def was_just_used(user_id: int | None, code: str) -> bool:
    """True when ``code`` is right for one of the user's authenticator apps but was already
    used within its window: allauth's replay marker is set for it."""
    if user_id is None or not code:
        return False
    for auth in Authenticator.objects.filter(user_id=user_id, type=Authenticator.Type.TOTP):
        totp = TOTP(auth)
        if validate_totp_code(decrypt(auth.data["secret"]), code) and cache.get(totp._get_used_cache_key(code)):
            return True
    return False


class _ExplainsReuse:
    def clean_code(self) -> str:
        try:
            return super().clean_code()  # type: ignore[misc]  # a mixin before allauth's form, which has clean_code
        except ValidationError as refused:
            user = getattr(self, "user", None)
            if was_just_used(getattr(user, "pk", None), self.cleaned_data.get("code", "")):  # type: ignore[attr-defined]  # a form's cleaned_data
                raise ValidationError(REUSED, code="code_reused") from refused
            raise


class AmparoAuthenticateForm(_ExplainsReuse, AuthenticateForm):
    pass


class AmparoReauthenticateForm(_ExplainsReuse, ReauthenticateForm):
    pass


class AmparoAuthenticateWebAuthnForm(AuthenticateWebAuthnForm):
    """The security-key step, offered only to an account with a key enrolled: a button that
    can only fail is one more thing to get wrong at 3 a.m."""

    @property
    def has_key(self) -> bool:
        user = getattr(self, "user", None)
        return user is not None and Authenticator.objects.filter(
            user_id=user.pk, type=Authenticator.Type.WEBAUTHN).exists()
