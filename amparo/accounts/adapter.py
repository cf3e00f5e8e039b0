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
