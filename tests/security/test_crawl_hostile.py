"""Hostile input at every door a member can reach, found by walking the site as they do.

The hand-written door lists (test_hostile_input.py) cover the parameters known when they
were written; this walk finds the rest. Logged in as each role of the demo network, it
follows every link on the site from the role's home page (breadth first, same site, no
log-out), and on every page it reaches:

- GETs the page again with each query parameter the page's own links use set to a hostile
  value (digits of other scripts, a run past int()'s 4,300-digit limit, NUL, an over-long
  string);
- for every form on the page, POSTs it with its own values and one field at a time
  replaced by each hostile value.

The assertion is never a 5xx. Django's test client re-raises a view's exception, so any
error fails with its traceback. Budget: about 4 poison values per field, one field at a
time; a page is visited once per role. Marked slow: it runs once, in the slow pass.
"""

from __future__ import annotations

import re
import traceback
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command

POISON = ["²", "9" * 4400, "\x00", "x" * 20000, "-1"]
SKIP = re.compile(r"^/(accounts/logout|accounts/password|accounts/2fa|accounts/mfa|static/|media/|hooks/|"
                  r"api/|updates/[^/]+/feed)")
# Forms whose purpose is to end the session or change credentials: posting them mid-walk
# would log the walker out.
SKIP_FORMS = re.compile(r"/accounts/|/logout")
MAX_PAGES = 400


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": {}}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea") and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form["fields"].setdefault(a["name"], None)
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self._form["fields"][a["name"]] = a.get("value", "")
        elif self._form is not None and tag == "option" and "selected" in a:
            pass

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def _call(failures: list, method, url: str, name: str, poison: str, *args, **kwargs):  # type: ignore[no-untyped-def]
    """One request; a 5xx or an exception the view raised is recorded with where it came from."""
    try:
        response = method(url, *args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - collected and asserted below, with the traceback's last own frame
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/amparo/" in f.filename]
        where = f"{frames[-1].filename.split('/amparo/')[-1]}:{frames[-1].lineno}" if frames else "?"
        failures.append((url.partition("?")[0], name, poison[:12], f"{type(exc).__name__} at {where}"))
        return None
    if response.status_code >= 500:
        failures.append((url.partition("?")[0], name, poison[:12], response.status_code))
    return response


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _local(base: str, href: str) -> str | None:
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if SKIP.match(parts.path):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _walk(client, start: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every page reachable from ``start`` by links, with its HTML."""
    seen: set[str] = set()
    queue = deque([start])
    pages = []
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        # One visit per shape: /incidents/7 and /incidents/8 are one door, and so are
        # ?page=2 and ?page=3 (the query's names count, not its values).
        path, _, query = url.partition("?")
        key = re.sub(r"[0-9]+", "N", path) + "?" + ",".join(sorted({k for k, _v in parse_qsl(query)}))
        if key in seen:
            continue
        seen.add(key)
        cache.clear()
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code in (301, 302, 303, 307, 308):
            target = _local(url, response["Location"])
            if target:
                queue.appendleft(target)
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode("utf-8", "replace")
        pages.append((url, html))
        for href in _parse(html).links:
            target = _local(url, href)
            if target:
                queue.append(target)
    return pages


# Public doors: the report form, the volunteer sign-up, the page of what was verified, the alerts sign-up (and what they link to).
PUBLIC = ["/report/demo/", "/join/demo/", "/updates/demo/", "/alerts/demo/"]
ROLES = ["admin@demo.amparo.test", "dispatcher@demo.amparo.test", "responder@demo.amparo.test",
         "legal@demo.amparo.test", "attorney@demo.amparo.test"]


@pytest.mark.slow
@pytest.mark.django_db
def test_every_page_and_form_a_member_reaches_survives_hostile_values(client):
    call_command("load_demo", verbosity=0)
    failures: list = []
    for email in ROLES:
        _probe(client, email, failures)
    assert not failures, "\n".join(map(str, sorted(set(failures), key=str)))


@pytest.mark.slow
@pytest.mark.django_db
def test_every_public_page_and_form_survives_hostile_values(client):
    call_command("load_demo", verbosity=0)
    failures: list = []
    for start in PUBLIC:  # no login: the pages anyone reaches, and their forms
        _probe(client, None, failures, start=start, min_pages=1)
    assert not failures, "\n".join(map(str, sorted(set(failures), key=str)))


def _probe(client, email: str | None, failures: list, *, start: str = "/home/",  # type: ignore[no-untyped-def]
           min_pages: int = 4) -> None:
    from amparo.accounts.models import User

    def login() -> None:
        if email:
            client.force_login(User.objects.get(email=email))

    login()
    pages = _walk(client, start)
    assert len(pages) >= min_pages, (email, [u for u, _h in pages])
    for url, html in pages:
        path, _, query = url.partition("?")
        for name, _value in parse_qsl(query):
            for poison in POISON:
                cache.clear()
                _call(failures, client.get, path + "?" + urlencode({**dict(parse_qsl(query)), name: poison}), name,
                      poison)
        for form in _parse(html).forms:
            action = _local(url, form["action"] or url)
            if not action or SKIP_FORMS.search(action):
                continue
            fields = {k: v for k, v in form["fields"].items() if v is not None}
            for name in form["fields"]:
                for poison in POISON:
                    cache.clear()
                    data = {**fields, name: poison}
                    if form["method"] == "post":
                        _call(failures, client.post, action, name, poison, data)
                    else:
                        _call(failures, client.get, action.partition("?")[0] + "?" + urlencode(data), name, poison)
            login()  # a form may have ended the session
