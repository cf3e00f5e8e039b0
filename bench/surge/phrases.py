"""How people text the hotline in a surge: English, Spanish, Spanglish, typos.

Everything is lowercase-tolerant and sloppy on purpose: the benchmark exists
to find where correlation fails on real-looking input.
"""

from __future__ import annotations

import random
import unicodedata

from gazetteer import STREETS, Loc

REPORT = {
    "en": [
        "ICE at {loc} right now", "there are ice agents at {loc}, like 4 trucks", "immigration raid at {loc}!!",
        "migra at {loc} detaining people", "unmarked vans at {loc}, agents in vests", "saw border patrol at {loc} taking workers",
        "is it true ice is at {loc}? my cousin just saw them", "{loc} - ice, 3 black suvs", "ice agents outside {loc} pls send someone",
        "they're grabbing people at {loc}", "ICE raid happening now {loc}", "federal agents at {loc} with rifles",
        "{loc} ICE!!! be careful", "pretty sure thats ice at {loc}, white vans no plates", "ice checkpoint near {loc}",
    ],
    "es": [
        "hay migra en {loc}", "la migra esta en {loc} agarrando gente", "agentes de inmigración en {loc} ahorita",
        "redada en {loc}, cuidado", "vi camionetas de ICE en {loc}", "estan deteniendo personas en {loc}",
        "{loc} hay migra!!", "acaban de llegar agentes a {loc}", "mi hermano dice que esta la migra en {loc}",
        "migra en {loc} por favor manden a alguien", "hay como 5 camionetas de la migra en {loc}",
        "se estan llevando a los trabajadores en {loc}", "cuidado en {loc} esta ICE",
    ],
    "spanglish": [
        "hay ICE en {loc} right now", "la migra at {loc} bro be careful", "ICE esta en {loc} con like 5 trucks",
        "ojo, ice at {loc}", "migra en {loc} ahorita, they're taking people", "{loc} la migra!! send someone pls",
    ],
}

# Follow-ups from the same number, about the same event, naming no place.
FOLLOWUP = {
    "en": ["they're still here", "still there", "now they left", "update: leaving now", "they took 3 ppl",
           "they're moving north", "2 more vans just pulled up", "ok they are gone", "still here, now with police too",
           "one of them is filming people"],
    "es": ["ya se fueron", "siguen aqui", "se llevaron a 2 personas", "todavia estan", "ya se estan yendo",
           "llegaron mas camionetas", "siguen ahi", "se fueron hacia el norte"],
    "spanglish": ["still here todavia", "ya se fueron, they left", "they took like 2 personas"],
}

VAGUE = [
    "dicen que hay migra en todos lados", "ICE everywhere today be careful", "dicen que mañana va a haber redadas",
    "is it true they're doing raids all over LA?", "cuidado hoy hay mucha migra", "my neighbor said ice is in the area",
    "hay rumores de migra por aqui", "heard ice is out today, stay home", "alguien sabe si es cierto lo de las redadas?",
    "they said raids at every home depot today", "no salgan hoy, hay retenes por todas partes", "is ice still out?",
    "me dijeron que anda la migra", "ICE is going to the schools tomorrow??", "vi un video de la migra en facebook es de hoy?",
    "dicen que andan en carros sin placas", "be careful out there, ice all over the valley", "hay migra en el este de LA dicen",
    "mi tia dice que hay redadas en los swap meets", "what do i do if ice knocks on my door", "que hago si llega la migra a mi casa",
    "is this number for reporting ice?", "dicen que hay checkpoint pero no se donde", "la migra anda por todo south central",
]

# One identical long text forwarded by many numbers (flood-1) and a chain
# letter with small variations (flood-3). Both name real places on purpose.
FLOOD_CHAIN = (
    "URGENTE COMPARTE!!! La migra va a hacer redadas en MacArthur Park, el Home Depot de la Sunset y en todas las "
    "escuelas de Los Angeles mañana. No manden a sus hijos a la escuela. ICE is raiding MacArthur Park and the "
    "Sunset Home Depot tomorrow, keep your kids home and forward this to everyone you know!!!"
)
FLOOD_VARIANT = (
    "ALERTA: ICE checkpoint on Whittier and Atlantic all day today, they are checking papers of everyone who passes. "
    "Avoid the area. Reenvia a tus contactos"
)


def street_form(key: str, lang: str, rng: random.Random) -> str:
    en, es = STREETS[key]
    if lang == "es" and rng.random() < 0.7:
        return rng.choice(es)
    return rng.choice(en)


def cross_ref(loc: Loc, lang: str, rng: random.Random) -> str:
    assert loc.cross
    a, b = loc.cross
    if rng.random() < 0.5:
        a, b = b, a
    sa, sb = street_form(a, lang, rng), street_form(b, lang, rng)
    if lang == "es":
        fmt = rng.choice(["{a} y {b}", "la esquina de {a} y {b}", "{a} y {b}", "{a} con {b}", "{a}/{b}"])
    else:
        fmt = rng.choice(["{a} and {b}", "{a} & {b}", "{a}/{b}", "the corner of {a} and {b}", "{a} n {b}", "{a} @ {b}"])
    return fmt.format(a=sa, b=sb)


def address_ref(loc: Loc, lang: str, rng: random.Random) -> str:
    assert loc.address
    num, direction, street = loc.address
    name = street_form(street, "en", rng)
    # Callers drop or spell out the direction and drop the number's suffix.
    name = name.removeprefix("N ").removeprefix("e ").removeprefix("s ").removeprefix("w ")
    d = rng.choice([direction, direction.lower(), {"N": "north", "S": "south", "E": "east", "W": "west"}.get(direction, ""), ""])
    return " ".join(x for x in (num, d, name) if x)


def place_ref(loc: Loc, lang: str, rng: random.Random, *, ambiguous_chain: bool = False) -> str:
    """How one caller refers to ``loc``; ``ambiguous_chain`` lets them say only "home depot"."""
    if ambiguous_chain and loc.chain and rng.random() < 0.5:
        return rng.choice([loc.chain, f"the {loc.chain}", f"el {loc.chain}"])
    modes = [("name", 30), ("said", 20), ("alias", 12)]
    if loc.cross:
        modes.append(("cross", 25))
    if loc.address:
        modes.append(("address", 10))
    modes += [("zip", 6), ("hood", 3)]
    if not loc.in_gazetteer:
        modes = [(m, w) for m, w in modes if m in ("cross", "address", "zip")] or [("zip", 1)]
    mode = rng.choices([m for m, _ in modes], [w for _, w in modes])[0]
    if mode == "name":
        return loc.name if rng.random() < 0.3 else loc.name.lower()
    if mode == "said" and loc.said:
        return rng.choice(loc.said)
    if mode == "alias" and loc.aliases:
        return rng.choice(loc.aliases)
    if mode == "cross":
        ref = cross_ref(loc, lang, rng)
        if loc.chain and rng.random() < 0.3:
            return f"el {loc.chain} de {ref}" if lang == "es" else f"{loc.chain} on {ref}"
        return ref
    if mode == "address":
        return address_ref(loc, lang, rng)
    if mode == "zip":
        forms = ["el {z}", "el area del {z}", "{z}"] if lang == "es" else ["the {z} area", "zip {z}", "{z}", "zip code {z}"]
        return rng.choice(forms).format(z=loc.zip)
    if mode == "hood" and loc.hood:
        return rng.choice(["{h}", "{h} area"]).format(h=loc.hood.lower())
    return loc.name.lower()


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def roughen(text: str, rng: random.Random) -> str:
    """Typos, case and accents as a hurried thumb types them."""
    words = text.split(" ")
    out = []
    for w in words:
        r = rng.random()
        if len(w) > 3 and r < 0.03:
            i = rng.randrange(len(w) - 1)
            w = w[:i] + w[i + 1] + w[i] + w[i + 2:]
        elif len(w) > 3 and r < 0.05:
            i = rng.randrange(len(w))
            w = w[:i] + w[i + 1:]
        elif len(w) > 2 and r < 0.07:
            i = rng.randrange(len(w))
            w = w[:i] + w[i] + w[i:]
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
