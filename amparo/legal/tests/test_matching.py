"""The match: providers ranked by free places, county, case type and language, each with its reasons."""

from __future__ import annotations

from amparo.legal.matching import CaseNeed, ProviderFacts, propose


def _p(pk: int, name: str, counties: tuple[str, ...] = ("Los Angeles",), languages: tuple[str, ...] = ("es",),
       types: tuple[str, ...] = ("detention_bond",), capacity: int = 5, open_cases: int = 0) -> ProviderFacts:
    return ProviderFacts(pk, name, counties, languages, types, capacity, open_cases)


NEED = CaseNeed(county="Los Angeles County", language="es", case_type="detention_bond",
                county_label="Los Angeles County", language_label="Spanish", case_type_label="Detention and bond")


def test_it_ranks_county_then_case_type_then_language_then_free_places():
    ranked = propose(NEED, [
        _p(1, "Elsewhere", counties=("Orange",)),
        _p(2, "No Spanish", languages=("en",)),
        _p(3, "Wrong type", types=("family",)),
        _p(4, "Best, few places", capacity=2, open_cases=1),
        _p(5, "Best, many places", capacity=9, open_cases=1),
    ])
    assert [p.provider.name for p in ranked] == [
        "Best, many places", "Best, few places", "No Spanish", "Wrong type", "Elsewhere"]


def test_a_full_provider_comes_last_and_cannot_be_chosen():
    ranked = propose(NEED, [_p(1, "Full but perfect", capacity=3, open_cases=3), _p(2, "Far", counties=("Kern",))])
    assert [p.provider.name for p in ranked] == ["Far", "Full but perfect"]
    assert not ranked[1].can_refer and ranked[1].free == 0
    assert "Full: no free place" in ranked[1].reasons


def test_it_says_why_for_each_provider():
    best, far = propose(NEED, [_p(1, "Best", capacity=4, open_cases=1), _p(2, "Far", counties=("Kern",),
                                                                           languages=("ko",))])
    assert best.reasons == ["Serves Los Angeles County", "Takes Detention and bond cases", "Speaks Spanish",
                            "3 of 4 places free"]
    assert far.reasons[0] == "Does not list Los Angeles County" and far.reasons[2] == "Does not list Spanish"
    assert best.reason_text.startswith("Serves Los Angeles County; ")


def test_counties_and_languages_match_loosely():
    need = CaseNeed(county="los angeles", language="es-MX", case_type="detention_bond")
    (only,) = propose(need, [_p(1, "LA", counties=("Los Angeles County",), languages=("ES",))])
    assert only.county and only.language


def test_unknown_county_or_language_is_said_and_matches_nothing():
    (only,) = propose(CaseNeed(county="", language="", case_type="kyr"), [_p(1, "Any")])
    assert not only.county and not only.language and not only.case_type
    assert only.reasons[0] == "County unknown" and only.reasons[2] == "Language unknown"
