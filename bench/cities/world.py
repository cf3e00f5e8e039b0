"""The multi-city surge generator's machinery: places, voices, events, floods.

A city is a folder ``bench/cities/<city>/`` with a ``city.py`` written by hand
(its places, how people there name streets and places, its rumors and chain
letters, its hard cases). This module turns one into a three-day surge in the
formats of ``import_places`` and ``import_reports``, with the truth.

Nothing here knows any city: every street, chain and landmark word comes from
the city's own file.
"""

from __future__ import annotations

import csv
import math
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Loc:
    key: str
    name: str
    lat: float
    lon: float
    zip: str
    kind: str = "other"
    aliases: tuple[str, ...] = ()  # written into the gazetteer
    said: tuple[str, ...] = ()  # how callers say it; not in the gazetteer
    cross: tuple[str, str] | None = None  # street keys of the city's STREETS
    address: tuple[str, str, str] | None = None  # (number, direction, street key)
    hood: str = ""
    chain: tuple[str, ...] = ()  # how callers write the chain's name alone ("home depot", "homedepot", "HD")
    in_gazetteer: bool = True


@dataclass
class Row:
    at: datetime
    number: str
    body: str
    event: str
    kind: str  # event | flood | vague
    note: str
    channel: str = "sms"


# Generic voices: any US metro, English, Spanish, Spanglish. Hearsay and questions are part of a
# real event's reports too (one more voice about a known event).
REPORT = {
    "en": [
        "ICE at {loc} right now", "there are ice agents at {loc}, like 4 trucks", "immigration raid at {loc}!!",
        "migra at {loc} detaining people", "unmarked vans at {loc}, agents in vests", "{loc} - ice, 3 black suvs",
        "ice agents outside {loc} pls send someone", "they're grabbing people at {loc}", "ICE raid happening now {loc}",
        "federal agents at {loc} with rifles", "{loc} ICE!!! be careful", "pretty sure thats ice at {loc}, white vans no plates",
        "my cousin just texted me ice is at {loc}", "is it true ice is at {loc}? i see lots of cops",
        "agents in green uniforms at {loc} asking for papers", "just drove by {loc}, ICE is there",
    ],
    "es": [
        "hay migra en {loc}", "la migra esta en {loc} agarrando gente", "agentes de inmigración en {loc} ahorita",
        "redada en {loc}, cuidado", "vi camionetas de ICE en {loc}", "estan deteniendo personas en {loc}",
        "{loc} hay migra!!", "acaban de llegar agentes a {loc}", "mi hermano dice que esta la migra en {loc}",
        "migra en {loc} por favor manden a alguien", "hay como 5 camionetas de la migra en {loc}",
        "se estan llevando a los trabajadores en {loc}", "cuidado en {loc} esta ICE", "ahorita en {loc} esta la migra",
    ],
    "spanglish": [
        "hay ICE en {loc} right now", "la migra at {loc} bro be careful", "ICE esta en {loc} con like 5 trucks",
        "ojo, ice at {loc}", "migra en {loc} ahorita, they're taking people", "{loc} la migra!! send someone pls",
    ],
}
FOLLOWUP = {
    "en": ["they're still here", "still there", "now they left", "update: leaving now", "they took 3 ppl",
           "2 more vans just pulled up", "ok they are gone", "still here, now with police too"],
    "es": ["ya se fueron", "siguen aqui", "se llevaron a 2 personas", "todavia estan", "ya se estan yendo",
           "llegaron mas camionetas", "siguen ahi"],
    "spanglish": ["still here todavia", "ya se fueron, they left", "they took like 2 personas"],
}


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def roughen(text: str, rng: random.Random) -> str:
    """Typos, case and accents as a hurried thumb types them."""
    out = []
    for w in text.split(" "):
        r = rng.random()
        if len(w) > 4 and r < 0.025:
            i = rng.randrange(len(w) - 1)
            w = w[:i] + w[i + 1] + w[i] + w[i + 2:]
        elif len(w) > 4 and r < 0.04:
            i = rng.randrange(len(w))
            w = w[:i] + w[i + 1:]
        out.append(w)
    text = " ".join(out)
    if rng.random() < 0.6:
        text = text.lower()
    elif rng.random() < 0.1:
        text = text.upper()
    if rng.random() < 0.5:
        text = strip_accents(text)
    if rng.random() < 0.2:
        text = text.rstrip("!.?") + rng.choice(["!!!", "?", " 🙏", " 😡", "...", " pls"])
    return text


def distance_m(a: Loc, b: Loc) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


class World:
    def __init__(self, city: ModuleType, rng: random.Random, start: datetime) -> None:
        self.city = city
        self.rng = rng
        self.start = start
        self.tz = ZoneInfo(city.TZ)
        self.rows: list[Row] = []
        self.used: set[str] = set()
        self.n_events = 0
        self.spans: list[tuple[Loc, datetime, datetime]] = []
        self.by_key = {p.key: p for p in city.PLACES}
        self.report = {k: REPORT[k] + list(getattr(city, "REPORT", {}).get(k, [])) for k in REPORT}

    # -- voices ---------------------------------------------------------------------------
    def number(self) -> str:
        while True:
            n = f"+1{self.rng.choice(self.city.AREA_CODES)}555{self.rng.randrange(10000):04d}"
            if n not in self.used:
                self.used.add(n)
                return n

    def at(self, day: int, hour: float) -> datetime:
        return self.start + timedelta(days=day, hours=hour)

    def lang(self) -> str:
        return self.rng.choices(["en", "es", "spanglish"], self.city.LANG_WEIGHTS)[0]

    def street(self, key: str, lang: str) -> str:
        en, es = self.city.STREETS[key]
        if lang == "es" and es and self.rng.random() < 0.7:
            return self.rng.choice(es)
        return self.rng.choice(en)

    def cross_ref(self, loc: Loc, lang: str) -> str:
        assert loc.cross
        a, b = loc.cross
        if self.rng.random() < 0.5:
            a, b = b, a
        sa, sb = self.street(a, lang), self.street(b, lang)
        fmts = self.city.CROSS_ES if lang == "es" else self.city.CROSS_EN
        return self.rng.choice(fmts).format(a=sa, b=sb)

    def address_ref(self, loc: Loc) -> str:
        assert loc.address
        num, direction, street = loc.address
        name = self.rng.choice(self.city.STREETS[street][0])
        for lead in ("n ", "s ", "e ", "w ", "N ", "S ", "E ", "W "):
            name = name.removeprefix(lead)
        d = self.rng.choice([direction, direction.lower(), {"N": "north", "S": "south", "E": "east", "W": "west"}.get(direction, ""), ""])
        return " ".join(x for x in (num, d, name) if x)

    def place_ref(self, loc: Loc, lang: str, *, ambiguous_chain: bool = False) -> str:
        rng = self.rng
        if ambiguous_chain and loc.chain and rng.random() < 0.5:
            c = rng.choice(loc.chain)
            return rng.choice([c, f"the {c}", f"el {c}", f"los {c}"]) if lang == "es" else rng.choice([c, f"the {c}"])
        modes = [("name", 22), ("said", 28), ("alias", 10)]
        if loc.cross:
            modes.append(("cross", 25))
        if loc.address:
            modes.append(("address", 12))
        modes += [("zip", 4), ("hood", 2)]
        if not loc.in_gazetteer:
            modes = [(m, w) for m, w in modes if m in ("cross", "address", "zip", "said")] or [("zip", 1)]
        mode = rng.choices([m for m, _ in modes], [w for _, w in modes])[0]
        if mode == "said" and loc.said:
            return rng.choice(loc.said)
        if mode == "alias" and loc.aliases:
            return rng.choice([a for a in loc.aliases if not a[:1].isdigit()] or list(loc.aliases))
        if mode == "cross":
            ref = self.cross_ref(loc, lang)
            if loc.chain and rng.random() < 0.35:
                c = rng.choice(loc.chain)
                return f"el {c} de {ref}" if lang == "es" else f"{c} on {ref}"
            return ref
        if mode == "address":
            return self.address_ref(loc)
        if mode == "zip":
            forms = ["el {z}", "el area del {z}", "{z}"] if lang == "es" else ["the {z} area", "zip {z}", "{z}"]
            return rng.choice(forms).format(z=loc.zip)
        if mode == "hood" and loc.hood and loc.in_gazetteer:
            return f"{loc.name.lower()} in {loc.hood.lower()}" if lang != "es" else f"{loc.name.lower()} en {loc.hood.lower()}"
        return loc.name if rng.random() < 0.3 else loc.name.lower()

    # -- what happens ---------------------------------------------------------------------
    def event(self, loc: Loc, when: datetime, *, n: int | None = None, duration: float | None = None,
              ambiguous_chain: bool = False, numbers: Sequence[str] | None = None) -> str:
        rng = self.rng
        self.n_events += 1
        eid = f"e{self.n_events:02d}-{loc.key}"
        note = f"{loc.name} {when.astimezone(self.tz):%a %H:%M}"
        n = n or rng.choices([1, rng.randint(2, 4), rng.randint(5, 10), rng.randint(11, 20)], [18, 35, 32, 15])[0]
        duration = duration or rng.uniform(10, 110)
        self.spans.append((loc, when, when + timedelta(minutes=duration)))
        for i in range(n):
            offset = 0.0 if i == 0 else duration * rng.betavariate(1.2, 2.5)
            at = when + timedelta(minutes=offset, seconds=rng.randint(0, 59))
            number = numbers[i] if numbers and i < len(numbers) else self.number()
            lang = self.lang()
            ref = self.place_ref(loc, lang, ambiguous_chain=ambiguous_chain)
            body = roughen(rng.choice(self.report[lang]).format(loc=ref), rng)
            channel = "whatsapp" if rng.random() < 0.1 else "sms"
            self.rows.append(Row(at, number, body, eid, "event", note, channel))
            if rng.random() < 0.2:
                later = at + timedelta(minutes=rng.uniform(3, 40))
                self.rows.append(Row(later, number, roughen(rng.choice(FOLLOWUP[lang]), rng), eid, "event",
                                     note + " (follow-up)", channel))
        return eid

    def busy(self, loc: Loc, when: datetime, hours: float = 4) -> bool:
        gap = timedelta(hours=hours)
        return any((other.zip == loc.zip or distance_m(other, loc) < 1500 or (other.chain and other.chain == loc.chain))
                   and start - gap < when < end + gap for other, start, end in self.spans)

    def random_events(self, count: int, days: int) -> None:
        places = [p for p in self.city.PLACES]
        while self.n_events < count:
            loc = self.rng.choice(places)
            when = self.at(self.rng.randrange(days), self.rng.uniform(5.5, 20.5))
            if not self.busy(loc, when):
                self.event(loc, when)

    def hearsay(self, count: int, days: int) -> None:
        """Questions and hearsay that name a place where nothing happens: never an event."""
        for _ in range(count):
            for _try in range(50):
                loc = self.rng.choice([p for p in self.city.PLACES if p.in_gazetteer])
                when = self.at(self.rng.randrange(days), self.rng.uniform(6, 22))
                if not self.busy(loc, when, hours=3):
                    break
            lang = self.rng.choice(["en", "es", "es"])
            ref = self.place_ref(loc, lang)
            body = roughen(self.rng.choice(self.city.HEARSAY[lang]).format(loc=ref), self.rng)
            self.rows.append(Row(when, self.number(), body, "vague", "vague", f"hearsay naming {loc.name}"))

    def vague(self, count: int, days: int) -> None:
        for _ in range(count):
            at = self.at(self.rng.randrange(days), self.rng.uniform(6, 22))
            self.rows.append(Row(at, self.number(), roughen(self.rng.choice(self.city.VAGUE), self.rng),
                                 "vague", "vague", "rumor"))

    def flood_identical(self, fid: str, text: str, when: datetime, numbers: int, minutes: float) -> None:
        for _ in range(numbers):
            at = when + timedelta(minutes=self.rng.uniform(0, minutes))
            self.rows.append(Row(at, self.number(), text, fid, "flood", "identical chain, many numbers"))

    def flood_variants(self, fid: str, text: str, when: datetime, numbers: int, minutes: float) -> None:
        rng = self.rng
        for _ in range(numbers):
            at = when + timedelta(minutes=rng.uniform(0, minutes))
            body = rng.choice(["", "", "Fwd: ", "FW: ", "Fw: ", "> ", "reenviado: ", "RV: "]) + text
            r = rng.random()
            body = body.lower() if r < 0.25 else body.upper() if r < 0.35 else body
            body = body.replace(" ", "  ", 1) if rng.random() < 0.2 else body
            body += rng.choice(["", "", "!!", " 🙏🙏", " 🚨🚨", " ‼️", "\n\nPASALO"])
            self.rows.append(Row(at, self.number(), body, fid, "flood", "chain letter with variations"))

    def flood_pest(self, fid: str, when: datetime, count: int, minutes: float, tail: Sequence[str]) -> None:
        """One number texting many places fast, then pest messages naming a landmark."""
        number = self.number()
        known = [p for p in self.city.PLACES if p.in_gazetteer]
        locs = self.rng.sample(known, min(count, len(known))) + self.rng.choices(known, k=max(0, count - len(known)))
        for i, loc in enumerate(locs):
            at = when + timedelta(minutes=minutes * i / len(locs), seconds=self.rng.randint(0, 15))
            body = roughen(self.rng.choice(self.report["en"]).format(loc=self.place_ref(loc, "en")), self.rng)
            self.rows.append(Row(at, number, body, fid, "flood", "one number, many places"))
        end = when + timedelta(minutes=minutes)
        for i, text in enumerate(tail):
            self.rows.append(Row(end + timedelta(minutes=8 + 9 * i), number, text, fid, "flood", "pest after flood"))


def build(city: ModuleType, seed: int, start: datetime) -> World:
    rng = random.Random(seed)
    w = World(city, rng, start)
    city.hard_cases(w)
    w.random_events(city.EVENTS, city.DAYS)
    city.floods(w)
    w.hearsay(city.N_HEARSAY, city.DAYS)
    w.vague(city.N_VAGUE, city.DAYS)
    return w


def write(w: World, out: Path) -> None:
    city = w.city
    out.mkdir(parents=True, exist_ok=True)
    with (out / "places.csv").open("w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["name", "aliases", "lat", "lon", "zip", "kind"])
        for p in city.PLACES:
            if p.in_gazetteer:
                wr.writerow([p.name, "|".join(p.aliases), p.lat, p.lon, p.zip, p.kind])
    rows = sorted(w.rows, key=lambda r: r.at)
    with (out / "reports.csv").open("w", newline="") as fr, (out / "truth.csv").open("w", newline="") as ft:
        rep, tru = csv.writer(fr), csv.writer(ft)
        rep.writerow(["channel", "provider_id", "from", "to", "body", "received_at"])
        tru.writerow(["provider_id", "event_id", "kind", "day", "note"])
        for i, r in enumerate(rows):
            pid = f"SM{w.rng.getrandbits(96):024x}{i:08x}"
            local = r.at.astimezone(w.tz)
            rep.writerow([r.channel, pid, r.number, city.HOTLINE, r.body, local.isoformat(timespec="seconds")])
            tru.writerow([pid, r.event, r.kind, local.date().isoformat(), r.note])


HardCases = Callable[[World], None]
__all__ = ["Loc", "World", "build", "write", "field"]
