"""The live SMS segment counter on an admin's text override (issue 15, item 11), under the real CSP."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from amparo.testing.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_counter_follows_what_the_admin_types(page, live_server, admin_user):
    cache.clear()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, live_server, admin_user, next_url="/manage/texts/help/en/")
    counter = page.locator("#text-segments")
    box = page.locator("#id_text")
    box.fill("a" * 160)
    assert counter.inner_text() == "Characters: 160 · Encoding: GSM-7 · SMS segments: 1"
    box.fill("a" * 161)
    assert counter.inner_text() == "Characters: 161 · Encoding: GSM-7 · SMS segments: 2"
    box.fill("Información " + "o" * 58)  # one ó: the whole text is Unicode
    assert counter.inner_text() == "Characters: 70 · Encoding: Unicode · SMS segments: 1"
    box.press("End")
    box.type("o")
    assert counter.inner_text() == "Characters: 71 · Encoding: Unicode · SMS segments: 2"
    box.fill("{}" * 41)  # GSM-7's extension characters take two septets each
    assert counter.inner_text().endswith("Encoding: GSM-7 · SMS segments: 2")
    assert not errors  # no CSP refusal, no script error
