"""Twilio request signatures, checked against the public URL Twilio called.

Behind a proxy Django sees an internal URL, so the URL is rebuilt from
AMPARO_PUBLIC_URL plus the request path and query."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest
from twilio.request_validator import RequestValidator

from amparo.orgs.models import Organization

log = logging.getLogger(__name__)


def public_url(request: HttpRequest) -> str:
    return settings.AMPARO_PUBLIC_URL + request.get_full_path()


def is_signed_by(request: HttpRequest, org: Organization) -> bool:
    signature = request.headers.get("X-Twilio-Signature", "")
    token = org.twilio_auth_token or ""
    if not signature or not token:
        return False
    if settings.PRODUCTION and token == settings.DEV_TWILIO_AUTH_TOKEN:
        log.error("organization %s still has the development Twilio auth token: refusing its webhooks", org.slug)
        return False
    return RequestValidator(token).validate(public_url(request), request.POST, signature)
