"""Texts to responders (and about them, to dispatchers and the safety contact) name what a number refers to:
"incident #7" in every shipped language, never a bare "#7" that reads as a quantity ("le asignamos 2"), and
they keep within their SMS segments (issue 15, item 6)."""

from __future__ import annotations

import pytest
from django.core import signing
from django.test import override_settings
from django.urls import reverse

from amparo.texts.registry import TEXTS, default_text, fixed_text
from amparo.texts.render import render_text
from amparo.texts.segments import segments
from amparo.texts.tests.test_segments import shipped_languages
from amparo.verification import outcome_codes
from amparo.verification.notify import OFFER_SALT

# Every text that quotes an incident's number ({ref} = "#7"). offer.unknown_code and offer.which quote a code
# to copy ("YES #0"), not an incident, and dispatch.escalated already named it.
NAMES_AN_INCIDENT = (
    "offer.sms", "offer.assigned", "offer.taken", "offer.not_needed", "offer.released", "offer.declined",
    "offer.already", "offer.closed", "dispatch.escalated",
    "onscene.arrived", "onscene.already_arrived", "onscene.checked_out", "onscene.sos_alert",
    "onscene.checkout_overdue", "onscene.safety_overdue", "onscene.safe_again",
    "outcome.codes", "outcome.recorded", "outcome.already", "outcome.too_late", "outcome.not_assigned",
)
# The word each language writes before the number.
INCIDENT_WORD = {"en": "incident", "es": "incidente", "hy": "միջադեպ", "ko": "사건", "tl": "insidente",
                 "vi": "vụ việc", "zh-hans": "事件"}
REF = "#1234"  # a network's thousandth incident and more


def context(language: str) -> dict[str, object]:
    """The longest values a text is sent with: a real offer link on an https deployment, a long name."""
    link = "https://amparo.example.org" + reverse("verification:offer_page",
                                                  args=[signing.dumps({"o": 1_234_567}, salt=OFFER_SALT)])
    return {"ref": REF, "area": "Boyle Heights", "link": link, "name": "Guadalupe Hernandez",
            "phone": "+12135550188", "due": "11:45 p.m.", "alerted": "11:50 p.m.", "hours": 6,
            "outcome": "Immigration enforcement seen (ICE)", "codes": outcome_codes.codes_text(language),
            "example": outcome_codes.example(language, REF)}


def test_every_shipped_language_has_its_word():
    assert set(INCIDENT_WORD) == set(shipped_languages())


@pytest.mark.parametrize("language", shipped_languages())
def test_every_text_that_quotes_an_incident_number_names_it(language):
    word = INCIDENT_WORD[language]
    bare = []
    for key in NAMES_AN_INCIDENT:
        text = render_text(None, key, language, **context(language)).lower()
        # Every quote of the number that is not a code to reply with ("YES #1234") follows the word.
        if f"{word} {REF}" not in text and f"{word}{REF}" not in text:
            bare.append(f"{key}: {text}")
    assert not bare, f"{language}: the number without the word {word!r}:\n" + "\n".join(bare)


def test_a_sos_without_an_assignment_names_no_incident():
    text = render_text(None, "onscene.sos_alert_unassigned", "es", name="Ana", phone="+12135550188")
    assert text == "Amparo SOS: Ana (+12135550188), voluntario(a), pide ayuda. Llame ahora."


SENDS_OUT = {k for k in TEXTS if fixed_text(k, "en")}


@override_settings(AMPARO_PUBLIC_URL="https://amparo.example.org")
@pytest.mark.parametrize("language", shipped_languages())
def test_the_short_answers_fit_their_segments(language):
    """A reply without a link, a list of codes or the lawful line: within 2 segments in English and Spanish,
    written in GSM-7 (Spanish without á, í, ó, ú, as decision 143 does), and within 3 in every language."""
    over = []
    for key in NAMES_AN_INCIDENT + ("onscene.sos_alert_unassigned",):
        if key in SENDS_OUT or key in ("onscene.checked_out", "outcome.codes"):
            continue
        text = render_text(None, key, language, **context(language))
        found = segments(text)
        budget = 2 if language in ("en", "es") else 3
        if found.count > budget or (language in ("en", "es") and found.encoding != "GSM-7"):
            over.append(f"{key}: {found} {text!r}")
    assert not over, "\n".join(over)


@pytest.mark.parametrize("key", sorted(SENDS_OUT & set(NAMES_AN_INCIDENT)))
def test_the_texts_that_send_a_responder_out_stay_within_three_segments_in_english(key):
    """With the lawful line and a real link, in GSM-7: the budget the registry's 480 characters stand for."""
    text = render_text(None, key, "en", **context("en"))
    assert segments(text).encoding == "GSM-7" and segments(text).count <= 3, (len(text), text)


@pytest.mark.parametrize("language", [code for code in shipped_languages() if code != "en"])
def test_no_text_to_a_responder_falls_back_to_english(language):
    english = [key for key in TEXTS if key.split(".")[0] in ("offer", "onscene", "outcome", "dispatch")
               and default_text(key, language) == default_text(key, "en")]
    assert not english, f"{language} sends these in English: {english}"
