"""Report references ("R-27") and incident numbers ("#7"): two written forms that cannot be
mistaken for each other, and the one parser the console's search box uses for both."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection

from amparo.core.parse import ascii_int
from amparo.reports.models import REF_PREFIX

# "R-27", "r27", "R 27"; "#7", "7". ASCII digits only (decision 52).
_REPORT = re.compile(r"^\s*[Rr]\s*-?\s*([0-9]{1,9})\s*$")
_INCIDENT = re.compile(r"^\s*#?\s*([0-9]{1,9})\s*$")
_LAST_NUMBER = "SELECT MAX(number) FROM reports_report WHERE organization_id = %s"


def next_number(organization_id: int) -> int:
    """The organization's next report number. Call it under the store lock
    (``intake.pipeline.store_lock``), in the transaction that stores the report: the
    lock serializes storing per organization, and the unique constraint
    ``report_number_unique`` turns any caller that forgets it into an error, never a
    duplicate reference."""
    # Written out: one seek on that constraint's index (organization, number), on every report.
    with connection.cursor() as cursor:
        cursor.execute(_LAST_NUMBER, [organization_id])
        row = cursor.fetchone()
    return (row[0] or 0) + 1 if row else 1


@dataclass(frozen=True)
class Wanted:
    kind: str  # "report" or "incident"
    number: int


def parse(text: str) -> Wanted | None:
    """What a dispatcher typed in the search box: a report reference or an incident number."""
    text = (text or "")[:32]
    if m := _REPORT.match(text):
        n = ascii_int(m.group(1), max_digits=9)
        return Wanted("report", n) if n else None
    if m := _INCIDENT.match(text):
        n = ascii_int(m.group(1), max_digits=9)
        return Wanted("incident", n) if n else None
    return None


__all__ = ["REF_PREFIX", "Wanted", "next_number", "parse"]
