"""State changes of the alerts app. Each is one named function, called from
every entry point (today: the admin's alerts settings page)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from amparo.alerts.models import AlertSettings
from amparo.audit.log import audit
from amparo.orgs.models import Organization

# AlertSettings fields an admin may change from /manage/alerts/.
SETTINGS_FIELDS = ("updates_days", "updates_delay_minutes", "messaging_service_sid", "messages_per_second",
                   "approval_threshold", "expiry_hours", "lapse_months")


@transaction.atomic
def update_alert_settings(org: Organization, *, values: dict[str, Any], actor: Any) -> AlertSettings:
    """Set the alerts settings in ``values`` (validated by the caller's form);
    the row is created on the first save. Audited by field name."""
    settings, _created = AlertSettings.objects.get_or_create(organization=org)
    changed = [f for f in SETTINGS_FIELDS if f in values and getattr(settings, f) != values[f]]
    for f in changed:
        setattr(settings, f, values[f])
    if changed:
        settings.save(update_fields=changed)
        audit(org.pk, action="change", object_type="alert_settings", object_ids=[settings.pk], actor=actor,
              reason="fields: " + ", ".join(changed))
    return settings
