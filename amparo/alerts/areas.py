"""What a subscription may name: a ZIP of the network's states, a language it offers.

A ZIP is checked in three steps, each answered with what is accepted: five
ASCII digits (the keyword registry's number takes up to ten, and "٩٠٠٣٣" is
no ZIP), a real US ZIP (``places.zips``, the one door to the `zipcodes`
package), and a state the network serves. The network's states are those of
the ZIPs its zones list and its gazetteer's places carry (decision: the
hotline number says nothing reliable about a state: numbers are ported, and a
network may rent one from anywhere); a network with neither accepts any real
ZIP.

A zone is named as its name is written, folded like a keyword (case, accents,
spaces and marks off: "boyle-heights" is "Boyle Heights"), or by the start of
one name only ("ZONA boyle"). Zones have no code: their names are unique in
the network and what its flyers print.
"""

from __future__ import annotations

import re
from enum import StrEnum

from django.conf import settings
from django.utils.translation import get_language_info

from amparo.intake.keywords import fold
from amparo.orgs.models import Organization, Zone
from amparo.places.models import Place
from amparo.places.zips import zip_rows, zip_shape

MAX_ZIPS = 5  # ALERTAS with a new ZIP adds one, up to this many; ZIP replaces them all
MAX_ZONES = 5  # the same for zones: ALERTAS with a zone adds it, ZONA replaces them
MIN_PREFIX = 3  # the start of a zone's name that may stand for it, when it starts no other

# "ZIP 90022", "ALERTAS #02134": the digits as written (the registry's number drops leading zeros).
_DIGITS = re.compile(r"^[A-Za-z]+\s*#?\s*([0-9]+)$", re.ASCII)


class ZipProblem(StrEnum):
    SHAPE = "shape"  # not five ASCII digits
    UNKNOWN = "unknown"  # no such US ZIP
    OUTSIDE = "outside"  # a real ZIP in a state the network does not serve


def digits_of(folded: str) -> str:
    """The number written after the keyword, as written ("02134"); "" when there is none."""
    m = _DIGITS.match(folded)
    return m.group(1) if m else ""


def network_states(org: Organization) -> set[str]:
    """The states of the ZIPs of the organization's zones and gazetteer."""
    zips: set[str] = set()
    for zone_zips in Zone.objects.filter(organization=org).values_list("zips", flat=True):
        zips.update(z for z in (zone_zips or []) if isinstance(z, str))
    zips.update(Place.objects.filter(organization=org).exclude(zip="").values_list("zip", flat=True).distinct())
    return {row["state"] for z in zips if zip_shape(z) for row in zip_rows(z)[:1] if row.get("state")}


def zip_problem(org: Organization, zip_code: str) -> ZipProblem | None:
    """Why ``zip_code`` cannot be subscribed to, or None when it can."""
    if not zip_shape(zip_code):
        return ZipProblem.SHAPE
    rows = zip_rows(zip_code)
    if not rows:
        return ZipProblem.UNKNOWN
    states = network_states(org)
    if states and rows[0].get("state") not in states:
        return ZipProblem.OUTSIDE
    return None


def zone_key(name: str) -> str:
    """What a zone's name is compared by: folded, letters and digits only."""
    return re.sub(r"[^A-Z0-9]", "", fold(name), flags=re.ASCII)


def zone_named(org_id: int, name: str) -> Zone | None:
    """The network's zone ``name`` names (its whole name, or the start of one name only), or None."""
    key = zone_key(name)
    if not key:
        return None
    zones = list(Zone.objects.filter(organization_id=org_id).order_by("name"))
    exact = [z for z in zones if zone_key(z.name) == key]
    if exact:
        return exact[0]
    starts = [z for z in zones if zone_key(z.name).startswith(key)] if len(key) >= MIN_PREFIX else []
    return starts[0] if len(starts) == 1 else None


def zone_names(org_id: int) -> list[str]:
    return list(Zone.objects.filter(organization_id=org_id).order_by("name").values_list("name", flat=True))


def language_word(code: str) -> str:
    """The one word a subscriber texts to choose ``code``: its own name when that is one
    Latin word (ENGLISH, ESPANOL, TAGALOG), else the last word of its English name
    (KOREAN, CHINESE, VIETNAMESE, ARMENIAN): the registry's words are letters A-Z."""
    info = get_language_info(code)
    local = fold(info["name_local"])
    if re.fullmatch(r"[A-Z]+", local, re.ASCII):
        return local
    return fold(info["name"]).split()[-1]


def language_words() -> dict[str, str]:
    """Every shipped catalog's word -> its language code."""
    return {language_word(code): code for code, _name in settings.LANGUAGES}


def offered_words(org: Organization) -> list[str]:
    """The words of the languages the organization offers, in its order."""
    return [language_word(code) for code in org.language_codes()]
