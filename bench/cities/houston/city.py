"""Houston, Texas (a tuning city): Gulfton, Sharpstown, the Airline corridor, Magnolia Park,
Spring Branch, the East End.

How people write here: long boulevards by name ("bellaire", "la hillcroft", "la gessner"),
few numbered streets (Heights: "43rd", "la 43", "11th st"), freeways by number ("la 59",
"el 610") that are no corner alone, flea markets as "la pulga", chains in every spelling
("fiesta", "fiesta mart", "el ahorro", "elahorro", "wal-mart").
"""

from world import Loc

TZ = "America/Chicago"
HOTLINE = "+17135550100"
AREA_CODES = ("713", "281", "832", "346")
LANG_WEIGHTS = (35, 45, 20)
DAYS = 3
EVENTS = 44
N_HEARSAY = 18
N_VAGUE = 35

STREETS = {
    "Bellaire": (("Bellaire Blvd", "bellaire", "bellaire blvd"), ("la bellaire", "el bellaire")),
    "Hillcroft": (("Hillcroft Ave", "hillcroft", "hillcroft st"), ("la hillcroft", "la hilcroft")),
    "Gessner": (("Gessner Rd", "gessner", "gessner dr"), ("la gessner",)),
    "LongPoint": (("Long Point Rd", "long point", "longpoint"), ("la long point", "la longpoint")),
    "Airline": (("Airline Dr", "airline", "airline dr"), ("la airline", "la airlain")),
    "Irvington": (("Irvington Blvd", "irvington"), ("la irvington",)),
    "Harrisburg": (("Harrisburg Blvd", "harrisburg"), ("la harrisburg",)),
    "Telephone": (("Telephone Rd", "telephone rd", "telephone"), ("la telephone",)),
    "Westheimer": (("Westheimer Rd", "westheimer", "westhiemer"), ("la westheimer",)),
    "Fondren": (("Fondren Rd", "fondren"), ("la fondren",)),
    "Beechnut": (("Beechnut St", "beechnut", "beech nut"), ("la beechnut",)),
    "43": (("43rd St", "43rd", "43 st", "w 43rd"), ("la 43", "la calle 43", "la cuarenta y tres")),
    "11": (("11th St", "11th", "11 st", "eleventh st"), ("la 11", "la calle once", "la once")),
    "75": (("75th St", "75th", "75 st"), ("la 75", "la calle 75", "la setenta y cinco")),
    "Wayside": (("Wayside Dr", "wayside"), ("la wayside",)),
    "Shepherd": (("Shepherd Dr", "shepherd"), ("la shepherd", "la shepard")),
    "Tidwell": (("Tidwell Rd", "tidwell"), ("la tidwell",)),
    "Wirt": (("Wirt Rd", "wirt"), ("la wirt",)),
    "Navigation": (("Navigation Blvd", "navigation"), ("la navigation",)),
    "Renwick": (("Renwick Dr", "renwick"), ("la renwick",)),
}
CROSS_EN = ["{a} and {b}", "{a} & {b}", "{a}/{b}", "corner of {a} and {b}", "{a} n {b}", "{a} @ {b}"]
CROSS_ES = ["{a} y {b}", "la esquina de {a} y {b}", "{a} y {b}", "{a} con {b}"]

FI = ("fiesta", "fiesta mart", "la fiesta", "fiestamart")
EA = ("el ahorro", "elahorro", "ahorro", "el ahorro supermarket")
WM = ("walmart", "wal mart", "wal-mart")
HD = ("home depot", "homedepot", "HD", "home depo")

PLACES = [
    Loc("fi_hillcroft", "Fiesta Mart Hillcroft", 29.7050, -95.4990, "77081", "store",
        aliases=("Fiesta Gulfton", "Fiesta Bellaire Hillcroft"),
        said=("la fiesta de la hillcroft", "fiesta on hillcroft", "fiestamart de gulfton", "the fiesta in gulfton"),
        cross=("Bellaire", "Hillcroft"), hood="Gulfton", chain=FI),
    Loc("fi_airline", "Fiesta Mart Airline", 29.8480, -95.3830, "77022", "store",
        aliases=("Fiesta Tidwell", "Fiesta Airline Tidwell"),
        said=("la fiesta de la airline", "fiesta on airline", "fiesta de la tidwell"),
        cross=("Airline", "Tidwell"), hood="Northside", chain=FI),
    Loc("ea_longpoint", "El Ahorro Long Point", 29.8150, -95.5060, "77055", "store",
        aliases=("El Ahorro Spring Branch",),
        said=("el ahorro de la long point", "elahorro de spring branch", "ahorro on long point"),
        cross=("LongPoint", "Wirt"), hood="Spring Branch", chain=EA),
    Loc("ea_telephone", "El Ahorro Telephone Rd", 29.6850, -95.3000, "77087", "store",
        aliases=("El Ahorro Southeast",), said=("el ahorro de la telephone", "ahorro on telephone rd", "elahorro de la telefono"),
        hood="Park Place", chain=EA),
    Loc("hd_gessner", "Home Depot Gessner", 29.6930, -95.5260, "77036", "store",
        aliases=("Home Depot Sharpstown", "7050 Gessner Rd"),
        said=("the home depot on gessner", "el home depot de la gessner", "homedepot de sharpstown", "HD on gessner"),
        cross=("Gessner", "Bellaire"), hood="Sharpstown", chain=HD),
    Loc("hd_wayside", "Home Depot Wayside", 29.7360, -95.3090, "77011", "store",
        aliases=("Home Depot East End", "Home Depot Harrisburg"),
        said=("the home depot on wayside", "el home depot de la wayside", "home depot east end", "homedepot de la harrisburg"),
        cross=("Wayside", "Harrisburg"), hood="East End", chain=HD),
    Loc("wm_fondren", "Walmart Fondren", 29.6940, -95.5240, "77074", "store",
        aliases=("Walmart Sharpstown", "Walmart Beechnut"), said=("walmart on fondren", "el walmart de la fondren", "walmart de la beechnut"),
        cross=("Fondren", "Beechnut"), hood="Sharpstown", chain=WM),
    Loc("wm_airline", "Walmart Airline", 29.8950, -95.3910, "77037", "store",
        aliases=("Walmart Aldine",), said=("walmart on airline", "el walmart de la airline", "the walmart in aldine"),
        hood="Aldine", chain=WM),
    Loc("pulga", "Airline Flea Market", 29.8590, -95.3840, "77076", "store",
        aliases=("La Pulga Airline", "Mercado Airline", "Airline Market"),
        said=("la pulga", "la pulga de la airline", "el mercado de la airline", "the flea market on airline"), hood="Northside"),
    Loc("pulga_long", "Pulga Long Point", 29.8165, -95.4950, "77055", "store",
        aliases=("Long Point Flea Market", "Mercado Long Point"),
        said=("la pulga de la long point", "flea market on long point", "el mercadito de la long point"), hood="Spring Branch"),
    Loc("lee_hs", "Wisdom High School", 29.7300, -95.4890, "77057", "school",
        aliases=("Lee High School", "Escuela Wisdom"), said=("wisdom hs", "la wisdom", "robert e lee high", "la escuela lee"),
        hood="Gulfton"),
    Loc("austin_hs", "Austin High School", 29.7210, -95.3370, "77023", "school",
        aliases=("Stephen F Austin High", "Escuela Austin"), said=("austin hs", "la austin", "austin high east end"), hood="East End"),
    Loc("guadalupe", "Our Lady of Guadalupe Church", 29.7440, -95.3430, "77003", "church",
        aliases=("Iglesia de Guadalupe", "Nuestra Señora de Guadalupe"),
        said=("la iglesia de guadalupe", "guadalupe church", "la guadalupe de la navigation"), hood="Second Ward"),
    Loc("magnolia", "Hidalgo Park", 29.7310, -95.2940, "77012", aliases=("Parque Hidalgo",),
        said=("hidalgo park", "el parque hidalgo", "the park in magnolia"), hood="Magnolia Park"),
    Loc("ice_office", "ICE Houston Field Office", 29.9350, -95.4000, "77060", "court",
        aliases=("ICE office Greens Rd", "126 Northpoint Dr", "Oficina de ICE Houston"),
        said=("the ice office on northpoint", "la oficina de inmigracion", "la oficina de la migra en la greens"), hood="Greenspoint"),
    Loc("mickeyleland", "Mickey Leland Federal Building", 29.7570, -95.3640, "77002", "court",
        aliases=("Federal Building Houston", "Edificio Federal", "1919 Smith St"),
        said=("the federal building downtown", "el edificio federal", "mickey leland"), hood="Downtown"),
    Loc("baker", "Baker Street Day Labor Corner", 29.8280, -95.4250, "77018", "workplace",
        aliases=("Jornaleros 43rd", "Day labor corner 43rd and Ella"),
        said=("donde se paran los jornaleros en la 43", "the day laborer corner on 43rd", "la esquina de los trabajadores"),
        hood="Oak Forest"),
    # Corners and addresses that are not in the gazetteer.
    Loc("c_bellaire_gessner_w", "Bellaire and Fondren", 29.7050, -95.5240, "77074", cross=("Bellaire", "Fondren"), in_gazetteer=False),
    Loc("c_irvington_tidwell", "Irvington and Tidwell", 29.8480, -95.3580, "77022", cross=("Irvington", "Tidwell"), in_gazetteer=False),
    Loc("c_75_harrisburg", "75th and Harrisburg", 29.7330, -95.2960, "77012", cross=("75", "Harrisburg"), in_gazetteer=False),
    Loc("c_43_shepherd", "43rd and Shepherd", 29.8290, -95.4100, "77018", cross=("43", "Shepherd"), in_gazetteer=False),
    Loc("c_11_shepherd", "11th and Shepherd", 29.7900, -95.4100, "77008", cross=("11", "Shepherd"), in_gazetteer=False),
    Loc("a_hillcroft", "6200 Hillcroft Ave", 29.7200, -95.4990, "77081", address=("6200", "", "Hillcroft"), in_gazetteer=False),
    Loc("a_navigation", "5300 Navigation Blvd", 29.7490, -95.3200, "77011", address=("5300", "", "Navigation"), in_gazetteer=False),
]

HEARSAY = {
    "en": ["they say ice is at {loc}", "is it true theres ice at {loc}??", "someone on fb said migra at {loc}, anyone confirm?",
           "heard theres a raid at {loc} is that real", "is ice at {loc} rn?"],
    "es": ["me dijeron que la migra esta en {loc}", "es verdad que hay migra en {loc}?", "dicen que estan en {loc}, alguien sabe?",
           "hay migra en {loc}?", "oi que andan en {loc}, sera cierto", "dicen que en {loc} hay redada, es cierto?"],
}
VAGUE = [
    "hay migra en houston ahorita?", "dicen que hay migra en todo el southwest", "is ice in houston today?",
    "ICE everywhere in gulfton be careful", "cuidado hoy hay mucha migra", "me dijeron que anda la migra por todos lados",
    "heard they're doing raids all over htown", "es cierto que hay redadas en pasadena?", "no salgan, dicen que hay migra",
    "what do i do if ice comes to my house", "que hago si tocan la puerta", "is this the number to report ice?",
    "dicen que mañana van a poner retenes en la 59", "alguien sabe si hay migra en la 45?", "is it safe to go to work today?",
    "my neighbor says ice is around, idk where", "la migra anda en trocas blancas dicen",
]
FLOOD_IDENTICAL = (
    "URGENTE!!! Mañana la migra va a estar en la pulga de la Airline y en todas las escuelas de Gulfton. "
    "No manden a sus hijos. Compartan con todos. ICE will be at Bellaire and Hillcroft tomorrow, share with everyone!!!"
)
FLOOD_VARIANT = "ALERTA: van a poner retenes en la Long Point y Gessner todo el dia, checando papeles. Compartan"
FLOOD_VARIANT_EN = "ALERT: ICE checkpoint on Long Point and Gessner all day, they check papers. share share share"


def hard_cases(w) -> None:  # type: ignore[no-untyped-def]
    b = w.by_key
    w.event(b["fi_hillcroft"], w.at(0, 8.0), n=10, ambiguous_chain=True)  # two Fiestas, same hour
    w.event(b["fi_airline"], w.at(0, 8.2), n=7, ambiguous_chain=True)
    w.event(b["hd_gessner"], w.at(1, 6.5), n=9, ambiguous_chain=True)  # two Home Depots, same hour
    w.event(b["hd_wayside"], w.at(1, 6.7), n=8, ambiguous_chain=True)
    w.event(b["hd_gessner"], w.at(2, 13.0), n=5)  # and the Walmart 200 m away the same day, later
    w.event(b["wm_fondren"], w.at(2, 13.1), n=5)
    w.event(b["pulga"], w.at(0, 12.0), n=13, duration=110)
    w.event(b["c_43_shepherd"], w.at(1, 14.0), n=6)
    w.event(b["baker"], w.at(2, 7.0), n=6)  # the labor corner, 1 km from 43rd & Shepherd, another day


def floods(w) -> None:  # type: ignore[no-untyped-def]
    w.flood_identical("flood-1", FLOOD_IDENTICAL, w.at(0, 20.0), w.rng.randint(20, 45), 70)
    w.flood_variants("flood-2", FLOOD_VARIANT, w.at(1, 8.0), 22, 50)
    w.flood_variants("flood-3", FLOOD_VARIANT_EN, w.at(1, 8.2), 14, 50)
    w.flood_pest("flood-4", w.at(2, 17.0), 24, 12, ["ICE ICE ICE la pulga", "migra migra migra", "ICE at hidalgo park!!!"])
