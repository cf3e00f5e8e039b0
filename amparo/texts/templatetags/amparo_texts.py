"""Template tags of the texts registry."""

from __future__ import annotations

from django import template

from amparo.texts.registry import LAWFUL_LINE

register = template.Library()


@register.simple_tag
def lawful_line() -> str:
    """Amparo's lawful-scope line, in the page's language: the same words every responder text ends with."""
    return str(LAWFUL_LINE)
