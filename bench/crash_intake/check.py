"""Run by run.py through ``manage.py shell`` after the crash run: reads the acknowledged MessageSids
from $BENCH_ACKED and prints one JSON line of what the database holds."""

import json
import os
from collections import Counter

from amparo.incidents.models import IncidentEvent
from amparo.messaging.models import OutboundMessage
from amparo.reports.models import Pending, Report

acked = json.load(open(os.environ["BENCH_ACKED"]))
rows = Counter(Report.objects.filter(provider_id__in=acked).values_list("provider_id", flat=True))
reports = list(Report.objects.values("pk", "provider_id", "pending", "incident_id", "route"))
added = Counter(e["report"] for e in IncidentEvent.objects.filter(kind="report_added").values_list("data", flat=True))
acks = Counter(OutboundMessage.objects.filter(report__isnull=False).values_list("report_id", flat=True))
keys = Counter((m.to_number, m.body) for m in OutboundMessage.objects.all())
print(json.dumps({
    "outbound_keys": [[to, body, n] for (to, body), n in keys.items()],
    "acked": len(acked),
    "acked_missing": sum(1 for sid in acked if rows[sid] == 0),
    "acked_stored_twice": sum(1 for sid in acked if rows[sid] > 1),
    "stored": len(reports),
    "pending": sum(1 for r in reports if r["pending"] != Pending.DONE),
    "report_added_twice": sum(1 for n in added.values() if n > 1),
    "in_incident_without_event": sum(1 for r in reports if r["incident_id"] and added[r["pk"]] == 0),
    "answered_by_worker_twice": sum(1 for n in acks.values() if n > 1),
    "outbound": OutboundMessage.objects.count(),
    "outbound_by_status": dict(Counter(OutboundMessage.objects.values_list("status", flat=True))),
}))
