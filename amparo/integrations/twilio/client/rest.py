"""The Twilio REST client of an organization.

Every request goes through here, so TWILIO_API_BASE (a fake server on
127.0.0.1 in tests, or a regional edge) and the request timeout apply to
texts, calls and deletions alike."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from amparo.orgs.models import Organization

TIMEOUT = 15  # seconds; the task retries, a hung request must not hold a worker


class _RebasedHttpClient(TwilioHttpClient):
    """Sends what the client would send to api.twilio.com to another base URL."""

    def __init__(self, base: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base = urlsplit(base)

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        parts = urlsplit(url)
        url = urlunsplit((self.base.scheme, self.base.netloc, parts.path, parts.query, ""))
        return super().request(method, url, *args, **kwargs)


def rest_client(account_sid: str, auth_token: str, api_base: str | None = None) -> Client:
    base = api_base if api_base is not None else getattr(settings, "TWILIO_API_BASE", "")
    http = _RebasedHttpClient(base, timeout=TIMEOUT) if base else TwilioHttpClient(timeout=TIMEOUT)
    return Client(account_sid, auth_token, http_client=http)


def account_sid(org: Organization) -> str:
    return org.twilio_account_sid or settings.TWILIO_ACCOUNT_SID


def twilio_client(org: Organization) -> Client | None:
    """None when the organization has no Twilio account to act with."""
    sid, token = account_sid(org), org.twilio_auth_token or ""
    if not sid or not token:
        return None
    return rest_client(sid, token)
