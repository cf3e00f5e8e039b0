"""Members whose role sees personal data must enroll in MFA before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/hooks/", "/api/", "/report", "/i18n/", "/healthz", "/public")


def needs_mfa(user) -> bool:  # type: ignore[no-untyped-def]
    from allauth.mfa.models import Authenticator

    from amparo.orgs.models import ROLES_WITHOUT_PERSONAL_DATA

    roles = set(user.memberships.filter(is_active=True).values_list("role", flat=True))
    if not roles - set(ROLES_WITHOUT_PERSONAL_DATA) and not user.is_staff:
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and request.path != "/"
            and needs_mfa(user)
        ):
            return redirect("/accounts/2fa/totp/activate")
        return self.get_response(request)
