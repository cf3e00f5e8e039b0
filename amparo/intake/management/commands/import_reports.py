"""Import historical reports (from a spreadsheet or another system) through the intake pipeline.

    manage.py import_reports --org north reports.csv

CSV with a header, or JSON Lines; columns channel, provider_id, from, to, body,
received_at (and optionally language). Rows are validated first (bad ones are
reported with their line number and skipped), sorted by time because
correlation assumes reports arrive in order, then ingested in batches that each
commit on their own. Ingestion is idempotent by provider id, so a re-run after a
crash resumes where it stopped and a re-run of a finished file creates nothing.
Nothing is sent to anyone.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from amparo.core.numbers import normalize_number
from amparo.core.timestamps import parse_timestamp
from amparo.intake.pipeline import ingest_report
from amparo.orgs.models import Organization
from amparo.reports.models import Channel, Report

REQUIRED = ("channel", "body", "received_at")
OPTIONAL = ("provider_id", "from", "to", "language")
CHANNELS = frozenset(Channel.values)
PROVIDER_ID_MAX = Report._meta.get_field("provider_id").max_length or 128
# A clock a few minutes fast is normal; a report from tomorrow is a broken row.
FUTURE_SLACK = timedelta(minutes=10)
# Rows are validated before ingestion, so this many failures in a row means the
# pipeline or the database is broken, not the data: stop, and let a re-run resume.
MAX_CONSECUTIVE_FAILURES = 50


class Row(NamedTuple):
    received_at: datetime
    line: int
    channel: str
    provider_id: str
    from_number: str
    to_number: str
    body: str
    language: str


class BadRow(ValueError):
    pass


class Counts:
    def __init__(self) -> None:
        self.read = self.created = self.duplicates = self.errors = 0
        self.consecutive_failures = 0

    def __str__(self) -> str:
        return f"read {self.read}, created {self.created}, duplicates {self.duplicates}, errors {self.errors}"


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".json", ".ndjson"):
        return "jsonl"
    with path.open("r", encoding="utf-8-sig", errors="surrogateescape") as f:
        for line in f:
            if line.strip():
                return "jsonl" if line.lstrip().startswith("{") else "csv"
    return "csv"


def read_csv(f: Any) -> Iterator[tuple[int, dict[str, str] | None, str]]:
    """Yield (line number, row, error) for each record; line numbers count physical lines."""
    reader = csv.reader(f)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CommandError(f"CSV header lacks column(s): {', '.join(missing)} (header: {header})")
    previous = reader.line_num
    while True:
        start = previous + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            previous = reader.line_num
            yield start, None, f"unreadable CSV: {exc}"
            continue
        previous = reader.line_num
        if not fields or all(not v.strip() for v in fields):
            continue
        if len(fields) > len(header):
            yield start, None, f"{len(fields)} fields but the header has {len(header)}"
            continue
        yield start, dict(zip(header, fields, strict=False)), ""


def read_jsonl(f: Any) -> Iterator[tuple[int, dict[str, str] | None, str]]:
    for number, line in enumerate(f, start=1):
        if not line.strip():
            continue
        if number == 1 and line.lstrip().startswith("["):
            raise CommandError("This is a JSON array; write one JSON object per line (JSON Lines)")
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield number, None, f"invalid JSON: {exc}"
            continue
        if not isinstance(obj, dict):
            yield number, None, "not a JSON object"
            continue
        row: dict[str, str] = {}
        for key, value in obj.items():
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                yield number, None, f"{key!r} must be a string"
                break
            row[str(key).strip().lower()] = str(value)
        else:
            yield number, row, ""


def clean_row(raw: dict[str, str], line: int, tz: ZoneInfo, now: datetime) -> Row:
    if any("\udc80" <= ch <= "\udcff" for v in raw.values() for ch in v):
        raise BadRow("not valid UTF-8")
    channel = raw.get("channel", "").strip().lower()
    if channel not in CHANNELS:
        raise BadRow(f"channel must be one of {', '.join(sorted(CHANNELS))}, not {channel!r}")
    body = raw.get("body", "")
    if not body.strip() and channel != Channel.VOICE:
        raise BadRow("empty body")
    stamp = raw.get("received_at", "")
    if not stamp.strip():
        raise BadRow("no received_at")
    try:
        received_at = parse_timestamp(stamp, tz)
    except ValueError as exc:
        raise BadRow(str(exc))
    if received_at > now + FUTURE_SLACK:
        raise BadRow(f"received_at {stamp!r} is in the future")
    from_number = normalize_number(raw.get("from"))
    to_number = normalize_number(raw.get("to"))
    provider_id = raw.get("provider_id", "").strip()
    if not provider_id:
        # Normalized values, so that "Z" and "+00:00", or two spellings of one
        # number, still make the same key on a re-run.
        key = "|".join([channel, from_number, to_number, body, received_at.astimezone(UTC).isoformat()])
        provider_id = "import:" + hashlib.sha256(key.encode()).hexdigest()
    elif len(provider_id) > PROVIDER_ID_MAX:
        raise BadRow(f"provider_id longer than {PROVIDER_ID_MAX} characters")
    language = raw.get("language", "").strip().lower()[:8]
    return Row(received_at, line, channel, provider_id, from_number, to_number, body, language)


def ingest_batch(org: Organization, batch: list[Row], counts: Counts, report_error: Any) -> None:
    """One transaction per batch: fewer commits (each one syncs the disk), and a
    crash loses at most the batch in flight, which the re-run then imports."""
    with transaction.atomic():
        known = set(Report.objects.filter(organization=org, provider_id__in={r.provider_id for r in batch})
                    .values_list("provider_id", flat=True))
        for row in batch:
            if row.provider_id in known:
                counts.duplicates += 1
                continue
            try:
                with transaction.atomic():
                    result = ingest_report(
                        org=org, channel=row.channel, provider_id=row.provider_id,
                        from_number=row.from_number or None, to_number=row.to_number, body=row.body,
                        received_at=row.received_at, language=row.language or None, imported=True,
                    )
            except (OperationalError, InterfaceError):
                raise  # the database is unwell: stop, a re-run resumes
            except Exception as exc:
                counts.errors += 1
                counts.consecutive_failures += 1
                report_error(row.line, f"{type(exc).__name__}: {exc}")
                if counts.consecutive_failures >= MAX_CONSECUTIVE_FAILURES:
                    break  # commit what this batch did import, then stop
                continue
            counts.consecutive_failures = 0
            known.add(row.provider_id)
            if result.created:
                counts.created += 1
            else:
                counts.duplicates += 1
    if counts.consecutive_failures >= MAX_CONSECUTIVE_FAILURES:
        raise CommandError(f"{MAX_CONSECUTIVE_FAILURES} rows in a row failed to ingest; stopping ({counts}). "
                           "Fix the cause and re-run: what was imported is kept.")


class Command(BaseCommand):
    help = "Import reports from a CSV or JSON Lines file through the intake pipeline, sending nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("file", help="a .csv (with header) or .jsonl file")
        parser.add_argument("--format", choices=["csv", "jsonl"], help="override detection by extension/content")
        parser.add_argument("--batch-size", type=int, default=100,
                            help="rows per transaction (smaller holds the database lock for less time)")
        parser.add_argument("--dry-run", action="store_true", help="validate and count, import nothing")

    def handle(self, *args: Any, **opts: Any) -> None:
        org = Organization.objects.filter(slug=opts["org"]).first()
        if org is None:
            raise CommandError(f"No organization with slug {opts['org']!r}")
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        batch_size = max(1, min(opts["batch_size"], 900))  # stays under SQLite's 999 query parameters
        tz = ZoneInfo(org.time_zone)
        now = timezone.now()
        counts = Counts()

        def report_error(line: int, message: str) -> None:
            self.stderr.write(f"line {line}: {message}")

        fmt = opts["format"] or detect_format(path)
        reader = read_csv if fmt == "csv" else read_jsonl
        rows: list[Row] = []
        # Streamed line by line; only the compact validated rows are kept, to sort them.
        with path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="") as f:
            for line, raw, error in reader(f):
                counts.read += 1
                if raw is not None:
                    try:
                        rows.append(clean_row(raw, line, tz, now))
                        continue
                    except BadRow as exc:
                        error = str(exc)
                counts.errors += 1
                report_error(line, error)
        rows.sort(key=lambda r: r.received_at)  # stable: equal times keep file order

        if not opts["dry_run"]:
            for start in range(0, len(rows), batch_size):
                ingest_batch(org, rows[start : start + batch_size], counts, report_error)
                if opts["verbosity"] >= 2:
                    self.stderr.write(f"{min(start + batch_size, len(rows))}/{len(rows)} rows")
        self.stdout.write(("Dry run: " if opts["dry_run"] else "") + str(counts))
