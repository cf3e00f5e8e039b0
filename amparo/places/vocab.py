"""Word lists for place extraction, English and Spanish, all normalized
(lowercase, no accents). Kept apart from the parser so they can grow."""

from __future__ import annotations

import re
from pathlib import Path

LANG_DIR = Path(__file__).resolve().parent / "lang"


def _lang_sections() -> dict[str, list[list[str]]]:
    """Every language file's sections (lang/<code>.txt): a new language is a new file."""
    out: dict[str, list[list[str]]] = {}
    for path in sorted(LANG_DIR.glob("*.txt")):
        section = ""
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1]
                continue
            out.setdefault(section, []).append(line.lower().split())
    return out


_LANG = _lang_sections()

def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# Street types that follow the name ("Whittier Blvd").
SUFFIXES = _words(
    "st str street ave av avenue avenida avd avda blvd boulevard bl bld bulevar rd road dr drive "
    "way pl place ln lane ct hwy highway pkwy parkway fwy freeway ter terrace cir circle"
)
# Street types that lead the name ("calle Soto", "Avenida Cesar Chavez").
PREFIX_TYPES = _words("calle avenida av ave avenue avda blvd boulevard bulevar")
ARTICLES = _words("la el the")
DIRECTIONALS = _words("n s e w ne nw se sw north south east west norte sur este oeste")

# Between two street phrases. Weak connectors need an ordinal or street type on one side,
# since "at" and "con" join far more non-streets than streets.
CONNECTORS = _words("and y & / +")
WEAK_CONNECTORS = _words("at @ con by")
# Street-name words that are stopwords elsewhere ("Van Nuys", "Los Angeles St"), read as part of a
# name only after a house number or a connector, where a street is expected.
NAME_PARTICLES = _words("van los las") | frozenset(
    w for line in _LANG.get("name_particle", []) for w in line)
# Words before a phrase that say a place follows; with "la" on a side they mark a corner.
LOCATIVE_PREPS = _words("on en sobre along off a at @ in near cerca por to hacia outside afuera")
# Words before the first street that say an intersection follows.
MARKERS = _words("corner esquina esq intersection interseccion cruce cross crossing crossroads")
# "between 3rd and 4th" names a block, not the corner of 3rd and 4th.
BETWEEN = _words("between btwn entre")
# Prepositions that introduce a street mentioned alone ("on Whittier").
STREET_PREPS = _words("on en sobre along off")
# Context skipped when looking for a marker or preposition before a street.
CONTEXT_SKIP = _words("of de del the la el")
# An ordinal word followed by these is not a street ("la primera vez", "first time").
ORDINAL_KILLERS = _words(
    "time times vez veces grade grado floor piso day dia dias week semana month mes year ano "
    "person persona one uno thing cosa lugar place class clase period periodo round ronda"
)

_EN_STOP = """
a an the and or but if of to in on at by for from with without near into onto over under between
behind across around outside inside front back next past toward towards up down off out about
after before i me my mine myself we us our you your yours he him his she her hers it its they them
their theirs this that these those there here where what who whom whose when why how which is are
was were be been being am do does did doing have has had having will would can could should may
might must shall not no yes yeah ok okay just now right very so too also all some any many much
more most lot lots few several one two three four five six seven eight nine ten again still please
pls plz help hurry urgent asap im dont cant wont didnt isnt arent theres thats whats its ive
ice migra cbp hsi ero dhs fbi lapd lasd sheriff sheriffs police cops cop officers officer agents
agent federal feds fed border patrol immigration van vans truck trucks car cars suv suvs vehicle
vehicles unmarked raid raids operation checkpoint checkpoints arrest arrested arresting arrests
detain detained detaining detention taking took take taken grabbed grabbing grab people person
persons man men woman women guy guys kid kids children child family families son daughter mom
dad mother father brother sister husband wife friend friends neighbor neighbors worker workers
parked stopped stopping standing waiting walking driving going coming leaving left arrived seen
saw see seeing looking watching happening today tonight morning afternoon evening night minutes
minute ago hour hours pm time times area block house home school store church court work job
parking lot know think call calling called text say said tell told get got go went come came
make want need like every other another same big small white black gray grey silver blue red
dark green there's omg lol vs etc u ur x rice beans food lunch dinner breakfast streets corner
report reporting reported confirmed alert warning careful watch out stay inside rights
"""
_ES_STOP = """
a al ante bajo con contra de del desde en entre hacia hasta para por segun sin sobre tras el la
los las un una unos unas lo le les y o u e pero que quien quienes donde cuando como porque pues si
no ya yo tu usted ustedes ella ellas ellos nosotros nosotras me te se nos mi mis su sus tus
nuestro nuestra este esta estos estas ese esa esos esas aquel aquella aqui aca alli ahi alla
ahora ahorita hoy manana noche tarde dia ayer es son era eran fue fueron estan estaba estaban
estamos esten hay habia hubo tiene tienen tengo ser estar muy mucho mucha muchos muchas todo
todos toda todas otro otra otros otras mas menos tambien solo favor porfavor ayuda ayudenme
auxilio urgente rapido cuidado migra agentes agente policia policias patrulla patrullas
camioneta camionetas carro carros troca trocas redada redadas operativo reten retenes arresto
arrestos arrestando arrestaron detenido detenida detenidos detenidas deteniendo llevando
llevaron llevan agarrando agarraron gente persona personas hombre hombres mujer mujeres senor
senora senores nino nina ninos ninas hijo hija hijos hijas mama papa esposo esposa hermano
hermana amigo amiga amigos vecino vecina vecinos trabajador trabajadores estacionado
estacionada estacionados estacionadas parados parado parada paradas esperando vi vimos viendo
ver mirando pasando paso pasa casa escuela tienda iglesia corte trabajo frente afuera adentro
cerca lado atras enfrente cuadra esquina calles minutos minuto hora horas vez veces federales
soldados militares dice dicen digan llamen vengan ojo alerta aviso hay unos dos tres cuatro
cinco seis siete ocho nueve diez muchisimos varios varias algunos algunas uniformados
armados llegaron llego estuvieron andan anda esten sea hace hacen hicieron mismo misma
comida arroz frijoles confirmado confirmada reporte derechos quedense inmigracion blanca blancas
blanco blancos negra negras negro negros gris grises rojo roja azul
"""
STOPWORDS = _words(_EN_STOP) | _words(_ES_STOP)

_EN_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_EN_TEENS = ("tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
             "eighteenth nineteenth").split()
_EN_TENS = {"twenty": ("twentieth", 20), "thirty": ("thirtieth", 30), "forty": ("fortieth", 40),
            "fifty": ("fiftieth", 50), "sixty": ("sixtieth", 60), "seventy": ("seventieth", 70),
            "eighty": ("eightieth", 80), "ninety": ("ninetieth", 90)}
_ES_UNITS = ["primer", "segund", "tercer", "cuart", "quint", "sext", "septim", "octav", "noven"]

ORDINAL_WORDS: dict[str, int] = {}
# Two-word ordinals ("twenty first", "decimo tercera"), merged into one token before parsing.
COMPOUND_ORDINALS: dict[tuple[str, str], int] = {}

for _i, _w in enumerate(_EN_UNITS, 1):
    ORDINAL_WORDS[_w] = _i
for _i, _w in enumerate(_EN_TEENS, 10):
    ORDINAL_WORDS[_w] = _i
for _tens, (_word, _n) in _EN_TENS.items():
    ORDINAL_WORDS[_word] = _n
    for _i, _w in enumerate(_EN_UNITS, 1):
        COMPOUND_ORDINALS[(_tens, _w)] = _n + _i
        ORDINAL_WORDS[_tens + _w] = _n + _i
for _i, _stem in enumerate(_ES_UNITS, 1):
    for _end in ("a", "o"):
        ORDINAL_WORDS[_stem + _end] = _i
        ORDINAL_WORDS["decim" + _end + _stem + _end] = 10 + _i
        COMPOUND_ORDINALS[("decim" + _end, _stem + _end)] = 10 + _i
ORDINAL_WORDS.update({"primer": 1, "tercer": 3, "setima": 7, "setimo": 7, "decima": 10, "decimo": 10,
                      "undecima": 11, "undecimo": 11, "duodecima": 12, "duodecimo": 12,
                      "vigesima": 20, "vigesimo": 20, "decimoctava": 18, "decimoctavo": 18})
for _i, _w in enumerate("once doce trece catorce quince dieciseis diecisiete dieciocho diecinueve veinte".split(), 11):
    ORDINAL_WORDS[_w + "ava"] = _i
    ORDINAL_WORDS[_w + "avo"] = _i

for _w, _v in (line for line in _LANG.get("ordinal", []) if len(line) == 2 and line[1].isdigit()):
    ORDINAL_WORDS.setdefault(_w, int(_v))

# Numbers written as words ("veintiseis", "cuarenta y siete", "one hundred fifty"), from the
# language files: a numbered street written out is the same street as its digits.
CARDINAL_WORDS: dict[str, int] = {
    line[0]: int(line[1]) for line in _LANG.get("cardinal", []) if len(line) == 2 and line[1].isdigit()}
NUMBER_JOINERS = frozenset(line[0] for line in _LANG.get("joiner", []) if len(line) == 1)
# Words after which one number word names a street ("la veintiseis", "calle siete").
NUMBER_STREET_BEFORE = frozenset(line[0] for line in _LANG.get("street_before", []) if len(line) == 1)

# Words that stand for a digit in a brand's name ("food for less" is "Food 4 Less").
NAME_DIGIT_WORDS: dict[str, str] = {
    line[0]: line[1] for line in _LANG.get("name_digit", []) if len(line) == 2 and line[1].isdigit()}
# Short forms of place names ("hd" for "home depot"), used only where the gazetteer has that name.
DEFAULT_ABBREVIATIONS: dict[str, str] = {line[0]: " ".join(line[1:]) for line in _LANG.get("abbreviation", []) if len(line) >= 2}

# Kinds of street and how each is written ("av" and "avenida" are "ave"), from the language files.
# What every report is about, never a word of the place it names ("is ice in houston" is not "ICE Houston").
SUBJECT_WORDS = _words("""
ice migra cbp hsi ero dhs fbi immigration inmigracion border patrol federal feds agents agentes raid redada
""")
# Words a number counts or measures ("a 500 metros", "300 people"): no street after a house number.
UNITS = frozenset(w for line in _LANG.get("unit", []) for w in line)
STREET_TYPES: dict[str, str] = {w: line[0] for line in _LANG.get("street_type", []) if len(line) >= 2 for w in line[1:]}

# "5th", "5ta", "1st", "3er", "1ra"; misspellings such as "2th" and "5st" too.
ORDINAL_NUM_RE = re.compile(r"^([0-9]{1,3})(st|nd|rd|th|ht|er|era|ero|ra|ro|da|do|ta|to|va|vo|na|no|ma|mo|a|o)$")

# Words of place names that say what kind of place it is, or where in general, never which one:
# they never identify a place alone ("la escuela", "the swap meet", "east LA").
PLACE_KIND_WORDS = _words("""
school schools high middle elementary junior senior academy college university universidad
colegio prepa preparatoria secundaria primaria escuela campus church iglesia chapel capilla
cathedral catedral parish parroquia temple templo mission mision lady queen angels angel
senora nuestra virgen saint st san santa sta park parque lake lago garden jardin stadium
estadio square plaza plazita market markets mercado mercadito mart store tienda shop shops
shopping mall swap meet flea outlet supermarket supermarkets super supermercado station
estacion terminal stop parada bus metro depot center centre centro building edificio
federal court courthouse corte hall city ciudad county condado district distrito alley
callejon factory fabrica warehouse bodega car wash carwash lavado lot parking estacionamiento
apartments apartamentos motel hotel laundry lavanderia clinic clinica hospital library
biblioteca office oficina community comunidad recreation
""")
# Areas and directions: never which place, alone or together ("Los Angeles, California").
AREA_WORDS = _words("""
north south east west norte sur este oeste northeast northwest southeast southwest noreste noroeste
sureste suroeste side sides lado the el la los las de del of and y angeles california
mexico usa america heights hills valley downtown centro city ciudad county condado
""")
# Common words of names: never a place alone, but with another word of its name ("grand central").
WEAK_NAME_WORDS = _words("grand gran central main new old nuevo nueva flower flowers flores union")
GENERIC_PLACE_WORDS = PLACE_KIND_WORDS | AREA_WORDS | WEAK_NAME_WORDS

# Abbreviations in place names, expanded the same way on both sides of a match.
NAME_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "hs": ("high", "school"), "elem": ("elementary",), "elementry": ("elementary",), "jr": ("junior",),
    "saint": ("st",), "sto": ("santo",), "mkt": ("market",), "ctr": ("center",),
    "centre": ("center",), "pk": ("park",), "sch": ("school",), "univ": ("university",),
    "prepa": ("preparatoria",), "apts": ("apartments",), "stn": ("station",), "courthouse": ("court",), "hosp": ("hospital",),
}

# Number words (not ordinals): "at twenty and main" is no corner.
NUMBER_WORDS = _words("""
zero eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty
fifty sixty seventy eighty ninety hundred thousand dozen cero once doce trece catorce quince
dieciseis diecisiete dieciocho diecinueve veinte treinta cuarenta cincuenta sesenta setenta ochenta
noventa cien ciento cientos mil docena
""")
# Common words of 4 letters or more, English and Spanish, that are no stopword but no street either:
# a lowercase word beside a known street must not be one of these to make a corner with it
# ("at alvarado and running", "en la soto y corriendo").
COMMON_WORDS = _words("""
running walking driving hiding talking asking knocking shooting filming recording yelling screaming
crying calling texting stop stopping pulled pulling moving move moved leave leaving went gone still
shopping working eating waiting sitting selling buying picking dropping asking checking looking
everyone everybody someone somebody anyone anything something nothing everything nobody things
they then than them were their there thing stuff fast slow quick quickly carefully really maybe
again later soon sure true false real fake news rumor rumors video photo photos pictures picture
phone phones number numbers message messages group chat share shared sharing forward forwarded
right left straight across around behind inside outside front corner corners block blocks
street road avenue near close away north south east west store stores shop shops market school
church park parks station work home house houses apartment apartments building buildings
vests vest rifles rifle guns badges masks masked uniforms helmets plates plate trucks vans
detaining detained taking grabbing questioning asking papers documents license cards
more less many much some plenty several bunch loads lots tons other others another each both
also just only even still already always never ever soon today tomorrow yesterday tonight
corriendo caminando manejando escondidos escondiendo hablando preguntando tocando grabando
gritando llorando llamando mandando moviendo saliendo entrando comprando vendiendo trabajando
esperando buscando checando revisando pidiendo tomando sacando subiendo bajando
todos todas nadie alguien algo nada cosas cosa gente familia familias trabajadores compas
rapido despacio pronto luego despues antes siempre nunca tambien todavia siguen sigue
chalecos chaleco rifles armas placas mascaras uniformes papeles documentos licencia tarjetas
otros otras mucha muchos varios bastantes cuantos cuantas pocos pocas
video fotos foto telefono numero mensaje grupo noticia noticias rumor verdad mentira
tienda tiendas parque escuela iglesia calle avenida esquina cuadra casas casa edificio
""")
