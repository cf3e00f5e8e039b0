"""Languages as people read them: "Spanish" (or "español" to a Spanish reader), never "es"."""

from __future__ import annotations

from django.utils.translation import get_language_info, gettext


def language_name(code: str) -> str:
    """A language's name in the reader's language ("Spanish", "español"); the code if unknown."""
    try:
        return gettext(get_language_info(code)["name"])
    except KeyError:
        return code
