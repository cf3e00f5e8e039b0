"""Per-report intake cost with an empty history versus a long one, side by side.

Correlation must not grow with the size of the history. This creates a fresh
SQLite database, times batches of reports interleaved (A = a fresh
organization, B = an organization with a long history) and prints the ratio
B/A per pair of batches. Run: .venv/bin/python bench/intake_cost.py [HISTORY]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["AMPARO_DATA_DIR"] = tempfile.mkdtemp(prefix="amparo-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)

from amparo.intake.pipeline import ingest_report  # noqa: E402
from amparo.orgs.actions import create_organization  # noqa: E402
from amparo.places.actions import create_place  # noqa: E402

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


def main() -> None:
    history = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    fresh, fresh_places = setup("fresh")
    old, old_places = setup("old")
    now = datetime(2026, 6, 30, 12, tzinfo=UTC)
    print(f"loading {history} reports of history over 30 days ...", flush=True)
    feed(old, old_places, now - timedelta(days=30), history, "H", timedelta(days=29))
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
