"""State changes of the audit trail's alerts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from amparo.audit.log import audit
from amparo.audit.models import AuditAlert


def acknowledge_alert(alert: AuditAlert, *, by: Any, now: datetime | None = None) -> bool:
    """An admin has reviewed ``alert``: record who and when, and audit it.

    Idempotent: a second acknowledgement (a double click, two admins at once)
    changes nothing and returns False; the conditional UPDATE is the lock."""
    now = now or timezone.now()
    done = AuditAlert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=by)
    if done:
        audit(alert.organization_id, action="acknowledge", object_type="audit_alert", object_ids=[alert.pk], actor=by)
    return bool(done)
