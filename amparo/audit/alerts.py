"""Bulk reads: more than AMPARO_AUDIT_BULK_READS sensitive reads by one actor in
AMPARO_AUDIT_BULK_WINDOW_SECONDS raise one AuditAlert per window, and an
email to the organization's admins.

Counting is in the cache (no query per read); only crossing the line writes."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from amparo.audit.models import AuditAlert

log = logging.getLogger(__name__)
READ_ACTIONS = frozenset({"read", "export", "contact"})


def count_reads(org_id: int, actor: Any, actor_label: str, n: int) -> AuditAlert | None:
    if n <= 0:
        return None
    limit, window = settings.AMPARO_AUDIT_BULK_READS, settings.AMPARO_AUDIT_BULK_WINDOW_SECONDS
    who = f"u{actor.pk}" if actor is not None else f"l{actor_label}"
    key = f"audit-reads:{org_id}:{who}:{int(time.time() // window)}"
    if cache.add(key, n, timeout=window + 5):
        total = n
    else:
        try:
            total = cache.incr(key, n)
        except ValueError:
            cache.add(key, n, timeout=window + 5)
            total = n
    if total <= limit or total - n > limit:
        return None  # under the line, or the window's alert is already raised
    alert = AuditAlert.objects.create(organization_id=org_id, actor=actor, actor_label=actor_label[:64], count=total)
    _email_admins(org_id, alert)
    return alert


def _email_admins(org_id: int, alert: AuditAlert) -> None:
    # Through the user model, not orgs' models: audit sits below orgs (docs/architecture.md).
    # "admin" is orgs.models.Role.ADMIN.
    emails = list(get_user_model().objects.filter(
        memberships__organization_id=org_id, memberships__role="admin", memberships__is_active=True)
        .values_list("email", flat=True))
    if not emails:
        return
    minutes = settings.AMPARO_AUDIT_BULK_WINDOW_SECONDS // 60
    body = _("A member read more than %(n)d sensitive records within %(m)d minutes. "
             "Review the audit trail in Amparo (alert %(id)d).") % {
        "n": settings.AMPARO_AUDIT_BULK_READS, "m": minutes, "id": alert.pk}
    try:
        send_mail(_("Amparo: unusual number of reads"), body, None, emails)
    except Exception:  # the alert row stands even if mail is down
        log.exception("audit alert %s: the email to admins failed", alert.pk)


def open_alerts(org_id: int) -> list[AuditAlert]:
    return list(AuditAlert.objects.filter(organization_id=org_id, acknowledged_at__isnull=True)
                .select_related("actor")[:20])
