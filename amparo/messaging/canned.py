"""Canned replies: seeded per organization and language from the registered texts, then the admins' own."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from amparo.audit.log import audit
from amparo.messaging.models import CannedReply, CannedReplySeed
from amparo.orgs.models import Organization
from amparo.texts.render import render_text

# Registered in amparo/texts/registry.py; the order they are offered in.
DEFAULT_KEYS = ("canned.ask_location", "canned.ask_photo", "canned.kyr")


def seed_canned_replies(org: Organization, languages: Iterable[str]) -> None:
    """Give ``org`` the default canned replies of each language it has not had yet.

    Runs once per (organization, language): replies an admin deleted stay deleted."""
    wanted = [lang for lang in dict.fromkeys(languages) if lang in org.language_codes()]
    if not wanted:
        return
    done = set(CannedReplySeed.objects.filter(organization=org, language__in=wanted).values_list("language", flat=True))
    for lang in wanted:
        if lang in done:
            continue
        try:
            with transaction.atomic():
                CannedReplySeed.objects.create(organization=org, language=lang)
                CannedReply.objects.bulk_create([
                    CannedReply(organization=org, key=key, language=lang, position=i,
                                text=render_text(org.pk, key, lang))
                    for i, key in enumerate(DEFAULT_KEYS)
                ])
        except IntegrityError:
            continue  # another request seeded it at the same moment


def canned_replies(org: Organization, languages: Iterable[str]) -> list[CannedReply]:
    languages = list(dict.fromkeys(languages))
    seed_canned_replies(org, languages)
    order = {lang: i for i, lang in enumerate(languages)}
    rows = list(CannedReply.objects.filter(organization=org, language__in=languages))
    return sorted(rows, key=lambda r: (order[r.language], r.position, r.pk))


def save_canned_reply(org: Organization, reply: CannedReply | None, *, language: str, text: str,
                      position: int, key: str = "", by: Any) -> CannedReply:
    if reply is None:
        reply = CannedReply.objects.create(organization=org, key=key, language=language, text=text, position=position)
        change = "create"
    else:
        assert reply.organization_id == org.pk
        reply.language, reply.text, reply.position = language, text, position
        reply.save(update_fields=["language", "text", "position"])
        change = "change"
    audit(org.pk, action=change, object_type="canned_reply", object_ids=[reply.pk], actor=by)
    return reply


def delete_canned_reply(org: Organization, reply: CannedReply, *, by: Any) -> None:
    assert reply.organization_id == org.pk
    pk = reply.pk
    reply.delete()
    audit(org.pk, action="delete", object_type="canned_reply", object_ids=[pk], actor=by)
