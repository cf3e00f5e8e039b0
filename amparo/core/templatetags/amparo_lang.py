"""``{% load amparo_lang %}``: ``{{ code|language_name }}`` names a language in the reader's language
("Spanish", "español"), or shows the code of one Django does not know rather than failing the page."""

from __future__ import annotations

from django import template

from amparo.core.languages import language_name as name_of

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    return name_of(str(code or ""))
