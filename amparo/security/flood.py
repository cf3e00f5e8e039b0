"""Flood limits for the public web form and the API, and the refusal they answer with.

Signed provider webhooks (SMS, voice) never come through here: they are always
stored and answered 200; only Amparo's replies to them are throttled
(amparo/intake/pipeline.py). A web form or API client over its limit gets a
429 that names the organization's hotline, so a person caught in someone
else's flood still knows how to report.

Counters are fixed windows in the cache, keyed by the client's keyed hash
(amparo.security.clients) or by the organization: no address is kept.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from amparo.orgs.models import HotlineNumber, Organization
from amparo.security.clients import client_key

CLIENT = "client"
GLOBAL = "global"


@dataclass(frozen=True)
class Refusal:
    scope: str  # CLIENT or GLOBAL
    retry_after: int  # seconds until the window that refused ends


def _limit(name: str) -> tuple[int, int]:
    count, seconds = settings.AMPARO_FLOOD_LIMITS[name]
    return int(count), int(seconds)


def _cache_key(key: str, seconds: int, now: float) -> tuple[str, int]:
    window = int(now // seconds)
    retry_after = int((window + 1) * seconds - now) + 1
    return f"flood:{key}:{seconds}:{window}", retry_after


def _hit(key: str, limit: tuple[int, int]) -> int | None:
    """Count one event; the seconds to wait when it goes over ``limit``, else None."""
    count_max, seconds = limit
    cache_key, retry_after = _cache_key(key, seconds, time.time())
    if cache.add(cache_key, 1, timeout=seconds + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=seconds + 5)
            count = 1
    return retry_after if count > count_max else None


def _over(key: str, limit: tuple[int, int]) -> int | None:
    """Like ``_hit`` without counting: is ``key`` already past its limit?"""
    count_max, seconds = limit
    cache_key, retry_after = _cache_key(key, seconds, time.time())
    return retry_after if (cache.get(cache_key) or 0) >= count_max else None


def check(request: HttpRequest, channel: str, org_id: int) -> Refusal | None:
    """Count this request of ``channel`` ("form" or "api") against the client's and
    the organization's limits. None when it may go on."""
    wait = _hit(f"{channel}:{CLIENT}:{client_key(request)}", _limit(f"{channel}:{CLIENT}"))
    if wait is not None:
        return Refusal(CLIENT, wait)
    wait = _hit(f"{channel}:{GLOBAL}:{org_id}", _limit(f"{channel}:{GLOBAL}"))
    if wait is not None:
        return Refusal(GLOBAL, wait)
    return None


def api_auth_locked(request: HttpRequest) -> Refusal | None:
    """A client that sent too many unknown tokens is refused before any lookup,
    so that guessing stops answering instead of merely slowing."""
    wait = _over(f"api-auth:{client_key(request)}", _limit("api:auth_failures"))
    return Refusal(CLIENT, wait) if wait is not None else None


def api_auth_failed(request: HttpRequest) -> None:
    _hit(f"api-auth:{client_key(request)}", _limit("api:auth_failures"))


def hotline_numbers(org: Organization | None) -> list[dict[str, str]]:
    """The organization's numbers people can call or text, formatted for reading."""
    if org is None:
        return []
    rows = HotlineNumber.objects.filter(Q(sms=True) | Q(voice=True), organization=org).order_by("id")
    numbers = []
    for e164 in rows.values_list("e164", flat=True):
        try:
            shown = phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        except phonenumbers.NumberParseException:
            shown = e164
        numbers.append({"e164": e164, "shown": shown})
    return numbers


def refusal_message(refusal: Refusal, numbers: list[dict[str, str]]) -> str:
    """One sentence, in the active language, that says why and where to report instead."""
    listed = ", ".join(n["shown"] for n in numbers)
    if refusal.scope == CLIENT:
        if listed:
            return _("Too many reports from this connection. Call or text the hotline at %(numbers)s.") % {
                "numbers": listed}
        return _("Too many requests from this connection. Please wait a few minutes and try again.")
    if listed:
        return _("Too many reports are arriving right now. Call or text the hotline at %(numbers)s.") % {
            "numbers": listed}
    return _("Too many requests are arriving right now. Please wait a few minutes and try again.")


def refuse_page(request: HttpRequest, org: Organization, refusal: Refusal, lang: str) -> HttpResponse:
    """The 429 page of the public form, in ``lang``; it works without JavaScript."""
    numbers = hotline_numbers(org)
    with translation.override(lang):
        ctx = {"org": org, "numbers": numbers, "message": refusal_message(refusal, numbers), "lang": lang}
        response = render(request, "security/too_many.html", ctx, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    response["Cache-Control"] = "private, no-store"
    return response


def refuse_json(org: Organization | None, refusal: Refusal) -> JsonResponse:
    """The API's 429, in the request's language (Accept-Language via LocaleMiddleware)."""
    numbers = hotline_numbers(org)
    body = {"detail": refusal_message(refusal, numbers), "hotline": [n["e164"] for n in numbers]}
    response = JsonResponse(body, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


class Flooded(Exception):
    """Raised inside the API's authentication; api.py turns it into ``refuse_json``."""

    def __init__(self, refusal: Refusal, org: Organization | None = None) -> None:
        super().__init__(refusal.scope)
        self.refusal = refusal
        self.org = org
