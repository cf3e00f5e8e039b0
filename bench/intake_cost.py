"""Per-report intake cost with an empty history versus a long one, side by side.

Correlation must not grow with the size of the history. This creates a fresh
SQLite database (or uses DATABASE_URL when it is a postgres:// URL), times batches
of reports interleaved (A = a fresh organization, B = an organization with a long
history) and prints the ratio B/A per pair of batches.

    .venv/bin/python bench/intake_cost.py [HISTORY]      # default 20,000; 1000000 for issue 10's target

The history is loaded in bulk (issue 10): 300 reports go through ``ingest_report`` as templates, and the
rest are copies of them written with ``bulk_create``, five reports per closed incident, each incident with
the keys its template had (the same keyed hashes: the worst case for the key index, which must skip old
rows by ``last_seen``) and every report encrypted as intake encrypts it. Each timed report goes through
``ingest_report`` whole (imported, so processed in the call: store, route and correlate).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["AMPARO_DATA_DIR"] = tempfile.mkdtemp(prefix="amparo-bench-")
if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

call_command("migrate", verbosity=0)

from amparo.incidents.models import Incident, IncidentKey, Kind, Status  # noqa: E402
from amparo.intake.pipeline import ingest_report  # noqa: E402
from amparo.orgs.actions import create_organization  # noqa: E402
from amparo.places.actions import create_place  # noqa: E402
from amparo.reports.models import Report  # noqa: E402

STREETS = ["Broadway", "Main", "Spring", "Hill", "Olive", "Grand", "Figueroa", "Flower", "Hope", "Alameda"]
PHRASES = ["ICE at {n}th and {s}", "la migra en la {n} y {s}", "agents detaining people at {s} & {n}th St",
           "ICE vans near {place}", "migra en {place} ahorita", "ICE everywhere today, be careful"]


def setup(slug: str):
    org = create_organization(slug=slug, name=slug)
    places = [create_place(org, name=f"Market {i}", aliases=[f"Mercado {i}"], lat=34.0 + i * 0.01,
                           lon=-118.3 + i * 0.01, zip="90012", kind="store") for i in range(30)]
    return org, places


def body(i: int, places) -> str:
    phrase = PHRASES[i % len(PHRASES)]
    return phrase.format(n=1 + i % 12, s=STREETS[i % len(STREETS)], place=places[i % len(places)].name)


def feed(org, places, start: datetime, count: int, prefix: str, spread: timedelta) -> float:
    t0 = time.perf_counter()
    for i in range(count):
        ingest_report(org=org, channel="sms", provider_id=f"{prefix}{i}", from_number=f"+1213{(i * 7919) % 10_000_000:07d}",
                      body=body(i, places), received_at=start + spread * (i / count), imported=True)
    return (time.perf_counter() - t0) / count


def bulk_history(org, places, start: datetime, count: int, spread: timedelta) -> None:
    """``count`` reports of history: 300 through intake as templates, the rest bulk copies of them."""
    templates = min(300, count)
    feed(org, places, start, templates, "T", spread / 100)
    source = list(Report.objects.filter(organization=org, incident__isnull=False).select_related("incident"))
    keys: dict[int, list[tuple[str, str]]] = {}
    for inc_id, kind, key in IncidentKey.objects.filter(organization=org).values_list("incident_id", "kind", "key"):
        keys.setdefault(inc_id, []).append((kind, key))
    Incident.objects.filter(organization=org).update(status=Status.CLOSED)
    rng = random.Random(1)
    number = Report.objects.filter(organization=org).count()
    columns = [f.column for f in Report._meta.concrete_fields if f.column != "id"]
    insert = (f"INSERT INTO {Report._meta.db_table} ({', '.join(columns)}) "
              f"VALUES ({', '.join(['%s'] * len(columns))})")
    dt = connection.ops.adapt_datetimefield_value
    raw = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {', '.join(columns)} FROM {Report._meta.db_table} WHERE organization_id = %s",
                       [org.pk])
        for values in cursor.fetchall():
            raw[values[0]] = dict(zip(columns, values[1:], strict=True))
    left, per, chunk, t0 = count - templates, 5, 50_000, time.perf_counter()
    while left > 0:
        n = min(chunk, left)
        at = [start + spread * rng.random() for _ in range(n // per + 1)]
        incidents = Incident.objects.bulk_create([
            Incident(organization=org, kind=Kind.EVENT, status=Status.CLOSED, first_report_at=t,
                     last_report_at=t + timedelta(minutes=40), report_count=per, caller_count=per, closed_at=t)
            for t in at])
        rows, key_rows = [], []
        for j, inc in enumerate(incidents):
            model = source[rng.randrange(len(source))]
            key_rows += [IncidentKey(organization=org, incident=inc, kind=kind, key=key, last_seen=inc.last_report_at)
                         for kind, key in set(keys.get(model.incident_id, ()))]
            for k in range(per if j < len(incidents) - 1 else n - per * (len(incidents) - 1)):
                number += 1
                row = dict(raw[model.pk])  # the template's stored columns, ciphertext included: no re-encryption
                row.update(provider_id=f"H{number}", number=number, caller_hash=f"{rng.getrandbits(128):032x}",
                           received_at=dt(inc.first_report_at + timedelta(minutes=8 * k)),
                           created_at=dt(inc.first_report_at), incident_id=inc.pk, imported=True, pending="")
                rows.append(tuple(row[c] for c in columns))
        IncidentKey.objects.bulk_create(key_rows, batch_size=2000)
        with connection.cursor() as cursor:
            cursor.executemany(insert, rows)
        left -= n
        done = count - templates - left
        print(f"  {done + templates:,} reports of history ({done / (time.perf_counter() - t0):,.0f}/s)", flush=True)


def main() -> None:
    history = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    fresh, fresh_places = setup("fresh")
    old, old_places = setup("old")
    now = datetime(2026, 6, 30, 12, tzinfo=UTC)
    print(f"loading {history:,} reports of history over 30 days, in bulk ...", flush=True)
    t0 = time.perf_counter()
    bulk_history(old, old_places, now - timedelta(days=30), history, timedelta(days=29))
    print(f"loaded in {time.perf_counter() - t0:.0f} s", flush=True)
    ratios = []
    for batch in range(5):
        start = now + timedelta(hours=batch)
        a = feed(fresh, fresh_places, start, 200, f"A{batch}-", timedelta(minutes=50))
        b = feed(old, old_places, start, 200, f"B{batch}-", timedelta(minutes=50))
        ratios.append(b / a)
        print(f"batch {batch}: fresh {a * 1000:.2f} ms/report, with history {b * 1000:.2f} ms/report, ratio {b / a:.2f}")
    print(f"median ratio (history/fresh): {statistics.median(ratios):.2f}  (1.0 = cost independent of history)")


if __name__ == "__main__":
    main()
