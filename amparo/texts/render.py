from __future__ import annotations

from typing import Any

from amparo.core.process_cache import ProcessCache
from amparo.texts.models import TextOverride
from amparo.texts.registry import TEXTS, default_text, fixed_text

# An organization's overrides, read once per OVERRIDES_TTL seconds per process: every inbound
# message renders its acknowledgement, and a query per text cost more than the rest of the answer.
# A change made in this process clears them at once (``forget_overrides``, on save and delete, and
# again on commit); another process sees it within the TTL.
OVERRIDES_TTL = 10.0
_overrides: ProcessCache[int, dict[tuple[str, str], str]] = ProcessCache(OVERRIDES_TTL)


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def overrides_of(org_id: int) -> dict[tuple[str, str], str]:
    """The organization's overrides by (key, language)."""
    found = _overrides.get(org_id, lambda: {
        (key, language): text for key, language, text in
        TextOverride.objects.filter(organization_id=org_id).values_list("key", "language", "text")})
    return found or {}


def forget_overrides(org_id: int | None = None) -> None:
    _overrides.forget(org_id)


def _changed(sender: Any, instance: TextOverride, **kwargs: Any) -> None:
    # A reader in another thread may load the old text before this commits: forgotten again then.
    _overrides.forget_on_change(instance.organization_id)


def render_text(org_id: int | None, key: str, language: str, **context: Any) -> str:
    """The text ``key`` in ``language``: the organization's override, else the default,
    then its fixed part (the lawful-scope line), which no override removes."""
    if key not in TEXTS:
        raise KeyError(f"unknown text {key!r}")
    template = overrides_of(org_id).get((key, language)) if org_id is not None else None
    if template is None:
        template = default_text(key, language)
    text = template.format_map(_SafeDict(context))
    fixed = fixed_text(key, language)
    return f"{text} {fixed}" if fixed else text
