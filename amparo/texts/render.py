from __future__ import annotations

import threading
import time
from typing import Any

from django.db import transaction

from amparo.texts.models import TextOverride
from amparo.texts.registry import TEXTS, default_text, fixed_text

# An organization's overrides, read once per OVERRIDES_TTL seconds per process: every inbound
# message renders its acknowledgement, and a query per text cost more than the rest of the answer.
# A change made in this process clears them at once (``forget_overrides``, on save and delete, and
# again on commit); another process sees it within the TTL.
OVERRIDES_TTL = 10.0
_overrides: dict[int, tuple[float, dict[tuple[str, str], str]]] = {}
_lock = threading.Lock()


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def overrides_of(org_id: int) -> dict[tuple[str, str], str]:
    """The organization's overrides by (key, language)."""
    now = time.monotonic()
    hit = _overrides.get(org_id)
    if hit is not None and now - hit[0] < OVERRIDES_TTL:
        return hit[1]
    found = {(key, language): text for key, language, text in
             TextOverride.objects.filter(organization_id=org_id).values_list("key", "language", "text")}
    with _lock:
        _overrides[org_id] = (now, found)
    return found


def forget_overrides(org_id: int | None = None) -> None:
    with _lock:
        if org_id is None:
            _overrides.clear()
        else:
            _overrides.pop(org_id, None)


def _changed(sender: Any, instance: TextOverride, **kwargs: Any) -> None:
    org_id = instance.organization_id
    forget_overrides(org_id)
    # A reader in another thread may load the old text before this commits: forget it again then.
    transaction.on_commit(lambda: forget_overrides(org_id))


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
