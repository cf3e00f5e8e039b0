#!/usr/bin/env python3
"""Generate a synthetic two-day surge for tuning correlation.

    python bench/surge/generate.py --seed 1 --out /tmp/surge

writes places.csv (the gazetteer, the format of ``import_places``),
reports.csv (the format of ``import_reports``) and truth.csv (which true
event each report is about). Same seed, same files.

Truth conventions: every report of a real event, follow-ups included, carries
that event's id; each flood is one id (flood-1...); all vague rumors carry
"vague" (the scorer can also split them per day with the ``day`` column).
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from gazetteer import BY_KEY, PLACES, SPOTS, Loc
from phrases import FLOOD_CHAIN, FLOOD_VARIANT, FOLLOWUP, REPORT, VAGUE, place_ref, roughen

LA = ZoneInfo("America/Los_Angeles")
HOTLINE = "+12135550100"
AREA_CODES = ("213", "323", "818", "626", "562", "310", "747")


@dataclass
class Row:
    at: datetime
    number: str
    body: str
    event: str
    kind: str  # event | flood | vague
    note: str
    channel: str = "sms"


class World:
    def __init__(self, rng: random.Random, start: datetime) -> None:
        self.rng = rng
        self.start = start
        self.rows: list[Row] = []
        self.used: set[str] = set()
        self.n_events = 0
        self.spans: list[tuple[Loc, datetime, datetime]] = []

    def number(self) -> str:
        while True:
            n = f"+1{self.rng.choice(AREA_CODES)}555{self.rng.randrange(10000):04d}"
            if n not in self.used:
                self.used.add(n)
                return n

    def at(self, day: int, hour: float) -> datetime:
        return self.start + timedelta(days=day, hours=hour)

    def lang(self) -> str:
        return self.rng.choices(["en", "es", "spanglish"], [45, 40, 15])[0]

    def event(self, loc: Loc, when: datetime, *, n: int | None = None, duration: float | None = None,
              ambiguous_chain: bool = False, numbers: list[str] | None = None) -> str:
        rng = self.rng
        self.n_events += 1
        eid = f"e{self.n_events:02d}-{loc.key}"
        note = f"{loc.name} {when.astimezone(LA):%a %H:%M}"
        n = n or rng.choices([1, rng.randint(2, 4), rng.randint(5, 10), rng.randint(11, 25)], [20, 35, 30, 15])[0]
        duration = duration or rng.uniform(10, 120)
        self.spans.append((loc, when, when + timedelta(minutes=duration)))
        for i in range(n):
            offset = 0.0 if i == 0 else duration * rng.betavariate(1.2, 2.5)
            at = when + timedelta(minutes=offset, seconds=rng.randint(0, 59))
            number = numbers[i] if numbers and i < len(numbers) else self.number()
            lang = self.lang()
            ref = place_ref(loc, lang, rng, ambiguous_chain=ambiguous_chain)
            body = roughen(rng.choice(REPORT[lang]).format(loc=ref), rng)
            channel = "whatsapp" if rng.random() < 0.1 else "sms"
            self.rows.append(Row(at, number, body, eid, "event", note, channel))
            if rng.random() < 0.22:
                later = at + timedelta(minutes=rng.uniform(3, 45))
                self.rows.append(Row(later, number, roughen(rng.choice(FOLLOWUP[lang]), rng), eid, "event",
                                     note + " (follow-up)", channel))
        return eid

    def clashes(self, loc: Loc, when: datetime) -> bool:
        """Would a random event here and now be one no reader could tell from another?
        Hard cases are placed by hand; random ones keep 4 hours from any event
        in the same ZIP or within 1 km."""
        gap = timedelta(hours=4)
        return any(
            (other.zip == loc.zip or distance_m(other, loc) < 1000) and start - gap < when < end + gap
            for other, start, end in self.spans
        )

    def flood_identical(self, fid: str, text: str, when: datetime, numbers: int, minutes: float) -> None:
        for _ in range(numbers):
            at = when + timedelta(minutes=self.rng.uniform(0, minutes))
            self.rows.append(Row(at, self.number(), text, fid, "flood", "identical text, many numbers"))

    def flood_variants(self, fid: str, text: str, when: datetime, numbers: int, minutes: float) -> None:
        rng = self.rng
        for _ in range(numbers):
            at = when + timedelta(minutes=rng.uniform(0, minutes))
            body = rng.choice(["", "Fwd: ", "FW: ", "> ", "reenviado: "]) + text
            body = body.lower() if rng.random() < 0.3 else body
            body = body.replace(" ", "  ", 1) if rng.random() < 0.2 else body
            body += rng.choice(["", "", "!!", " 🙏🙏", " 🚨"])
            self.rows.append(Row(at, self.number(), body, fid, "flood", "chain letter with variations"))

    def flood_one_number(self, fid: str, when: datetime, count: int, minutes: float) -> None:
        number = self.number()
        locs = self.rng.sample(PLACES, count)
        for i, loc in enumerate(locs):
            at = when + timedelta(minutes=minutes * i / count, seconds=self.rng.randint(0, 15))
            body = roughen(self.rng.choice(REPORT["en"]).format(loc=place_ref(loc, "en", self.rng)), self.rng)
            self.rows.append(Row(at, number, body, fid, "flood", "one number, many places"))

    def vague(self, count: int) -> None:
        for _ in range(count):
            at = self.at(self.rng.randrange(2), self.rng.uniform(6, 22))
            self.rows.append(Row(at, self.number(), roughen(self.rng.choice(VAGUE), self.rng), "vague", "vague", "rumor"))


def distance_m(a: Loc, b: Loc) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def build(seed: int, events: int, start: datetime) -> World:
    rng = random.Random(seed)
    w = World(rng, start)
    b = BY_KEY
    # The hard cases, placed by hand.
    w.event(b["mariachi"], w.at(0, 9.15), n=8)  # Mariachi Plaza, day 1 ...
    w.event(b["mariachi"], w.at(1, 9.6), n=6)  # ... and again on day 2: a different event
    w.event(b["hollenbeck"], w.at(0, 9.3), n=6)  # 680 m from Mariachi Plaza, same ZIP, same time
    w.event(b["hd_cypress"], w.at(0, 7.0), n=12, ambiguous_chain=True)  # two Home Depots, same hour
    w.event(b["hd_sunset"], w.at(0, 7.2), n=10, ambiguous_chain=True)
    w.event(b["va_vannuys"], w.at(1, 12.0), n=5, ambiguous_chain=True)  # two Vallartas, same hour
    w.event(b["va_pacoima"], w.at(1, 12.3), n=4, ambiguous_chain=True)
    w.event(b["macarthur"], w.at(0, 11.0), n=15, duration=110)  # real event while flood-1 names the park
    w.event(b["union"], w.at(1, 15.0), n=5)  # Union Station and La Placita, 250 m, same time
    w.event(b["placita"], w.at(1, 15.1), n=5)
    w.event(b["gcm"], w.at(0, 16.0), n=4)  # 5th and Broadway spot vs Grand Central Market and Pershing Square
    w.event(b["s_5th_broadway"], w.at(0, 16.1), n=4)
    w.event(b["s_whittier_atlantic"], w.at(1, 18.5), n=5)  # flood-3 names this corner, hours earlier
    # Two volunteers who report two different events hours apart.
    for _ in range(2):
        nums = [w.number() for _ in range(3)]
        for hours in ((6, 12), (15, 20)):
            loc, when = rng.choice(PLACES), w.at(0, rng.uniform(*hours))
            while w.clashes(loc, when):
                loc, when = rng.choice(PLACES), w.at(0, rng.uniform(*hours))
            w.event(loc, when, n=3, numbers=nums)
    # The rest, anywhere, mostly daytime.
    while w.n_events < events:
        loc = rng.choice(PLACES) if rng.random() < 0.75 else rng.choice(SPOTS)
        when = w.at(rng.randrange(2), rng.uniform(5.5, 20.5))
        if not w.clashes(loc, when):
            w.event(loc, when)
    w.flood_identical("flood-1", FLOOD_CHAIN, w.at(0, 11.2), rng.randint(20, 60), 60)
    w.flood_one_number("flood-2", w.at(1, 16.0), 30, 10)
    w.flood_variants("flood-3", FLOOD_VARIANT, w.at(1, 8.0), 25, 45)
    w.vague(40)
    return w


def write(w: World, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "places.csv").open("w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["name", "aliases", "lat", "lon", "zip", "kind"])
        for p in PLACES:
            wr.writerow([p.name, "|".join(p.aliases), p.lat, p.lon, p.zip, p.kind])
    rows = sorted(w.rows, key=lambda r: r.at)
    with (out / "reports.csv").open("w", newline="") as fr, (out / "truth.csv").open("w", newline="") as ft:
        rep, tru = csv.writer(fr), csv.writer(ft)
        rep.writerow(["channel", "provider_id", "from", "to", "body", "received_at"])
        tru.writerow(["provider_id", "event_id", "kind", "day", "note"])
        for i, r in enumerate(rows):
            pid = f"SM{w.rng.getrandbits(96):024x}{i:08x}"
            local = r.at.astimezone(LA)
            rep.writerow([r.channel, pid, r.number, HOTLINE, r.body, local.isoformat(timespec="seconds")])
            tru.writerow([pid, r.event, r.kind, local.date().isoformat(), r.note])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--events", type=int, default=60, help="true events (default 60)")
    ap.add_argument("--start", default="2026-06-12", help="first day, local date (default 2026-06-12)")
    args = ap.parse_args()
    start = datetime.fromisoformat(args.start).replace(tzinfo=LA)
    w = build(args.seed, args.events, start)
    write(w, args.out)
    kinds = {k: sum(1 for r in w.rows if r.kind == k) for k in ("event", "flood", "vague")}
    print(f"{len(w.rows)} reports ({kinds['event']} about {w.n_events} events, {kinds['flood']} flood, "
          f"{kinds['vague']} vague), {len(PLACES)} places -> {args.out}")


if __name__ == "__main__":
    main()
