"""Per-report intake cost as a network's history grows to a million reports (issue 10).

Target: the cost per report with 1,000,000 reports of history is at most 1.5 times the cost with 1,000.

Two organizations on one database, each with 300 template reports that went through ``ingest_report``:
"small" gets 1,000 reports of history, "big" the same 1,000 and then more, stage by stage (by default to
1,000,000), generated inside the database by ``bench/history.py`` (a year of closed and open incidents,
returning callers, keys, timeline events, acknowledgements). At each stage it times batches of reports
through ``ingest_report`` (imported, so processed in the call: store, route and correlate), interleaving the
two organizations, two days after the last stage's reports so nothing of theirs is still in a window.
It prints ms per report at each stage and two ratios: big at N against big at 1k (what the target asks),
and big against small in the same interleaved batches (the same ratio with the machine's load drift removed).

    .venv/bin/python bench/intake_cost.py                       # stages 1000 and 1000000, SQLite
    .venv/bin/python bench/intake_cost.py 1000 200000 1000000   # with a 200k stage
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/intake_cost .venv/bin/python bench/intake_cost.py

SQLite runs in a fresh temporary ``AMPARO_DATA_DIR``; the PostgreSQL database named is dropped and created.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from webload import in_process_database  # noqa: E402

in_process_database()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

call_command("migrate", verbosity=0)

from history import load_history  # noqa: E402

from amparo.incidents.models import Incident, Status  # noqa: E402
from amparo.intake.pipeline import ingest_report  # noqa: E402
from amparo.orgs.actions import create_organization  # noqa: E402
from amparo.places.actions import create_place  # noqa: E402

STREETS = ["Broadway", "Main", "Spring", "Hill", "Olive", "Grand", "Figueroa", "Flower", "Hope", "Alameda"]
PHRASES = ["ICE at {n}th and {s}", "la migra en la {n} y {s}", "agents detaining people at {s} & {n}th St",
           "ICE vans near {place}", "migra en {place} ahorita", "ICE everywhere today, be careful"]
TEMPLATES = 300
END = datetime(2026, 6, 30, 12, tzinfo=UTC)  # the history's end; timed reports come after


def setup(slug: str) -> tuple[Any, list[Any]]:
    org = create_organization(slug=slug, name=slug)
    places = [create_place(org, name=f"Market {i}", aliases=[f"Mercado {i}"], lat=34.0 + i * 0.01,
                           lon=-118.3 + i * 0.01, zip="90012", kind="store") for i in range(30)]
    return org, places


def body(i: int, places: list[Any]) -> str:
    phrase = PHRASES[i % len(PHRASES)]
    return phrase.format(n=1 + i % 12, s=STREETS[i % len(STREETS)], place=places[i % len(places)].name)


def feed(org: Any, places: list[Any], start: datetime, count: int, prefix: str, spread: timedelta) -> tuple[float, float]:
    """(wall, CPU) seconds per report of ``count`` reports through intake. The CPU time of this process
    holds SQLite's work but not PostgreSQL's; on a machine shared with other work it is the steadier."""
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(count):
        ingest_report(org=org, channel="sms", provider_id=f"{prefix}{i}", from_number=f"+1213{(i * 7919) % 10_000_000:07d}",
                      body=body(i, places), received_at=start + spread * (i / count), imported=True)
    return (time.perf_counter() - t0) / count, (time.process_time() - c0) / count


def templates(org: Any, places: list[Any], days: float) -> None:
    """The reports the history copies, through intake a year before it ends, their incidents closed."""
    feed(org, places, END - timedelta(days=days + 30), TEMPLATES, "T", timedelta(days=2))
    Incident.objects.filter(organization=org).update(status=Status.CLOSED)


def load(org: Any, count: int, days: float) -> None:
    t0 = time.perf_counter()
    n = load_history(org, count, end=END, days=days, templates=TEMPLATES)
    took = time.perf_counter() - t0
    print(f"  {org.slug}: {n:,} reports of history added in {took:.0f} s ({n / took:,.0f}/s)", flush=True)


def measure(stage: int, small: tuple[Any, list[Any]], big: tuple[Any, list[Any]], batches: int, per: int) -> dict[str, float]:
    """Median seconds per report, wall and CPU, of each organization over interleaved batches (the
    organization that goes first alternates)."""
    costs: dict[str, list[float]] = {"small": [], "big": [], "small_cpu": [], "big_cpu": []}
    for batch in range(batches):
        start = END + timedelta(days=1 + 2 * stage, hours=batch)
        pair = [("small", small), ("big", big)]
        for name, (org, places) in pair if batch % 2 == 0 else pair[::-1]:
            wall, cpu = feed(org, places, start, per, f"{name[0].upper()}{stage}-{batch}-", timedelta(minutes=50))
            costs[name].append(wall)
            costs[name + "_cpu"].append(cpu)
        print(f"    batch {batch}: small {costs['small'][-1] * 1000:.1f} ms/report (CPU {costs['small_cpu'][-1] * 1000:.1f}), "
              f"big {costs['big'][-1] * 1000:.1f} ms/report (CPU {costs['big_cpu'][-1] * 1000:.1f}), "
              f"ratio {costs['big'][-1] / costs['small'][-1]:.2f}", flush=True)
    return {k: statistics.median(v) for k, v in costs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stages", nargs="*", type=int, default=[1000, 1_000_000],
                        help="history sizes of the big organization, the first also the small one's")
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--per-batch", type=int, default=200)
    parser.add_argument("--days", type=float, default=365, help="how long the history spans")
    args = parser.parse_args()
    print(f"database: {connection.vendor}", flush=True)
    small, big = setup("small"), setup("big")
    for org, places in (small, big):
        templates(org, places, args.days)
    have = 0
    results = []
    for stage, size in enumerate(args.stages):
        print(f"history {size:,}:", flush=True)
        if stage == 0:
            load(small[0], size, args.days)
        if size > have:
            load(big[0], size - have, args.days)
            have = size
        m = measure(stage, small, big, args.batches, args.per_batch)
        results.append((size, m))
        print(f"  median: small ({args.stages[0]:,}) {m['small'] * 1000:.1f} ms/report, big ({size:,}) "
              f"{m['big'] * 1000:.1f} ms/report, big/small {m['big'] / m['small']:.2f}", flush=True)
    base = results[0][1]
    print(f"\nsummary ({connection.vendor}): ms per report through ingest_report, median of {args.batches} batches "
          f"of {args.per_batch}")
    print(f"  {'history':>9}  {'wall':>6} {'x 1k':>5}  {'CPU':>6} {'x 1k':>5}   interleaved with small: wall, CPU ratio")
    for size, m in results:
        print(f"  {size:>9,}  {m['big'] * 1000:6.1f} {m['big'] / base['big']:5.2f}  {m['big_cpu'] * 1000:6.1f} "
              f"{m['big_cpu'] / base['big_cpu']:5.2f}   {m['big'] / m['small']:.2f}, {m['big_cpu'] / m['small_cpu']:.2f}")
    print(f"target: the cost at 1,000,000 at most 1.5x the cost at {args.stages[0]:,}")


if __name__ == "__main__":
    main()
