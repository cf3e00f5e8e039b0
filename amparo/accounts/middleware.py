"""Members whose role sees personal data must enroll in MFA before anything else;
sessions end after 12 hours, or 2 hours idle; pages show the organization's time zone."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.accounts.access import SETS_ORG_ZONE, member_zone
from amparo.orgs.models import ROLES_WITHOUT_PERSONAL_DATA
from amparo.security.passwords import has_mfa

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/hooks/", "/api/", "/report", "/i18n/", "/healthz", "/public")

# Session keys. They live in the session, so a rotated session_salt
# (deactivate_member) discards them with the session itself.
MFA_OK_AT = "amparo_mfa_ok_at"
STARTED_AT = "amparo_started_at"
SEEN_AT = "amparo_seen_at"
# An enrolled factor is re-checked this often, so one removed by a platform
# admin stops counting within minutes; in between, no query per request.
MFA_RECHECK_SECONDS = 300
# The idle clock is written at most this often: not one session write per request.
SEEN_RESOLUTION_SECONDS = 60


def role_needs_mfa(user: Any) -> bool:
    if user.is_staff:
        return True
    roles = set(user.memberships.filter(is_active=True).values_list("role", flat=True))
    return bool(roles - set(ROLES_WITHOUT_PERSONAL_DATA))


def needs_mfa(user: Any) -> bool:
    """True when ``user``'s roles see personal data and no TOTP device or security key is enrolled."""
    return role_needs_mfa(user) and not has_mfa(user)


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
            and not self._enrolled_recently(request)
        ):
            if has_mfa(user):
                # Only "enrolled" is remembered: "no role needs it" can change with a role.
                request.session[MFA_OK_AT] = int(time.time())
            elif role_needs_mfa(user):
                # The overview offers both an authenticator app and a security key.
                return redirect("mfa_index")
        return self.get_response(request)

    @staticmethod
    def _enrolled_recently(request: HttpRequest) -> bool:
        ok_at = request.session.get(MFA_OK_AT)
        return isinstance(ok_at, int) and 0 <= time.time() - ok_at < MFA_RECHECK_SECONDS


class SessionTimeoutMiddleware:
    """Logs a member out 12 h after the session started or after 2 h without a request.

    SESSION_COOKIE_AGE alone is not absolute: every session write pushes the
    stored expiry forward. Both clocks are kept in the session itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started, seen = session.get(STARTED_AT), session.get(SEEN_AT)
            if not isinstance(started, int) or not isinstance(seen, int):
                session[STARTED_AT] = session[SEEN_AT] = now
            elif now - started >= settings.AMPARO_SESSION_MAX_SECONDS:
                self._end(request, _("Your session has ended after %(hours)d hours. Please log in again.")
                          % {"hours": settings.AMPARO_SESSION_MAX_SECONDS // 3600})
            elif now - seen >= settings.AMPARO_SESSION_IDLE_SECONDS:
                self._end(request, _("You were logged out after %(minutes)d minutes without activity.")
                          % {"minutes": settings.AMPARO_SESSION_IDLE_SECONDS // 60})
            elif now - seen >= SEEN_RESOLUTION_SECONDS:
                session[SEEN_AT] = now
        return self.get_response(request)

    @staticmethod
    def _end(request: HttpRequest, message: str) -> None:
        logout(request)  # flushes the session, request.user becomes anonymous
        messages.info(request, message)


class OrgTimeZoneMiddleware:
    """Every page a member sees shows times in their organization's zone, as the
    console always did: the responder's pages, home, the error pages.

    Views whose decorator knows the organization (``console_view``,
    ``org_admin_required``) activate its zone themselves and are skipped; pages
    without a login (a responder's signed link) activate the offer's
    organization's zone in the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()  # a worker thread serves the next request in UTC again

    def process_view(self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any,
                     view_kwargs: Any) -> None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or getattr(view_func, SETS_ORG_ZONE, False):
            return
        zone = member_zone(request)
        if zone is not None:
            timezone.activate(zone)
