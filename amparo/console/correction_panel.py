"""What the incident page shows of rumor control (amparo.alerts.corrections): the panel
appears once the verdict is a false alarm, or once a correction exists."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from amparo.alerts import corrections
from amparo.alerts.models import CorrectionStatus
from amparo.incidents.models import Incident, Kind, Status
from amparo.incidents.publishing import is_private
from amparo.reports.models import Report, Sender


def correction_context(incident: Incident, reports: list[Report]) -> dict[str, Any]:
    """The correction panel: shown once the verdict is a false alarm, or a correction exists.
    ``reports`` are those the page already loaded (a vague lane's ticks are made on them)."""
    if incident.status not in (Status.FALSE_ALARM, Status.CLOSED):
        return {"correction_panel": None}  # no verdict of false alarm yet: no query
    correction = corrections.correction_for(incident)
    if correction is None:
        if incident.merged_into_id is not None or corrections.verdict(incident) != Status.FALSE_ALARM:
            return {"correction_panel": None}
        private = is_private(incident)
        return {"correction_panel": {"correction": None, "private": private, "offerable": not private}}
    correction.incident = incident
    panel: dict[str, Any] = {"correction": correction, "private": False, "offerable": True}
    if correction.status == CorrectionStatus.OFFERED:
        plan = corrections.plan_correction(correction)
        ticked = set(correction.reports.values_list("pk", flat=True))
        panel.update(plan=plan, ticked=ticked,
                     tick_reports=[r for r in reports if r.caller_hash] if incident.kind == Kind.VAGUE else [])
    if correction.status != CorrectionStatus.SENT:
        panel["private"] = is_private(incident)
        panel["offerable"] = not panel["private"] and corrections.verdict(incident) == Status.FALSE_ALARM
    if correction.status == CorrectionStatus.SENT:
        # Counted by the database: a correction's alert may reach hundreds of thousands (planned in the queue).
        senders = dict(correction.recipients.order_by().values_list("sender").annotate(n=Count("pk")))
        panel.update(sent_reporters=senders.get(Sender.HOTLINE, 0), sent_recipients=senders.get(Sender.ALERTS, 0))
    return {"correction_panel": panel}
