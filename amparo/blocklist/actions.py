"""Blocking and unblocking numbers; the intake pipeline asks ``is_blocked``."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.audit.log import audit
from amparo.blocklist.models import BlockedNumber
from amparo.core.numbers import normalize_number
from amparo.crypto.keys import keyed_hash
from amparo.incidents import actions as incident_actions
from amparo.incidents.models import OPEN_STATUSES, Incident, Kind

_E164 = re.compile(r"\+[0-9]{7,15}")  # ASCII digits: str.isdigit() is true of "²" and "٣"

BLOCKED_GROUP_KEY = "blocked"


def number_hash(org_id: int, number: str) -> str:
    return keyed_hash(org_id, "tel:" + number)


def block_number(org: Any, raw_number: str, *, by: Any, reason: str = "") -> BlockedNumber:
    """Block ``raw_number`` (any common format) for ``org``; blocking twice keeps one entry."""
    number = normalize_number(raw_number)
    if not _E164.fullmatch(number):
        raise ValidationError(_("Enter a phone number, e.g. +12135550100."))
    entry, _created = BlockedNumber.objects.get_or_create(
        organization=org, number_hash=number_hash(org.pk, number),
        defaults={"hint": number[-2:], "reason": reason.strip()[:200] or None,
                  "created_by": by if getattr(by, "is_authenticated", False) else None},
    )
    audit(org.pk, action="change", object_type="blocked_number", object_ids=[entry.pk], actor=by, reason="block")
    return entry


def unblock(entry: BlockedNumber, *, by: Any) -> None:
    audit(entry.organization_id, action="delete", object_type="blocked_number", object_ids=[entry.pk], actor=by,
          reason="unblock")
    entry.delete()


_IS_BLOCKED = "SELECT 1 FROM blocklist_blockednumber WHERE organization_id = %s AND number_hash = %s"


def is_blocked(org_id: int, caller_hash: str) -> bool:
    """One lookup on the unique index, written out: every inbound message asks it."""
    if not caller_hash:
        return False
    with connection.cursor() as cursor:
        cursor.execute(_IS_BLOCKED, [org_id, caller_hash])
        return cursor.fetchone() is not None


def blocked_group(org: Any, at: Any = None) -> Incident:
    """The open review group for blocked senders' messages (one per organization)."""
    at = at or timezone.now()
    group = (Incident.objects.filter(organization=org, kind=Kind.FLOOD, flood_key=BLOCKED_GROUP_KEY,
                                     status__in=OPEN_STATUSES).order_by("-last_report_at").first())
    if group is None:
        group = incident_actions.open_incident(org.pk, kind=Kind.FLOOD, at=at, flood_key=BLOCKED_GROUP_KEY)
    return group
