"""The outcome by SMS: one word, then the incident's number ("ICE 7", "NADA 7").

The codes are derived from the model's choices (``Outcome``, ``Agency`` and
``agencies_for``): an outcome reported with an agency gets one code per agency
it can name, and the agency's word decides the outcome (a federal agency is
"enforcement seen", the others "another agency only", as ``onscene`` checks);
an outcome without an agency gets a word of its own. Only the words are written
here, in every language responders are answered in; a choice without a word in
one of them fails start-up (ImproperlyConfigured), so a new outcome or agency
cannot ship without its code.

A tired person must never send one thing and mean another: every word is at
least two edits (Levenshtein) away from every other keyword of the hotline,
the responder's YES / NO / OUT / SOS and the carriers' STOP / HELP among them,
so one wrong, missing or extra letter never turns an outcome into a decline
("NO 7") or the reverse (decision 55; tests check it over the whole registry).
That is why HSI is HOMELAND: "HSI" is one letter away from "SI" (yes).
The number is required: "ICE" alone from a responder is a report of a new
sighting, not an outcome for whatever they were sent to.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from amparo.intake.keywords import fold
from amparo.verification.models import Agency, Outcome, agencies_for

# The languages every code has a word in: the texts to responders ship in these (amparo/locale).
LANGUAGES = ("en", "es")

# Words are matched after folding (amparo.intake.keywords.fold): upper case, accents off.
AGENCY_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    Agency.ICE: {"en": ("ICE",), "es": ("ICE",)},
    Agency.CBP: {"en": ("CBP", "BORDER"), "es": ("CBP", "FRONTERA")},
    Agency.HSI: {"en": ("HOMELAND",), "es": ("HOMELAND",)},
    Agency.OTHER_FEDERAL: {"en": ("FEDERAL",), "es": ("FEDERAL", "FEDERALES")},
    Agency.LOCAL_POLICE: {"en": ("POLICE",), "es": ("POLICIA",)},
    Agency.SHERIFF: {"en": ("SHERIFF",), "es": ("SHERIFF", "ALGUACIL")},
    Agency.OTHER: {"en": ("OTHER",), "es": ("OTRO", "OTRA")},
}
OUTCOME_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    Outcome.NOTHING_FOUND: {"en": ("NOTHING",), "es": ("NADA",)},
    Outcome.NORMAL_ACTIVITY: {"en": ("NORMAL",), "es": ("NORMAL",)},
}


@dataclass(frozen=True)
class OutcomeCode:
    outcome: str
    agency: str  # "" for an outcome without an agency
    by_language: tuple[tuple[str, tuple[str, ...]], ...]  # (language, its words), first word shown

    @property
    def name(self) -> str:
        return f"outcome.{self.outcome}" + (f".{self.agency}" if self.agency else "")

    @property
    def words(self) -> tuple[str, ...]:
        """Every word of the code, in any language: a responder may use either."""
        return tuple(dict.fromkeys(w for _lang, words in self.by_language for w in words))

    def word(self, language: str) -> str:
        """The word shown to a responder who reads ``language`` (English when it has none)."""
        found = dict(self.by_language)
        return (found.get(language) or found.get(language.split("-")[0]) or found["en"])[0]

    def label(self, language: str) -> str:
        return outcome_label(self.outcome, self.agency, language)


def outcome_label(outcome: str, agency: str, language: str) -> str:
    """An outcome in ``language``, with the agency where it names one: "Immigration enforcement seen: ICE"."""
    with translation.override(language):
        text = str(Outcome(outcome).label)
        return f"{text}: {Agency(agency).label}" if agency else text


def _words(table: dict[str, dict[str, tuple[str, ...]]], choice: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    words = table.get(choice, {})
    missing = [lang for lang in LANGUAGES if not words.get(lang)]
    if missing:
        raise ImproperlyConfigured(f"the outcome code for '{choice}' has no SMS word in {missing}: "
                                   "add it to amparo/verification/outcome_codes.py")
    return tuple((lang, words[lang]) for lang in LANGUAGES)


def outcome_codes() -> list[OutcomeCode]:
    """One code per outcome the model knows, and per agency where the outcome names one, in the choices' order."""
    codes = []
    for outcome in Outcome:
        agencies = agencies_for(outcome)
        if agencies:
            codes += [OutcomeCode(outcome.value, a.value, _words(AGENCY_WORDS, a)) for a in agencies]
        else:
            codes.append(OutcomeCode(outcome.value, "", _words(OUTCOME_WORDS, outcome)))
    return codes


def code_for_word(word: str) -> OutcomeCode | None:
    """The code a folded word is, or None."""
    return next((c for c in outcome_codes() if word in c.words), None)


def codes_text(language: str) -> str:
    """The codes, grouped by outcome, for a text or a page in ``language``:
    "ICE, CBP, HOMELAND (HSI), FEDERAL: Immigration enforcement seen; ..."."""
    groups: dict[str, list[str]] = {}
    with translation.override(language):
        for code in outcome_codes():
            word = code.word(language)
            shown = word
            if code.agency:
                agency = str(Agency(code.agency).label)
                if word not in fold(agency):  # "HOMELAND (HSI)"; "CBP" and "POLICE" say it already
                    shown = f"{word} ({agency})"
            groups.setdefault(code.outcome, []).append(shown)
        return "; ".join(f"{', '.join(words)}: {Outcome(outcome).label}" for outcome, words in groups.items())


def example(language: str, ref: object) -> str:
    """An example reply that reports nothing alarming: "NOTHING 7"."""
    code = next(c for c in outcome_codes() if c.outcome == Outcome.NOTHING_FOUND)
    return f"{code.word(language)} {ref}"
