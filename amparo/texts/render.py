from __future__ import annotations

from typing import Any

from amparo.texts.models import TextOverride
from amparo.texts.registry import TEXTS, default_text, fixed_text


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render_text(org_id: int | None, key: str, language: str, **context: Any) -> str:
    """The text ``key`` in ``language``: the organization's override, else the default,
    then its fixed part (the lawful-scope line), which no override removes."""
    if key not in TEXTS:
        raise KeyError(f"unknown text {key!r}")
    template = None
    if org_id is not None:
        template = (
            TextOverride.objects.filter(organization_id=org_id, key=key, language=language)
            .values_list("text", flat=True)
            .first()
        )
    if template is None:
        template = default_text(key, language)
    text = template.format_map(_SafeDict(context))
    fixed = fixed_text(key, language)
    return f"{text} {fixed}" if fixed else text
