"""WhatsApp templates: what Amparo may send outside WhatsApp's 24-hour window.

WhatsApp lets a business write freely only within 24 hours of the person's
last message; after that only a template approved by Meta (created in
Twilio's Content API, known here by its Content SID) may go out. Amparo uses
one to ask the reporter to reply, which reopens the window for the
dispatcher's own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from amparo.audit.log import audit
from amparo.messaging.models import WhatsAppTemplate, WhatsAppTemplateKey

CONTENT_SID = re.compile(r"HX[0-9a-fA-F]{32}")
VARIABLE = re.compile(r"\{\{\s*([0-9]{1,3})\s*\}\}")


def template_for(org_id: int, key: str, languages: Iterable[str]) -> WhatsAppTemplate | None:
    """The organization's template ``key`` in the first of ``languages`` it has, else in any language."""
    return choose_template({t.language: t for t in WhatsAppTemplate.objects.filter(organization_id=org_id, key=key)},
                           languages)


def choose_template(templates: dict[str, WhatsAppTemplate], languages: Iterable[str]) -> WhatsAppTemplate | None:
    """Of one key's templates by language: the first of ``languages`` there is, else any (the oldest)."""
    for code in languages:
        if code and code in templates:
            return templates[code]
    return next(iter(sorted(templates.values(), key=lambda t: t.pk)), None)


def reopen_variables(report: Any) -> dict[str, str]:
    # Only the reporter's own reference, the one their acknowledgement gave them: never anything the
    # reporter or a dispatcher wrote, and never the incident's id, a sequence shared by every network on the
    # deployment that would tell the reporter how busy the others are.
    return {"1": report.ref}


def preview(template: WhatsAppTemplate, variables: dict[str, str]) -> str:
    return VARIABLE.sub(lambda m: variables.get(m.group(1), m.group(0)), template.body_preview)


@transaction.atomic
def save_whatsapp_template(org: Any, template: WhatsAppTemplate | None, *, key: str, language: str,
                           content_sid: str, body_preview: str, by: Any) -> WhatsAppTemplate:
    """Create or change one template; one per organization, key and language."""
    if template is None:
        template = WhatsAppTemplate(organization=org)
    template.key, template.language = key or WhatsAppTemplateKey.REOPEN, language
    template.content_sid, template.body_preview = content_sid, body_preview
    template.save()
    audit(org.pk, action="change", object_type="whatsapp_template", object_ids=[template.pk], actor=by)
    return template


@transaction.atomic
def delete_whatsapp_template(org: Any, template: WhatsAppTemplate, *, by: Any) -> None:
    pk = template.pk
    WhatsAppTemplate.objects.filter(organization=org, pk=pk).delete()
    audit(org.pk, action="delete", object_type="whatsapp_template", object_ids=[pk], actor=by)
