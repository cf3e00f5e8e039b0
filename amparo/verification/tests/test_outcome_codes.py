"""The outcome codes: made from the model's choices, every one working through the real
webhook in English and Spanish, and never one typo away from another keyword."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ImproperlyConfigured

from amparo.intake import keywords as registry
from amparo.intake.keywords import Sender, candidates
from amparo.reports.models import Report, Route
from amparo.verification import actions, outcome_codes
from amparo.verification.models import Agency, Offer, Outcome, agencies_for
from amparo.verification.onscene import _clean_agency, proposed_status
from amparo.verification.outcome_codes import LANGUAGES, OutcomeCode
from amparo.verification.outcome_codes import outcome_codes as all_codes
from amparo.verification.replies import VERBS
from amparo.verification.tests.conftest import make_incident
from conftest import NORTH_NUMBER

_sids = itertools.count()


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def test_levenshtein_counts_one_typo_as_one():
    assert levenshtein("NO", "NO") == 0
    assert levenshtein("HSI", "SI") == 1 and levenshtein("NO", "ON") == 2 and levenshtein("NADA", "BAJA") == 2


def test_there_is_one_code_per_outcome_and_agency_the_model_knows():
    pairs = {(c.outcome, c.agency) for c in all_codes()}
    expected = {(o.value, a.value) for o in Outcome for a in agencies_for(o)}
    expected |= {(o.value, "") for o in Outcome if not agencies_for(o)}
    assert pairs == expected
    assert {o for o, _a in pairs} == set(Outcome.values)
    assert len(all_codes()) == len(expected) == 9


@pytest.mark.parametrize("code", all_codes(), ids=lambda c: c.name)
def test_every_code_is_an_outcome_report_accepts(code: OutcomeCode):
    assert _clean_agency(code.outcome, code.agency) == code.agency  # the agency fits the outcome
    proposed_status(code.outcome, code.agency)
    for language in LANGUAGES:
        assert code.word(language) in code.words
        assert outcome_codes.code_for_word(code.word(language)) == code


def test_a_choice_without_a_word_fails_start_up(monkeypatch):
    monkeypatch.setattr(outcome_codes, "AGENCY_WORDS", {k: v for k, v in outcome_codes.AGENCY_WORDS.items()
                                                         if k != Agency.SHERIFF})
    with pytest.raises(ImproperlyConfigured, match="sheriff"):
        all_codes()
    monkeypatch.setattr(outcome_codes, "OUTCOME_WORDS", {Outcome.NOTHING_FOUND: {"en": ("NOTHING",)}})
    with pytest.raises(ImproperlyConfigured):
        all_codes()


def test_every_code_is_registered_and_needs_its_number():
    for code in all_codes():
        for word in code.words:
            found, number = candidates(f"{word} 7", Sender.HOTLINE)
            assert [k.name for k in found] == [f"responder.{code.name}"] and number == 7
            assert candidates(word, Sender.HOTLINE)[0] == []  # without the number it is no keyword


def _words_of_other_keywords(names: set[str]) -> set[str]:
    return {w for k in registry.keywords(Sender.HOTLINE) if k.name not in names for w in k.words}


def test_no_code_is_one_typo_away_from_any_other_keyword():
    """One wrong, missing or extra letter never turns an outcome into a decline ("NO 7"), an
    acceptance, a check-out, an alarm or a carrier's STOP, or the reverse; nor one outcome into another."""
    codes = all_codes()
    names = {f"responder.{c.name}" for c in codes}
    others = _words_of_other_keywords(names)
    assert {"NO", "YES", "SI", "OUT", "SOS", "STOP", "HELP"} <= others
    too_close = [(w, o, levenshtein(w, o)) for c in codes for w in c.words for o in others if levenshtein(w, o) < 2]
    assert not too_close, too_close
    across = [(a, b) for c, d in itertools.combinations(codes, 2) for a in c.words for b in d.words
              if levenshtein(a, b) < 2]
    assert not across, across


def test_the_property_would_catch_hsi():
    """The reason HSI is HOMELAND: one letter from SI (yes, in Spanish)."""
    assert min(levenshtein("HSI", w) for w in VERBS) == 1


@pytest.fixture
def assigned(north, dispatcher, crew):  # type: ignore[no-untyped-def]
    incident = make_incident(north)
    actions.offer_incident(incident, by=dispatcher, responders=[crew[0]])
    offer = Offer.objects.get(incident=incident)
    actions.accept_offer(offer)
    return offer


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", all_codes(), ids=lambda c: c.name)
def test_every_code_reports_its_outcome_through_the_webhook(north, twilio_post, crew, assigned, code, language):
    crew[0].languages = [language]
    crew[0].save(update_fields=["languages"])
    sid = f"SMcode{next(_sids)}"
    word = code.word(language).lower()
    r = twilio_post("/hooks/twilio/sms", {"MessageSid": sid, "From": crew[0].phone, "To": NORTH_NUMBER,
                                          "Body": f" {word} #{assigned.incident.number}. "})
    assert r.status_code == 200
    assert Report.objects.get(provider_id=sid).route == Route.RESPONDER
    assigned.refresh_from_db()
    assert (assigned.outcome, assigned.agency) == (code.outcome, code.agency)
    recorded = outcome_codes.outcome_label(code.outcome, code.agency, language)
    assert recorded in r.content.decode().replace("&#x27;", "'")
