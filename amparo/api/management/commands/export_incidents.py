"""Export an organization's incidents as JSON Lines, in the API's shape.

Each line is one incident (or vague lane, or flood group) with all its reports,
so every report that belongs to an incident appears exactly once. Reports that
belong to no incident (keywords such as STOP) are not exported.
"""

from __future__ import annotations

import json
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser

from amparo.api.schemas import incident_json, incidents_with_reports
from amparo.audit.log import audit
from amparo.core.timestamps import parse_timestamp
from amparo.orgs.models import Organization

BATCH = 200


class Command(BaseCommand):
    help = "Write ORG's incidents with their reports as JSON Lines (one incident per line)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--since", help="only incidents with a report at or after this ISO time "
                                            "(a time without offset is in the organization's zone)")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args: Any, **opts: Any) -> None:
        org = Organization.objects.filter(slug=opts["org"]).first()
        if org is None:
            raise CommandError(f"No organization with slug {opts['org']!r}")
        qs = incidents_with_reports(org)
        if opts["since"]:
            try:
                since = parse_timestamp(opts["since"], ZoneInfo(org.time_zone))
            except ValueError as exc:
                raise CommandError(f"--since: {exc}")
            qs = qs.filter(last_report_at__gte=since)
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8") as out:
                incidents, reports = export(org, qs, out)
        else:
            # OutputWrapper adds no newline to text that already ends with one.
            incidents, reports = export(org, qs, self.stdout)  # type: ignore[arg-type]  # stdout is Django's OutputWrapper, a text stream
        self.stderr.write(f"Exported {incidents} incidents with {reports} reports.")


def export(org: Organization, qs: Any, out: TextIO) -> tuple[int, int]:
    """Write in batches by id, so memory stays flat and a long export never holds one huge query."""
    last_pk = 0
    incidents = reports = 0
    while True:
        batch = list(qs.filter(pk__gt=last_pk).order_by("pk")[:BATCH])
        if not batch:
            return incidents, reports
        last_pk = batch[-1].pk
        exported_ids: list[int] = []
        for incident in batch:
            payload = incident_json(incident)
            if not payload["reports"]:
                continue
            out.write(json.dumps(payload, ensure_ascii=False) + "\n")
            exported_ids.extend(r["id"] for r in payload["reports"])
            incidents += 1
        reports += len(exported_ids)
        if exported_ids:
            audit(org.pk, action="export", object_type="report", object_ids=exported_ids,
                  actor_label="export_incidents")
