"""The organization's Twilio account, as the domain's ``ProviderAccount``."""

from __future__ import annotations

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from amparo.core.provider import ProviderError
from amparo.integrations.twilio.client.rest import twilio_client
from amparo.integrations.twilio.voice.twiml import hook_url
from amparo.orgs.models import Organization


def _error(exc: TwilioRestException) -> ProviderError:
    return ProviderError(f"Twilio HTTP {exc.status}", code=str(exc.code or exc.status),
                         transient=exc.status == 429 or exc.status >= 500)


class TwilioAccount:
    def __init__(self, client: Client) -> None:
        self.client = client

    def delete_message(self, sid: str) -> None:
        try:
            self.client.messages(sid).delete()
        except TwilioRestException as exc:
            if exc.status != 404:  # 404: already gone, which is what we want
                raise _error(exc) from None
        except OSError as exc:  # requests' ConnectionError and Timeout
            raise ProviderError(type(exc).__name__, transient=True) from None

    def delete_recording(self, sid: str) -> None:
        try:
            self.client.recordings(sid).delete()
        except TwilioRestException as exc:
            if exc.status != 404:
                raise _error(exc) from None
        except OSError as exc:
            raise ProviderError(type(exc).__name__, transient=True) from None

    def call_back(self, *, to: str, from_: str, call_id: int) -> str:
        try:
            created = self.client.calls.create(
                to=to, from_=from_, url=hook_url("bridge", call=call_id), method="POST",
                status_callback=hook_url("status", call=call_id), status_callback_method="POST",
                timeout=30,
            )
        except TwilioRestException as exc:
            raise _error(exc) from None
        except OSError as exc:
            raise ProviderError(type(exc).__name__, transient=True) from None
        return created.sid or ""


def account_for(org: Organization) -> TwilioAccount | None:
    client = twilio_client(org)
    return TwilioAccount(client) if client is not None else None
