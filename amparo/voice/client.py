"""The Twilio REST client of an organization, for calls and recordings.

Built by the messaging transport, so TWILIO_API_BASE (a fake server on
127.0.0.1 in tests) and the request timeout apply here too."""

from __future__ import annotations

from django.conf import settings
from twilio.rest import Client

from amparo.messaging.transports.twilio import TwilioTransport
from amparo.orgs.models import Organization


def account_sid(org: Organization) -> str:
    return org.twilio_account_sid or settings.TWILIO_ACCOUNT_SID


def twilio_client(org: Organization) -> Client | None:
    """None when the organization has no Twilio account to act with."""
    sid, token = account_sid(org), org.twilio_auth_token or ""
    if not sid or not token:
        return None
    return TwilioTransport().client(sid, token)
