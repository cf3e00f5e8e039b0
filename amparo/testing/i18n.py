"""Tests that read a translated page need the compiled catalog."""

from __future__ import annotations

import pytest
from django.utils import translation

from amparo.testing.browser import browser_tests_required


def require_catalog(language: str, msgid: str) -> None:
    """Skip loudly when ``msgid`` has no translation in ``language`` (fail on CI).

    Catalogs are built by ``make messages``; a checkout without them cannot
    show a Spanish page, and saying so beats a confusing assertion error.
    """
    with translation.override(language):
        translated = translation.gettext(msgid) != msgid
    if translated:
        return
    message = f"NO {language!r} CATALOG for {msgid!r}: run `make messages` (catalogs in amparo/locale)"
    if browser_tests_required():
        pytest.fail(message, pytrace=False)
    pytest.skip("!!! " + message + " !!!")


def translated(language: str, msgid: str, **params: object) -> str:
    """``msgid`` in ``language``, failing the test when it has no translation.

    Tests compare against the catalog rather than a copy of its wording, so
    a translator can improve a phrase without breaking them.
    """
    require_catalog(language, msgid)
    with translation.override(language):
        text = translation.gettext(msgid)
    return text % params if params else text
