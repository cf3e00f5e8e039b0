"""The signed token a report form carries: a nonce and when the form was shown.

The nonce makes a double submit or a back-and-resubmit store one report
(provider_id "web:<nonce>"); the timestamp turns away posts sent faster than
a person can fill the form. Both are signed, so neither can be forged.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing

SALT = "amparo.public.report-form"
# A form left open longer than this is refused (and shown again, input kept).
MAX_AGE_SECONDS = 24 * 3600


class TokenError(Exception):
    pass


@dataclass(frozen=True)
class FormToken:
    nonce: str
    shown_at: float

    def age(self) -> float:
        return time.time() - self.shown_at

    def too_fast(self) -> bool:
        return self.age() < settings.AMPARO_FORM_MIN_SECONDS


def issue_token(org_id: int, nonce: str | None = None) -> str:
    return signing.dumps(
        {"o": org_id, "n": nonce or secrets.token_urlsafe(16), "t": time.time()}, salt=SALT, compress=True
    )


def read_token(value: str, org_id: int) -> FormToken:
    try:
        data = signing.loads(value, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:  # includes SignatureExpired
        raise TokenError("bad or expired token")
    if not isinstance(data, dict) or data.get("o") != org_id or not isinstance(data.get("n"), str):
        raise TokenError("token of another form")
    return FormToken(nonce=data["n"], shown_at=float(data["t"]))


def nonce_of(value: str, org_id: int) -> str | None:
    """The nonce of a token that failed only for its age, to keep it on a re-render."""
    try:
        data = signing.loads(value, salt=SALT)
    except signing.BadSignature:
        return None
    if isinstance(data, dict) and data.get("o") == org_id and isinstance(data.get("n"), str):
        return data["n"]
    return None


# The honeypot field every public form carries: hidden from people, filled by bots.
HONEYPOT = "website"


@dataclass(frozen=True)
class Screened:
    """What a public form's POST is: from a person (``token``), or to be shown again (``again``)
    with the nonce its new token must keep, so that a resend is still one submission."""

    token: FormToken | None
    again: str = ""  # "stale": the form was open too long; "hasty": a bot, or a person far too quick
    nonce: str | None = None


def screen_post(post: Any, org_id: int) -> Screened:
    """The checks every public form makes before it reads a field: a valid token, an empty
    honeypot, and a post no faster than a person types. The caller words the notice."""
    raw = post.get("token", "")
    try:
        token = read_token(raw, org_id)
    except TokenError:
        return Screened(None, "stale", nonce_of(raw, org_id))
    if post.get(HONEYPOT) or token.too_fast():
        return Screened(None, "hasty", token.nonce)
    return Screened(token)
