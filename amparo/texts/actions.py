"""State changes of the texts an organization's admins override. Each is audited."""

from __future__ import annotations

from typing import Any

from amparo.audit.log import audit
from amparo.orgs.models import Organization
from amparo.texts.models import TextOverride


def set_text_override(org: Organization, *, key: str, language: str, text: str, actor: Any) -> TextOverride:
    """The caller must have validated ``text`` (length, placeholders: see forms.TextOverrideForm)."""
    override, _created = TextOverride.objects.update_or_create(
        organization=org, key=key, language=language, defaults={"text": text}
    )
    audit(org.pk, action="change", object_type="text", object_ids=[f"{key}:{language}"], actor=actor)
    return override


def clear_text_override(org: Organization, *, key: str, language: str, actor: Any) -> None:
    deleted, _detail = TextOverride.objects.filter(organization=org, key=key, language=language).delete()
    if deleted:
        audit(org.pk, action="delete", object_type="text", object_ids=[f"{key}:{language}"], actor=actor)
