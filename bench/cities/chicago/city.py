"""Chicago, Illinois (a tuning city): Little Village, Pilsen, Brighton Park, Back of the Yards,
Belmont Cragin, the Broadview processing center.

How people write here: numbered streets south of Madison in every form ("26th", "26th st",
"26 st", "la 26", "calle 26", "la veintiséis", "the 26"), the named avenues alone ("pulaski",
"la kedzie", "western"), house numbers off the grid ("2600 S Pulaski": 26th Street is at
2600 south), the Little Village arch as "el arco" / "the arch", chains in every spelling
("homedepot", "HD", "food4less", "food 4 less", "wal-mart").
"""

from world import Loc

TZ = "America/Chicago"
HOTLINE = "+13125550100"
AREA_CODES = ("312", "773", "872", "708")
LANG_WEIGHTS = (40, 42, 18)
DAYS = 3
EVENTS = 44
N_HEARSAY = 18
N_VAGUE = 35


def numbered(n: int, en_word: str, es_word: str, *extra_es: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return ((f"{n}{suffix} St", f"{n}{suffix}", f"{n}{suffix} st", f"{n} st", f"{en_word} street", f"w {n}{suffix} st"),
            (f"la {n}", f"calle {n}", f"la calle {n}", f"la {es_word}", *extra_es))


STREETS = {
    "18": numbered(18, "eighteenth", "dieciocho", "la 18 street"),
    "26": numbered(26, "twenty sixth", "veintiseis", "la veintiséis", "la 26 st"),
    "31": numbered(31, "thirty first", "treinta y uno"),
    "47": numbered(47, "forty seventh", "cuarenta y siete"),
    "51": numbered(51, "fifty first", "cincuenta y uno"),
    "63": numbered(63, "sixty third", "sesenta y tres"),
    "Pulaski": (("Pulaski Rd", "pulaski", "pulaski rd", "s pulaski"), ("la pulaski",)),
    "Kedzie": (("Kedzie Ave", "kedzie", "kedzie ave"), ("la kedzie",)),
    "Western": (("Western Ave", "western", "western ave"), ("la western",)),
    "Ashland": (("Ashland Ave", "ashland", "ashland av"), ("la ashland",)),
    "Cicero": (("Cicero Ave", "cicero ave"), ("la cicero",)),
    "Cermak": (("Cermak Rd", "cermak", "cermak rd"), ("la cermak",)),
    "BlueIsland": (("Blue Island Ave", "blue island", "blue island ave"), ("la blue island",)),
    "Damen": (("Damen Ave", "damen"), ("la damen",)),
    "California": (("California Ave", "california ave"), ("la california",)),
    "Archer": (("Archer Ave", "archer", "archer ave"), ("la archer",)),
    "Halsted": (("Halsted St", "halsted"), ("la halsted",)),
    "Central": (("Central Ave", "central ave"), ("la central",)),
    "Fullerton": (("Fullerton Ave", "fullerton"), ("la fullerton",)),
    "Belmont": (("Belmont Ave", "belmont ave"), ("la belmont",)),
    "North": (("North Ave", "north ave"), ("la north",)),
    "Albany": (("Albany Ave", "albany"), ("la albany",)),
}
CROSS_EN = ["{a} and {b}", "{a} & {b}", "{a}/{b}", "corner of {a} and {b}", "{a} n {b}", "{a} @ {b}", "{a} by {b}"]
CROSS_ES = ["{a} y {b}", "la esquina de {a} y {b}", "{a} y {b}", "{a} con {b}", "{a} y {b} esquina"]

HD = ("home depot", "homedepot", "home-depot", "HD", "home depo")
WM = ("walmart", "wal mart", "wal-mart", "walmar")
F4L = ("food 4 less", "food4less", "food for less", "food-4-less", "f4l")
CF = ("cermak fresh market", "cermak fresh", "el cermak", "cermak produce")

PLACES = [
    Loc("arch", "Little Village Arch", 41.8445, -87.7020, "60623",
        aliases=("Bienvenidos a Little Village", "El Arco", "The Arch", "Arco de La Villita", "26th and Albany"),
        said=("the arch", "el arco", "the arch on 26th", "el arco de la 26", "by the arch", "the little village arch",
              "el arco de la villita"), cross=("26", "Albany"), hood="Little Village"),
    Loc("discountmall", "Little Village Discount Mall", 41.8445, -87.7060, "60623", "store",
        aliases=("Discount Mall", "3115 W 26th St", "La Plaza de la 26"),
        said=("the discount mall", "el discount mall", "la plaza de la villita", "el mall de la 26"),
        address=("3115", "W", "26"), hood="Little Village"),
    Loc("farragut", "Farragut Career Academy", 41.8480, -87.7095, "60623", "school",
        aliases=("Farragut High School", "Escuela Farragut"), said=("farragut hs", "la farragut", "farragut high"),
        hood="Little Village"),
    Loc("juarez", "Benito Juarez Community Academy", 41.8525, -87.6620, "60608", "school",
        aliases=("Juarez High School", "Escuela Benito Juarez"), said=("juarez hs", "la juarez", "benito juarez high school"),
        cross=("Cermak", "Ashland"), hood="Pilsen"),
    Loc("harrison", "Harrison Park", 41.8570, -87.6745, "60608", aliases=("Parque Harrison",),
        said=("harrison park", "el parque harrison", "the park on 18th and wood"), hood="Pilsen"),
    Loc("stagnes", "St Agnes of Bohemia Church", 41.8440, -87.7155, "60623", "church",
        aliases=("Santa Ines de Bohemia", "Iglesia Santa Ines"), said=("st agnes", "la iglesia santa ines", "santa ines"),
        hood="Little Village"),
    Loc("hd_western", "Home Depot Brighton Park", 41.8085, -87.6845, "60609", "store",
        aliases=("Home Depot 47th St", "4555 S Western Ave"),
        said=("the home depot on 47th", "el home depot de la 47", "home depot de brighton park", "homedepot de la western"),
        cross=("47", "Western"), address=("4555", "S", "Western"), hood="Brighton Park", chain=HD),
    Loc("hd_elston", "Home Depot Elston", 41.9270, -87.6830, "60647", "store",
        aliases=("Home Depot Logan Square", "2570 N Elston Ave"),
        said=("the home depot on elston", "el home depot de la elston", "home depot logan square"),
        address=("2570", "N", "Elston"), hood="Logan Square", chain=HD),
    Loc("wm_north", "Walmart North Ave", 41.9095, -87.7420, "60639", "store",
        aliases=("Walmart Belmont Cragin", "4650 W North Ave"),
        said=("walmart on north ave", "el walmart de la north", "the walmart by cicero and north"),
        cross=("North", "Cicero"), hood="Belmont Cragin", chain=WM),
    Loc("wm_ashland", "Walmart Chatham Ashland", 41.7560, -87.6640, "60620", "store",
        aliases=("Walmart 76th Ashland",), said=("walmart on ashland", "el walmart de la ashland", "the walmart on 76th"),
        hood="Auburn Gresham", chain=WM),
    Loc("f4l_pulaski", "Food 4 Less Pulaski", 41.8140, -87.7240, "60632", "store",
        aliases=("Food 4 Less Archer Heights", "4343 S Pulaski Rd"),
        said=("food 4 less on pulaski", "el food4less de la pulaski", "food for less de la pulaski"),
        address=("4343", "S", "Pulaski"), hood="Archer Heights", chain=F4L),
    Loc("f4l_ashland", "Food 4 Less Ashland 63rd", 41.7795, -87.6640, "60636", "store",
        aliases=("Food 4 Less West Englewood",), said=("food 4 less on 63rd", "el food4less de la 63", "food 4 less de la ashland"),
        cross=("63", "Ashland"), hood="West Englewood", chain=F4L),
    Loc("cf_cermak", "Cermak Fresh Market Cermak Rd", 41.8520, -87.6945, "60608", "store",
        aliases=("Cermak Fresh Market California",), said=("cermak fresh on cermak and california", "el cermak de la california"),
        cross=("Cermak", "California"), hood="Pilsen", chain=CF),
    Loc("cf_archer", "Cermak Fresh Market Archer", 41.8160, -87.7045, "60632", "store",
        aliases=("Cermak Fresh Market Brighton Park",), said=("cermak fresh on archer", "el cermak de la archer"),
        cross=("Archer", "Kedzie"), hood="Brighton Park", chain=CF),
    Loc("swaporama", "Swap-O-Rama Back of the Yards", 41.8175, -87.6660, "60609", "store",
        aliases=("Swap O Rama", "Swap Meet Ashland", "4100 S Ashland Ave"),
        said=("el swap", "the swap o rama", "el swapo", "el swap meet de la ashland"), address=("4100", "S", "Ashland"),
        hood="Back of the Yards"),
    Loc("broadview", "Broadview Processing Center", 41.8560, -87.8610, "60155", "court",
        aliases=("ICE Broadview", "Broadview ICE facility", "1930 Beach St Broadview"),
        said=("broadview", "el centro de broadview", "the broadview facility", "la oficina de la migra en broadview"),
        hood="Broadview"),
    Loc("dirksen", "Dirksen Federal Building", 41.8790, -87.6300, "60604", "court",
        aliases=("Federal Building", "Edificio Federal", "219 S Dearborn St"),
        said=("the federal building downtown", "el edificio federal", "dirksen", "the courthouse on dearborn"), hood="Loop"),
    Loc("marquette", "Marquette Park", 41.7705, -87.6990, "60629", aliases=("Parque Marquette",),
        said=("marquette park", "el parque marquette", "the park on 67th and kedzie"), hood="Chicago Lawn"),
    Loc("brightonpark", "Brighton Park Neighborhood Council", 41.8190, -87.7010, "60632",
        aliases=("BPNC",), said=("the bpnc office", "brighton park council"), hood="Brighton Park"),
    # Corners and addresses that are not in the gazetteer.
    Loc("c_26_pulaski", "26th and Pulaski", 41.8445, -87.7245, "60623", cross=("26", "Pulaski"),
        address=("2600", "S", "Pulaski"), in_gazetteer=False),
    Loc("c_47_ashland", "47th and Ashland", 41.8085, -87.6640, "60609", cross=("47", "Ashland"),
        address=("4700", "S", "Ashland"), in_gazetteer=False),
    Loc("c_18_blueisland", "18th and Blue Island", 41.8575, -87.6610, "60608", cross=("18", "BlueIsland"),
        address=("1800", "S", "BlueIsland"), in_gazetteer=False),
    Loc("c_31_kedzie", "31st and Kedzie", 41.8375, -87.7050, "60623", cross=("31", "Kedzie"), in_gazetteer=False),
    Loc("c_51_western", "51st and Western", 41.8010, -87.6845, "60609", cross=("51", "Western"),
        address=("5100", "S", "Western"), in_gazetteer=False),
    Loc("a_belmont", "5600 W Belmont Ave", 41.9385, -87.7680, "60634", address=("5600", "W", "Belmont"), in_gazetteer=False),
]
STREETS["Elston"] = (("Elston Ave", "elston"), ("la elston",))

HEARSAY = {
    "en": ["they say ice is at {loc}", "is it true theres ice at {loc}??", "somebody in the group chat said migra at {loc}, anyone confirm?",
           "heard theres a raid at {loc} is that real", "is ice at {loc}?"],
    "es": ["me dijeron que la migra esta en {loc}", "es verdad que hay migra en {loc}?", "dicen que estan en {loc}, alguien sabe?",
           "hay migra en {loc}?", "oi que andan en {loc}, sera cierto", "mi comadre dice que en {loc} hay redada, es cierto?"],
}
VAGUE = [
    "hay migra en chicago ahorita?", "dicen que hay migra en toda la villita", "is ice in chicago today?",
    "ICE everywhere on the southwest side be careful", "cuidado hoy hay mucha migra", "me dijeron que anda la migra por todos lados",
    "heard they're doing raids all over the city", "es cierto que hay redadas en cicero?", "no salgan, dicen que hay migra",
    "what do i do if ice comes to my house", "que hago si tocan la puerta", "is this the number to report ice?",
    "dicen que mañana van a poner retenes", "alguien sabe si hay migra en pilsen?", "is it safe to go to work today?",
    "my neighbor says ice is around, idk where", "la migra anda en carros sin placas dicen",
]
FLOOD_IDENTICAL = (
    "URGENTE!!! Mañana la migra va a estar en el arco de la 26 y en todas las escuelas de La Villita. "
    "No manden a sus hijos. Compartan con todos. ICE will be at 26th and Pulaski tomorrow, share with everyone!!!"
)
FLOOD_VARIANT = "ALERTA: van a poner un reten en la 47 y kedzie toda la tarde checando papeles. Compartan"
FLOOD_VARIANT_EN = "ALERT: checkpoint at 47th and Kedzie all afternoon checking papers, pass it on"


def hard_cases(w) -> None:  # type: ignore[no-untyped-def]
    b = w.by_key
    w.event(b["hd_western"], w.at(0, 7.0), n=10, ambiguous_chain=True)  # two Home Depots, same hour
    w.event(b["hd_elston"], w.at(0, 7.3), n=8, ambiguous_chain=True)
    w.event(b["f4l_pulaski"], w.at(1, 10.0), n=7, ambiguous_chain=True)  # two Food 4 Less, same hour
    w.event(b["f4l_ashland"], w.at(1, 10.2), n=6, ambiguous_chain=True)
    w.event(b["arch"], w.at(0, 12.0), n=14, duration=110)
    w.event(b["c_26_pulaski"], w.at(1, 15.0), n=9)  # house numbers and corner forms of one corner
    w.event(b["c_47_ashland"], w.at(2, 8.0), n=7)
    w.event(b["c_18_blueisland"], w.at(2, 13.0), n=6)
    w.event(b["broadview"], w.at(0, 9.0), n=6)
    w.event(b["broadview"], w.at(2, 9.0), n=5)


def floods(w) -> None:  # type: ignore[no-untyped-def]
    w.flood_identical("flood-1", FLOOD_IDENTICAL, w.at(0, 20.0), w.rng.randint(20, 45), 70)
    w.flood_variants("flood-2", FLOOD_VARIANT, w.at(1, 8.0), 22, 50)
    w.flood_variants("flood-3", FLOOD_VARIANT_EN, w.at(1, 8.2), 14, 50)
    w.flood_pest("flood-4", w.at(2, 17.0), 24, 12, ["ICE ICE ICE the arch", "migra migra migra", "ICE at harrison park!!!"])
