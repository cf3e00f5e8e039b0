"""The intake pipeline: every channel's inbound report goes through ``ingest_report``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from amparo.orgs.models import Organization


@dataclass
class IngestResult:
    report: Any  # amparo.reports.models.Report
    created: bool  # False for a replay of a provider id already stored
    reply: str | None  # text to send back to the sender (None: send nothing)


def ingest_report(*, org: Organization, channel: str, provider_id: str, from_number: str | None,
                  body: str, received_at: datetime | None = None, to_number: str = "",
                  media_urls: tuple[str, ...] = (), extra: dict | None = None, imported: bool = False,
                  language: str | None = None) -> IngestResult:
    raise NotImplementedError
