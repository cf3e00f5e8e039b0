"""Which language the public pages speak: chosen without JavaScript.

``?lang=es`` (a link) or the form's hidden ``lang`` field choose; the choice
is kept in the ``amparo_lang`` cookie. Without a choice: the browser's
Accept-Language, else the organization's default language.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language_info
from django.utils.translation.trans_real import parse_accept_lang_header

COOKIE = "amparo_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def supported() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def _pick(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().lower()
    codes = supported()
    if value in codes:
        return value
    base = value.split("-")[0]
    return base if base in codes else None


def chosen_language(request: HttpRequest, read_post: bool = True) -> str | None:
    """A language the person chose explicitly on this request (link or form)."""
    posted = request.POST.get("lang") if read_post and request.method == "POST" else None
    return _pick(posted) or _pick(request.GET.get("lang"))


def request_language(request: HttpRequest, default: str | None = None, read_post: bool = True) -> str:
    lang = chosen_language(request, read_post) or _pick(request.COOKIES.get(COOKIE))
    if lang:
        return lang
    for accept, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if _pick(accept):
            return _pick(accept)  # type: ignore[return-value]  # the language picked is one of the org's codes (str)
    return _pick(default) or settings.LANGUAGE_CODE


def remember_language(request: HttpRequest, response: HttpResponse, lang: str, read_post: bool = True) -> None:
    if chosen_language(request, read_post) and request.COOKIES.get(COOKIE) != lang:
        response.set_cookie(
            COOKIE, lang, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    response["Content-Language"] = lang


def language_links(current: str, offered: list[str] | None = None) -> list[dict]:
    """Each language named in itself, so a person finds theirs whatever is shown:
    the organization's languages in its order (all of them when there is none)."""
    codes = [c for c in (offered or supported()) if c in supported()]
    if current not in codes:
        codes.append(current)
    return [
        {"code": code, "name": get_language_info(code)["name_local"], "current": code == current}
        for code in codes
    ]
