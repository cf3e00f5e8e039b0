"""Twilio's identifiers and status words, read from a webhook's parameters.

They are short ASCII tokens (``CA…``, ``SM…``, ``RE…``, ``completed``, ``30003``).
Anything else (a NUL, which PostgreSQL cannot store, other scripts, a megabyte)
is not one: it reads as missing, and the view answers as it does for a missing
value. Message bodies and numbers are not tokens; they have their own readers."""

from __future__ import annotations

import re

from django.http import QueryDict

_TOKEN = re.compile(r"[A-Za-z0-9_.:-]+", re.ASCII)


def token(params: QueryDict, name: str, *, max_len: int = 64, default: str = "") -> str:
    value = params.get(name)
    if value is None:
        return default
    value = value.strip()
    return value if len(value) <= max_len and _TOKEN.fullmatch(value) else ""
