"""A-numbers (Alien Registration Numbers) and the keyed hashes that find a person again.

An A-number is 8 or 9 digits, written as ``A123456789``, ``A-123-456-789`` or
``123 456 789``. Stored and matched as 9 digits: an 8-digit one gets a leading
zero (``A12345678`` is ``012345678``). Anything else is refused with a message
that says what to type, never guessed at. Matching is by keyed hash only
(``a_number_hash``, ``name_dob_hash``): the plaintext stays encrypted.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.utils.translation import gettext_lazy as _

from amparo.crypto.keys import keyed_hash

# Separators people type between the groups; only ASCII digits count ("٣" is no digit here).
_SEPARATORS = re.compile(r"[\s.\-/]+")
_DIGITS = re.compile(r"[0-9]{8,9}", re.ASCII)
MAX_INPUT = 40


class BadANumber(ValueError):
    """The typed A-number cannot be one. ``message`` is for the person who typed it."""

    def __init__(self) -> None:
        self.message = _("An A-number has 8 or 9 digits, as on the person's papers (for example A-123-456-789).")
        super().__init__(str(self.message))


def normalize_a_number(raw: str | None) -> str:
    """The 9 digits of an A-number; "" for an empty input; ``BadANumber`` for anything else."""
    value = (raw or "").strip()
    if not value:
        return ""
    if len(value) > MAX_INPUT:
        raise BadANumber
    if value[:1] in ("A", "a"):
        value = value[1:].lstrip("#:-. ")
    digits = _SEPARATORS.sub("", value)
    if not _DIGITS.fullmatch(digits):
        raise BadANumber
    return digits.zfill(9)


def a_number_hash(org_id: int, nine_digits: str) -> str:
    """The keyed hash a second call about the same person finds; "" when there is no A-number."""
    return keyed_hash(org_id, "anum:" + nine_digits) if nine_digits else ""


def name_key(name: str) -> str:
    """A name as compared for duplicates: case, accents, and spacing do not count
    ("José  GARCÍA" is "jose garcia"), so two dispatchers' spellings meet."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def name_dob_hash(org_id: int, name: str, date_of_birth: date | None) -> str:
    """The keyed hash of name plus date of birth; "" when either is missing (no match on a name alone)."""
    key = name_key(name or "")
    if not key or date_of_birth is None:
        return ""
    return keyed_hash(org_id, "namedob:" + key + "|" + date_of_birth.isoformat())
