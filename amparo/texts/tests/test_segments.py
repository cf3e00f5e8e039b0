"""The first acknowledgement costs at most 2 SMS segments in every shipped language (issue 15, item 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_language

from amparo.texts.render import render_text
from amparo.texts.segments import segments

# A network's first million reports. 2 segments: GSM-7 306 characters, UCS-2 134.
LONGEST_REF = "R-123456"


def shipped_languages() -> list[str]:
    """English plus every catalog under amparo/locale, so a new catalog is checked the day it lands."""
    catalogs = {to_language(p.parent.parent.name) for p in Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.po")}
    return sorted({"en"} | catalogs)


def test_it_counts_gsm7_and_ucs2():
    assert segments("a" * 160).count == 1 and segments("a" * 161).count == 2
    assert segments("ñé" * 80).encoding == "GSM-7"
    assert segments("acción").encoding == "UCS-2" and segments("ó" * 70).count == 1
    assert segments("ó" * 134).count == 2 and segments("ó" * 135).count == 3
    assert segments("€" * 80).units == 160


def test_every_shipped_catalog_is_a_language_of_the_site():
    assert set(shipped_languages()) == {code for code, _name in settings.LANGUAGES}


@pytest.mark.parametrize("language", shipped_languages())
def test_the_first_acknowledgement_fits_two_segments(north, language):
    ack = render_text(north.pk, "ack.report", language, ref=LONGEST_REF)
    text = f"{ack} {render_text(north.pk, 'kyr.short', language)}"
    found = segments(text)
    assert found.count <= 2, f"{language}: {found} for {text!r}"
    assert LONGEST_REF in text


def test_the_spanish_acknowledgement_stays_in_gsm7(north):
    """GSM-7 has é and ñ but not á, í, ó, ú: written without them, Spanish gets 306 characters, not 134."""
    ack = render_text(north.pk, "ack.report", "es", ref=LONGEST_REF)
    assert segments(f"{ack} {render_text(north.pk, 'kyr.short', 'es')}").encoding == "GSM-7"
