"""Canned replies: the registered defaults per organization and language, then the admins' own.

Reading never writes: until an admin first changes a language's replies, its
defaults are offered as unsaved rows (``pk`` None, chosen as ``default:<key>:<lang>``).
The first change of that language stores its defaults once (``seed_canned_replies``),
so replies an admin deleted stay deleted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from amparo.audit.log import audit
from amparo.core.parse import ID_DIGITS, ascii_int
from amparo.messaging.models import CannedReply, CannedReplySeed
from amparo.orgs.models import Organization
from amparo.texts.models import TextOverride
from amparo.texts.registry import default_text
from amparo.texts.render import render_text

# Registered in amparo/texts/registry.py; the order they are offered in.
DEFAULT_KEYS = ("canned.ask_location", "canned.ask_photo", "canned.kyr")


def seed_canned_replies(org: Organization, languages: Iterable[str], *, by: Any = None) -> None:
    """Store ``org``'s default canned replies of each language it has not had yet.

    Runs once per (organization, language): replies an admin deleted stay deleted.
    Called when an admin first changes a language's replies, never on a page view."""
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
                stored = CannedReply.objects.bulk_create(_defaults(org, [lang]))
        except IntegrityError:
            continue  # another request seeded it at the same moment
        audit(org.pk, action="create", object_type="canned_reply", object_ids=[r.pk for r in stored if r.pk], actor=by)


def _unseeded(org: Organization, languages: list[str]) -> list[str]:
    wanted = [lang for lang in languages if lang in org.language_codes()]
    seeded = set(CannedReplySeed.objects.filter(organization=org, language__in=wanted)
                 .values_list("language", flat=True))
    return [lang for lang in wanted if lang not in seeded]


def _defaults(org: Organization, languages: list[str]) -> list[CannedReply]:
    """The default replies of ``languages``, unsaved, with the admins' text overrides (one query)."""
    if not languages:
        return []
    overrides = {(o.key, o.language): o.text for o in TextOverride.objects.filter(
        organization=org, key__in=DEFAULT_KEYS, language__in=languages)}
    return [CannedReply(organization=org, key=key, language=lang, position=i,
                        text=overrides.get((key, lang)) or default_text(key, lang))
            for lang in languages for i, key in enumerate(DEFAULT_KEYS)]


def canned_replies(org: Organization, languages: Iterable[str]) -> list[CannedReply]:
    """The replies offered in ``languages``, in that order; the defaults of a language
    no admin has changed yet are unsaved rows. Writes nothing; two queries when all
    languages are stored or none is."""
    languages = list(dict.fromkeys(languages))
    order = {lang: i for i, lang in enumerate(languages)}
    unseeded = _unseeded(org, languages)
    # Stored replies exist only for languages whose defaults were stored first (save_canned_reply).
    stored = [lang for lang in languages if lang not in unseeded]
    rows = list(CannedReply.objects.filter(organization=org, language__in=stored)) if stored else []
    rows += _defaults(org, unseeded)
    return sorted(rows, key=lambda r: (order[r.language], r.position, r.pk or 0))


def canned_text(org: Organization, choice: str) -> str | None:
    """The text of a dispatcher's choice: a stored reply's id, or ``default:<key>:<lang>``."""
    pk = ascii_int(choice, max_digits=ID_DIGITS)
    if pk is not None:
        return CannedReply.objects.filter(organization=org, pk=pk).values_list("text", flat=True).first()
    prefix, _sep, rest = choice.partition(":")
    key, _sep, language = rest.partition(":")
    if prefix != "default" or key not in DEFAULT_KEYS or language not in _unseeded(org, [language]):
        return None
    return render_text(org.pk, key, language)


def save_canned_reply(org: Organization, reply: CannedReply | None, *, language: str, text: str,
                      position: int, key: str = "", by: Any) -> CannedReply:
    # The defaults are stored before an admin's first change of the language, so
    # adding one reply does not hide the others.
    seed_canned_replies(org, [language], by=by)
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
