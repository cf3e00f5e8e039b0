from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from amparo.accounts.middleware import role_needs_mfa
from amparo.security.clients import client_key
from amparo.security.logins import refund_login_attempt, reserve_login_attempt
from amparo.security.passwords import MFA_TYPES


def _lockout_message() -> str:
    minutes = settings.AMPARO_LOGIN_LOCKOUT_MINUTES
    return ngettext(
        "Too many failed login attempts for this account or from this connection. "
        "Logging in is blocked for %(minutes)d minute; try again after that.",
        "Too many failed login attempts for this account or from this connection. "
        "Logging in is blocked for %(minutes)d minutes; try again after that.",
        minutes,
    ) % {"minutes": minutes}


class InvitationOnlyAdapter(DefaultAccountAdapter):
    """There is no open signup: people join through an invitation an admin sends."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": lazy(_lockout_message, str)(),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's rate limits key their cache entries by this value. A keyed
        # hash instead of the address: the cache never holds an IP.
        return client_key(request)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # An atomic counter in front of allauth's read-modify-write limiter, so the
        # limit of five holds across every web process (amparo.security.logins).
        # The login alone, not allauth's "host:login": behind two app servers (or two
        # ports) the host differs while the account is the same.
        account = str(credentials.get("email", credentials.get("username", "")))
        slot = reserve_login_attempt(account)
        self._amparo_login_slot = slot
        if slot is None:
            raise self.validation_error("too_many_login_attempts")
        try:
            super().pre_authenticate(request, **credentials)
        except Exception:
            refund_login_attempt(slot)  # allauth refused: no password was checked
            self._amparo_login_slot = None
            raise

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        self._amparo_login_slot = None
        user = super().authenticate(request, **credentials)
        slot = self._amparo_login_slot
        if user is not None and slot is not None:
            refund_login_attempt(slot)
        return user


class AmparoMFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Your role sees personal data: keep at least one authenticator app or security key."
        ),
    }

    def get_totp_label(self, user: Any) -> str:
        return user.email

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Who must use MFA cannot remove their last TOTP device or security key."""
        if authenticator.type not in MFA_TYPES or not role_needs_mfa(authenticator.user):
            return True
        others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=MFA_TYPES).exclude(
            pk=authenticator.pk)
        return others.exists()
