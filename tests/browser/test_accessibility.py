"""Every page, as every role, at phone and laptop size, has 0 axe-core violations (issue 15, item 10).

The page list is the URL map's, with the arguments the pages-speak test gives each
named page (``tests/i18n/test_pages_speak.py``, ``ARGS``): a page another engineer
adds later is walked here too, and fails here until it passes axe. axe-core is a
test dependency from npm (``package.json`` at the root, installed into
``node_modules/`` by ``make test``), never under ``amparo/static``: it never ships.
The site's CSP refuses an injected script, so axe runs in a context made with
``bypass_csp=True``; every other browser test keeps the real CSP.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from amparo.testing.browser import screenshot
from tests.i18n.test_pages_speak import ARGS, ROLES, build_network, page_names

# The walk takes minutes and no database decides a page's accessibility: once per `make test`,
# in the SQLite pass (Makefile; decisions.md).
pytestmark = [pytest.mark.browser, pytest.mark.sqlite_pass, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}
# What a person opens: pages that answer a GET with HTML. A file, a feed or a form's
# POST target is no page (the pages-speak test says which are never opened, and why).
EXTRA = [("403", "/console/"), ("404", "/no/such/page/"), ("account", "/home/account/"),
         ("login", "/accounts/login/"), ("signup-none", "/accounts/password/reset/")]


def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm ci` at the repository's root (make test does)",
                    pytrace=False)
    return AXE.read_text(encoding="utf-8")


def violations(page: Any, source: str) -> list[dict[str, Any]]:
    page.add_script_tag(content=source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def describe(where: str, found: list[dict[str, Any]]) -> list[str]:
    lines = []
    for v in found:
        targets = ", ".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                            for n in v["nodes"][:4])
        lines.append(f"{where}: {v['id']} ({v['impact']}, {len(v['nodes'])}×) {v['help']} — {targets}")
    return lines


def session_cookie(user: Any, url: str) -> dict[str, Any]:
    client = Client()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": url}


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_every_page_in_every_role_has_no_axe_violations(browser, live_server, request, north, admin_user,
                                                        dispatcher, responder, legal, size, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    settings.AMPARO_PUBLIC_URL = live_server.url
    # Optional test dependency: the browser fixture has already skipped or failed loudly without it.
    from playwright.sync_api import Error as PlaywrightError

    source = axe_source()
    world = build_network(north, admin_user, dispatcher, responder)
    urls = [(name, reverse(name, kwargs=ARGS[name](world) if takes_args else None))
            for name, takes_args in page_names()] + EXTRA

    found: list[str] = []
    walked = 0
    for role in ROLES:
        context = browser.new_context(viewport=SIZES[size], bypass_csp=True, locale="en-US",
                                      device_scale_factor=1, is_mobile=size == "phone")
        if role:
            context.add_cookies([session_cookie(request.getfixturevalue(role), live_server.url)])
        page = context.new_page()
        seen: set[str] = set()
        try:
            for name, url in urls:
                try:
                    response = page.goto(live_server.url + url)
                except PlaywrightError:  # a POST-only form target answers a GET with an empty 405
                    continue
                if response is None or "text/html" not in (response.headers.get("content-type") or ""):
                    continue
                # The same page reached twice (a redirect, an error page) is checked once per role.
                key = page.url if response.status == 200 else str(response.status)
                if response.status not in (200, 403, 404) or key in seen or "<html" not in response.text():
                    continue  # a fragment (htmx) is checked inside the page that swaps it in
                seen.add(key)
                walked += 1
                problems = violations(page, source)
                if problems:
                    screenshot(page, f"axe-{size}-{role or 'anonymous'}-{name}")
                found += describe(f"{url} as {role or 'anonymous'} ({size})", problems)
        finally:
            context.close()
    assert walked > 40, f"only {walked} pages walked"
    assert not found, "\n".join(found)
