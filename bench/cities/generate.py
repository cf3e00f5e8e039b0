#!/usr/bin/env python3
"""Generate a three-day surge for one city of bench/cities.

    python bench/cities/generate.py --city chicago --seed 1 --out /tmp/chicago

writes places.csv (``import_places``), reports.csv (``import_reports``) and
truth.csv (the format of bench/surge: provider_id, event_id, kind, day, note).
The city's places, streets, voices, rumors and chain letters are in
bench/cities/<city>/city.py, written by hand; the machinery in world.py.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from world import build, write  # noqa: E402


def load_city(name: str):  # type: ignore[no-untyped-def]
    path = HERE / name / "city.py"
    spec = importlib.util.spec_from_file_location(f"city_{name}", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"no city at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--city", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--start", default="2026-06-16", help="first day, local date")
    args = ap.parse_args()
    city = load_city(args.city)
    start = datetime.fromisoformat(args.start).replace(tzinfo=ZoneInfo(city.TZ))
    w = build(city, args.seed, start)
    write(w, args.out)
    kinds = {k: sum(1 for r in w.rows if r.kind == k) for k in ("event", "flood", "vague")}
    print(f"{args.city}: {len(w.rows)} reports ({kinds['event']} about {w.n_events} events, {kinds['flood']} flood, "
          f"{kinds['vague']} vague/hearsay), {sum(1 for p in city.PLACES if p.in_gazetteer)} places -> {args.out}")


if __name__ == "__main__":
    main()
