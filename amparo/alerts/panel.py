"""What the console's incident page shows of alerts (``alerts/panel.html``): the preview when the verdict
allows one, and each alert's progress. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from amparo.alerts.compose import AlertRefused, preview_alert
from amparo.alerts.models import Alert, AlertDelivery, AlertStatus, DeliveryStatus
from amparo.incidents.models import Incident, Status

# How the console groups a delivery's status.
PROGRESS = {
    DeliveryStatus.QUEUED: "queued", DeliveryStatus.SENDING: "sending",
    DeliveryStatus.SENT: "sent", DeliveryStatus.CONSOLE: "sent", DeliveryStatus.DELIVERED: "delivered",
    DeliveryStatus.FAILED: "failed", DeliveryStatus.UNDELIVERED: "failed", DeliveryStatus.UNKNOWN: "unknown",
    DeliveryStatus.SKIPPED: "skipped", DeliveryStatus.CANCELLED: "cancelled", DeliveryStatus.EXPIRED: "expired",
}


@dataclass
class AlertRow:
    alert: Alert
    progress: dict[str, int]

    @property
    def open(self) -> bool:
        return self.alert.status in (AlertStatus.AWAITING_APPROVAL, AlertStatus.SENDING)


def progress(alert_ids: list[int]) -> dict[int, dict[str, int]]:
    """Deliveries per alert by console group: one query."""
    found: dict[int, dict[str, int]] = {pk: dict.fromkeys(sorted(set(PROGRESS.values())), 0) for pk in alert_ids}
    rows = (AlertDelivery.objects.filter(alert_id__in=alert_ids).order_by().values_list("alert_id", "status")
            .annotate(n=Count("pk")))
    for alert_id, status, n in rows:
        group = PROGRESS.get(status, "unknown")
        found[alert_id][group] += n
    return found


def alerts_context(incident: Incident, user: Any) -> dict[str, Any]:
    """Context for ``{% include "alerts/panel.html" %}``, passed as ``alerts_panel``. A bounded number of
    queries. The composing form is shown only when the verdict allows an alert."""
    alerts = list(Alert.objects.filter(organization_id=incident.organization_id, incident=incident)
                  .select_related("created_by", "approved_by")[:20])
    counts = progress([a.pk for a in alerts])
    rows = [AlertRow(a, counts[a.pk]) for a in alerts]
    preview, refused = None, ""
    # Most incidents on the page have no verdict: no query for them (compose checks the row itself).
    if incident.status in (Status.CONFIRMED, Status.FALSE_ALARM, Status.CLOSED):
        try:
            preview = preview_alert(incident)
        except AlertRefused as exc:
            refused = str(exc)
    live = any(r.open or r.alert.status == AlertStatus.SENT for r in rows if preview and r.alert.kind == preview.kind)
    return {
        "incident": incident,
        # An alert of this verdict already waits, sends or was sent: a second preview under it would read
        # as one more alert to write (and to approve).
        "preview": None if live else preview,
        "refused": refused,
        "can_compose": preview is not None and preview.has_sender and not live,
        "alerts": rows,
        "user_id": getattr(user, "pk", None),
        "show": preview is not None or bool(rows),
        "polling": any(r.open for r in rows),
    }
