"""What the domain asks of the telephony provider's account, besides sending texts.

Deleting an inbound message or a call recording once Amparo holds its own copy
(so the provider keeps none longer than we do), and placing a call from the
hotline. The domain owns this interface; a channel implements it and
registers a factory in its ``AppConfig.ready()``
(amparo/integrations/twilio/apps.py), so no domain app imports a channel or
a provider's SDK. Texts go through ``amparo.messaging.transports``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured


class ProviderError(Exception):
    """The provider refused or could not be reached. ``code`` is its error code."""

    def __init__(self, message: str, *, code: str = "", transient: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.transient = transient


class ProviderAccount(Protocol):
    def delete_message(self, sid: str) -> None:
        """Delete an inbound message. Already gone counts as done. Raises ProviderError."""

    def delete_recording(self, sid: str) -> None:
        """Delete a call recording. Already gone counts as done. Raises ProviderError."""

    def call_back(self, *, to: str, from_: str, call_id: int) -> str:
        """Ring ``to`` from the hotline ``from_``; the provider then asks the voice
        hooks what to do with call ``call_id``. Returns the provider's call id."""


_factory: Callable[[Any], ProviderAccount | None] | None = None


def register_provider_account(factory: Callable[[Any], ProviderAccount | None]) -> None:
    """Called once by the channel app's ``ready()``: ``factory(org)`` gives the
    organization's account, or None when it has none configured."""
    global _factory
    if _factory is not None and _factory is not factory:
        raise ImproperlyConfigured("two provider accounts registered")
    _factory = factory


def provider_account(org: Any) -> ProviderAccount | None:
    """The organization's provider account; None when none is configured."""
    return _factory(org) if _factory is not None else None
