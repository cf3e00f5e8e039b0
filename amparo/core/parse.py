"""Numbers typed by people and by providers, read as ASCII digits only.

``str.isdigit()`` and ``re``'s ``\\d`` accept every Unicode digit ("²", "٣",
"９"), and ``int()`` then either fails ("²") or reads a number the rest of
the code never expected; a run of more than 4,300 digits makes ``int()``
raise. So every door that reads a number from a request, a form or a
provider reads it here: one to ``max_digits`` ASCII digits, nothing else
(no sign, no spaces, no underscores), or None.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]+")

ID_DIGITS = 18  # a BigAutoField id: below 2**63 - 1, which has 19 digits


def is_ascii_digits(value: str | None, *, max_digits: int) -> bool:
    """Whether ``value`` is 1 to ``max_digits`` ASCII digits."""
    return isinstance(value, str) and 0 < len(value) <= max_digits and _DIGITS.fullmatch(value) is not None


def ascii_int(value: str | None, *, max_digits: int = 9) -> int | None:
    """The number ``value`` spells in 1 to ``max_digits`` ASCII digits, else None.

    ``ascii_int("42") == 42``; ``"²"``, ``"٣"``, ``" 4"``, ``"-1"``, ``"1_0"`` and
    a run longer than ``max_digits`` are None."""
    if value is None or not is_ascii_digits(value, max_digits=max_digits):
        return None
    return int(value)
