"""Fixtures of the browser tests: a chromium ``browser`` and a phone-sized ``page``.

Playwright's sync API runs an asyncio loop in this thread, so Django would
refuse ORM calls made from the test body (SynchronousOnlyOperation). The
tests are synchronous code that merely shares the thread; this allows it here
and nowhere else.
"""

from __future__ import annotations

import os

import pytest
from django.db import connections

from amparo.testing import browser as harness

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

_skipped: list[str] = []


@pytest.fixture(scope="module")
def browser():
    """Chromium for one module of tests. While Playwright runs, this thread has a
    running asyncio loop, so Django keeps a second set of DB connections for it
    (ConnectionHandler is thread-critical) and async_to_sync refuses to run; a
    session-wide browser would impose that on every test a worker runs after
    it (pytest-xdist mixes them). Stopping it with the module ends that."""
    harness.skip_or_fail_without_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = harness.launch(p)
        yield b
        b.close()
        connections.close_all()  # the second set: none may outlive the loop


@pytest.fixture
def page(browser, request):
    """A phone-sized page with JavaScript on; a screenshot is saved if the test fails."""
    context = harness.phone_context(browser)
    pg = context.new_page()
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        harness.screenshot(pg, f"failed-{request.node.name}")
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def pytest_runtest_logreport(report):
    # Called where the summary is written: also in pytest-xdist's controller.
    if report.skipped and "BROWSER TESTS NOT RUN" in str(report.longrepr):
        _skipped.append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.section("BROWSER TESTS SKIPPED", sep="!")
        terminalreporter.write_line(
            f"{len(_skipped)} browser test(s) did not run: {harness.missing_reason()}. "
            "Set AMPARO_BROWSER_TESTS=1 to make this a failure."
        )
