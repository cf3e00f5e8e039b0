"""The keys a report contributes to its incident: keyed hashes of its place,
crossings, addresses, streets, ZIP and H3 cell. Correlation looks incidents up
by them (``IncidentKey``); a split recomputes them for the reports it moves."""

from __future__ import annotations

from typing import Any

from amparo.crypto.keys import keyed_hash
from amparo.places.normalize import street_forms, variant_pairs


def hash_key(org_id: int, raw: str) -> str:
    return keyed_hash(org_id, "k:" + raw)[:40]


def raw_keys(place_id: int | None, info: dict | None, zip: str, h3_r8: str, precision: str) -> list[tuple[str, str]]:
    info = info or {}
    keys: list[tuple[str, str]] = []
    if place_id:
        keys.append(("place", f"p:{place_id}"))
    keys += [("cross", f"x:{k}") for k in info.get("intersections", ())]
    keys += [("addr", f"a:{k}") for k in info.get("addresses", ())]
    keys += variant_keys(info)
    on = on_streets(info)
    if not on and not place_id:
        on = [str(s) for s in info.get("streets", ())]  # a street named alone is on itself
    keys += [("on", f"o:{s}") for s in on]
    keys += [("street", f"s:{k}") for k in info.get("streets", ())]
    if zip:
        keys.append(("zip", f"z:{zip}"))
    if h3_r8 and precision == "place":
        keys.append(("h3", f"h:{h3_r8}"))
    return keys


def on_streets(info: dict) -> list[str]:
    """The streets a corner or an address is on ("31|kedzie": 31 and kedzie)."""
    out: dict[str, None] = {}
    for k in info.get("intersections", ()):
        out.update((s, None) for s in str(k).split("|") if s)
    for k in info.get("addresses", ()):
        street = str(k).rpartition(":")[0]
        if street:
            out[street] = None
    return list(out)


def variant_keys(info: dict) -> list[tuple[str, str]]:
    """Corners and addresses as they may be typed the next time: with one typo in a street's name
    ("kdezie"), or a word too many ("11th and shepherd bro"). Strong keys like the exact ones."""
    out: dict[tuple[str, str], None] = {}
    for k in info.get("intersections", ()):
        a, sep, b = str(k).partition("|")
        if sep:
            out.update((("cross", f"xv:{v}"), None) for v in sorted(variant_pairs(a, b)))
    for k in info.get("addresses", ()):
        street, sep, block = str(k).rpartition(":")
        if sep:
            exact, fuzzy = street_forms(street)
            out.update((("addr", f"av:{f}:{block}"), None) for f in sorted(exact | fuzzy))
    return list(out)


def hashed(org_id: int, keys: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(kind, hash_key(org_id, raw)) for kind, raw in keys]


def keys_for_report(report: Any) -> list[tuple[str, str]]:
    """The hashed keys a stored report contributes to its incident."""
    return hashed(report.organization_id, raw_keys(report.place_id, report.place_info, report.zip,
                                                    report.h3_r8, report.geo_precision))
