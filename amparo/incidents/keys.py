"""The keys a report contributes to its incident: keyed hashes of its place,
crossings, addresses, streets, ZIP and H3 cell. Correlation looks incidents up
by them (``IncidentKey``); a split recomputes them for the reports it moves."""

from __future__ import annotations

from typing import Any

from amparo.crypto.keys import keyed_hash


def hash_key(org_id: int, raw: str) -> str:
    return keyed_hash(org_id, "k:" + raw)[:40]


def raw_keys(place_id: int | None, info: dict | None, zip: str, h3_r8: str, precision: str) -> list[tuple[str, str]]:
    info = info or {}
    keys: list[tuple[str, str]] = []
    if place_id:
        keys.append(("place", f"p:{place_id}"))
    keys += [("cross", f"x:{k}") for k in info.get("intersections", ())]
    keys += [("addr", f"a:{k}") for k in info.get("addresses", ())]
    keys += [("street", f"s:{k}") for k in info.get("streets", ())]
    if zip:
        keys.append(("zip", f"z:{zip}"))
    if h3_r8 and precision == "place":
        keys.append(("h3", f"h:{h3_r8}"))
    return keys


def hashed(org_id: int, keys: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(kind, hash_key(org_id, raw)) for kind, raw in keys]


def keys_for_report(report: Any) -> list[tuple[str, str]]:
    """The hashed keys a stored report contributes to its incident."""
    return hashed(report.organization_id, raw_keys(report.place_id, report.place_info, report.zip,
                                                    report.h3_r8, report.geo_precision))
