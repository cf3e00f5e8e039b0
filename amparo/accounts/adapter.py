from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest


class InvitationOnlyAdapter(DefaultAccountAdapter):
    """There is no open signup: people join through an invitation an admin sends."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class AmparoMFAAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user: Any) -> str:
        return user.email
