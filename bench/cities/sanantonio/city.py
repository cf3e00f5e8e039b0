"""San Antonio, Texas (a holdout city, third pass): the West Side, the South Side, downtown's
Market Square and immigration court, the Loop 410 ring.

Written from how people there text, before any change of this pass and without reading the
place code: Tejano Spanglish ("ojo raza", "ahorita", "y'all"), H-E-B in every spelling
("heb", "H-E-B", "h e b", "la heb"), streets named alone and with "la" ("la zarza", "la
military", "la culebra"), the highway ring by number ("410", "la 410", "el loop"), "off of"
for a corner ("heb off nogalitos", "zarzamora off military"), the West Side's numbered streets
("36th", "la 36", "la treinta y seis"), the flea market as "la pulga", Market Square as "el
mercado" and by the restaurant in it ("mi tierra"), two lakes that are both "el lago".
Coordinates are approximate (within a block or two); ZIPs are real.
"""

from world import Loc

TZ = "America/Chicago"
HOTLINE = "+12105550100"
AREA_CODES = ("210", "726")
LANG_WEIGHTS = (33, 35, 32)
DAYS = 3
EVENTS = 44
N_HEARSAY = 18
N_VAGUE = 35


def numbered(n: int, en_word: str, es_word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return ((f"NW {n}{suffix} St", f"{n}{suffix}", f"{n}{suffix} st", f"nw {n}{suffix}", f"{n} st", f"{en_word} st"),
            (f"la {n}", f"calle {n}", f"la {es_word}"))


STREETS = {
    "Commerce": (("W Commerce St", "commerce", "commerce st", "w commerce"), ("la commerce", "calle commerce")),
    "SantaRosa": (("Santa Rosa St", "santa rosa"), ("la santa rosa",)),
    "Zarzamora": (("Zarzamora St", "zarzamora", "zarza", "s zarzamora", "zarzamora st"), ("la zarzamora", "la zarza")),
    "Culebra": (("Culebra Rd", "culebra", "culebra rd"), ("la culebra",)),
    "Military": (("SW Military Dr", "military", "military dr", "sw military"), ("la military", "la militar")),
    "Nogalitos": (("Nogalitos St", "nogalitos"), ("la nogalitos",)),
    "Marbach": (("Marbach Rd", "marbach"), ("la marbach",)),
    "Loop410": (("Loop 410", "410", "loop 410", "the 410"), ("la 410", "el 410", "el loop")),
    "Bandera": (("Bandera Rd", "bandera", "bandera rd"), ("la bandera",)),
    "36": numbered(36, "thirty sixth", "treinta y seis"),
    "McMullen": (("General McMullen Dr", "general mcmullen", "mcmullen", "gen mcmullen"),
                 ("la general mcmullen", "la mcmullen")),
    "Guadalupe": (("Guadalupe St", "guadalupe st", "guadalupe"), ("la guadalupe", "calle guadalupe")),
    "Pleasanton": (("Pleasanton Rd", "pleasanton", "pleasanton rd"), ("la pleasanton",)),
    "Southcross": (("Southcross Blvd", "southcross"), ("la southcross",)),
    "Callaghan": (("Callaghan Rd", "callaghan"), ("la callaghan",)),
    "Castroville": (("Castroville Rd", "castroville"), ("la castroville",)),
    "Fredericksburg": (("Fredericksburg Rd", "fredericksburg", "fburg rd"), ("la fredericksburg",)),
}
CROSS_EN = ["{a} and {b}", "{a} & {b}", "{a} off {b}", "{a} off of {b}", "{a} by {b}", "corner of {a} and {b}",
            "{a}/{b}", "{a} at {b}"]
CROSS_ES = ["{a} y {b}", "la esquina de {a} y {b}", "{a} con {b}", "{a} y {b} esquina", "por {a} y {b}"]

HEB = ("heb", "HEB", "H-E-B", "h-e-b", "h e b")
WM = ("walmart", "wal-mart", "wallmart", "wal mart")
HD = ("home depot", "homedepot", "HD", "home depo")

PLACES = [
    Loc("mercado", "Market Square", 29.4246, -98.4990, "78207",
        aliases=("El Mercado", "Historic Market Square", "514 W Commerce St"),
        said=("el mercado", "the mercado downtown", "market square downtown", "el mercado del centro", "mi tierra",
              "by mi tierra", "el mercado en la commerce"),
        cross=("Commerce", "SantaRosa"), hood="Downtown"),
    Loc("sanfernando", "San Fernando Cathedral", 29.4243, -98.4937, "78205", "church",
        aliases=("Catedral de San Fernando", "Main Plaza"),
        said=("la catedral", "san fernando", "the cathedral downtown", "main plaza downtown", "la catedral del centro"),
        hood="Downtown"),
    Loc("court", "San Antonio Immigration Court", 29.4229, -98.4983, "78207", "court",
        aliases=("Immigration Court", "Corte de Inmigracion", "800 Dolorosa St"),
        said=("la corte de inmigracion", "immigration court on dolorosa", "the court downtown", "la corte en la dolorosa",
              "la corte"), hood="Downtown"),
    Loc("consulado", "Consulate General of Mexico", 29.4258, -98.4920, "78205",
        aliases=("Mexican Consulate", "Consulado de Mexico", "Consulado Mexicano", "127 Navarro St"),
        said=("el consulado", "the consulate downtown", "el consulado mexicano en el centro", "consulado en la navarro"),
        hood="Downtown"),
    Loc("icefo", "ICE San Antonio Field Office", 29.5195, -98.4475, "78217", "court",
        aliases=("ICE Field Office", "1777 NE Loop 410"),
        said=("la oficina de ICE en la 410", "the ice office on 410", "ice office by the airport", "la oficina de la migra"),
        hood="Northeast"),
    Loc("heb_nogalitos", "H-E-B Nogalitos", 29.4040, -98.5143, "78204", "store",
        aliases=("HEB Nogalitos", "1601 Nogalitos St"),
        said=("the heb on nogalitos", "la heb de la nogalitos", "heb off nogalitos", "el heb de nogalitos"),
        address=("1601", "", "Nogalitos"), hood="South Side", chain=HEB),
    Loc("heb_military", "H-E-B SW Military", 29.3572, -98.5238, "78211", "store",
        aliases=("HEB Zarzamora and Military",),
        said=("the heb on military", "la heb de la military", "heb off zarzamora and military", "la heb de la zarza"),
        cross=("Military", "Zarzamora"), hood="South Side", chain=HEB),
    Loc("heb_marbach", "H-E-B Marbach", 29.4195, -98.6365, "78227", "store",
        aliases=("HEB Marbach and 410",),
        said=("the heb on marbach", "la heb de la marbach", "heb by marbach"),
        cross=("Marbach", "Loop410"), hood="Far West Side", chain=HEB),
    Loc("wm_military", "Walmart SE Military", 29.3577, -98.4810, "78214", "store",
        aliases=("Walmart Supercenter SE Military Dr",),
        said=("the walmart on military", "el walmart de la military", "walmart on se military", "the walmart by brooks"),
        hood="South Side", chain=WM),
    Loc("wm_culebra", "Walmart Culebra", 29.4550, -98.6150, "78238", "store",
        aliases=("Walmart Culebra and 410",),
        said=("walmart on culebra", "el walmart de la culebra", "the walmart off culebra and 410"),
        cross=("Culebra", "Loop410"), hood="Northwest Side", chain=WM),
    Loc("hd_military", "Home Depot SW Military", 29.3590, -98.5420, "78224", "store",
        aliases=("Home Depot Military Dr",),
        said=("home depot on military", "el home depot de la military", "the home depot on sw military"),
        hood="South Side", chain=HD),
    Loc("hd_bandera", "Home Depot Bandera", 29.4950, -98.5880, "78238", "store",
        aliases=("Home Depot Bandera and 410",),
        said=("home depot on bandera", "el home depot de la bandera", "the home depot off bandera and 410"),
        cross=("Bandera", "Loop410"), hood="Northwest Side", chain=HD),
    Loc("pulga", "Traders Village", 29.3555, -98.6135, "78242", "store",
        aliases=("Traders Village Flea Market", "9333 SW Loop 410"),
        said=("la pulga de la 410", "traders village", "the flea market on 410", "la pulga traders"),
        hood="Southwest Side"),
    Loc("lanier", "Lanier High School", 29.4213, -98.5153, "78207", "school",
        aliases=("Sidney Lanier High School", "Escuela Lanier"),
        said=("lanier", "la lanier", "lanier hs", "lanier high on durango"), hood="West Side"),
    Loc("kennedy", "John F Kennedy High School", 29.4050, -98.5595, "78226", "school",
        aliases=("Kennedy High School", "JFK High School"),
        said=("kennedy hs", "la kennedy", "jfk high", "la escuela kennedy"), hood="Edgewood"),
    Loc("guadalupe", "Our Lady of Guadalupe Church", 29.4180, -98.5130, "78207", "church",
        aliases=("Iglesia de Guadalupe", "Nuestra Señora de Guadalupe", "1321 El Paso St"),
        said=("la iglesia de guadalupe", "guadalupe church on el paso st", "la guadalupe del westside"), hood="West Side"),
    Loc("woodlawn", "Woodlawn Lake Park", 29.4460, -98.5410, "78201",
        aliases=("Woodlawn Lake", "Parque Woodlawn"),
        said=("woodlawn lake", "el lago woodlawn", "the lake on woodlawn", "woodlawn park"), hood="Jefferson"),
    Loc("elmendorf", "Elmendorf Lake Park", 29.4290, -98.5485, "78207",
        aliases=("Elmendorf Lake",),
        said=("elmendorf lake", "el lago elmendorf", "the lake by our lady of the lake", "elmendorf park"),
        hood="West Side"),
    Loc("laspalmas", "Las Palmas Shopping Center", 29.4170, -98.5615, "78237", "store",
        aliases=("Las Palmas", "803 Castroville Rd"),
        said=("el las palmas", "las palmas mall", "the las palmas on castroville", "la plaza las palmas"),
        address=("803", "", "Castroville"), hood="West Side"),
    Loc("wonderland", "Wonderland of the Americas", 29.4885, -98.5528, "78201", "store",
        aliases=("Wonderland Mall", "Crossroads Mall"),
        said=("wonderland", "el wonderland", "the mall on fredericksburg", "crossroads"), hood="Balcones Heights"),
    Loc("basilica", "Basilica of the Little Flower", 29.4580, -98.5250, "78201", "church",
        aliases=("Little Flower Basilica", "Basilica de la Florecita"),
        said=("the little flower", "la basilica", "little flower church", "la florecita"), hood="Alta Vista"),
    # Corners and addresses that are not in the gazetteer.
    Loc("c_zarza_commerce", "Zarzamora and Commerce", 29.4240, -98.5330, "78207", cross=("Zarzamora", "Commerce"),
        address=("2900", "W", "Commerce"), in_gazetteer=False),
    Loc("c_culebra_36", "Culebra and NW 36th", 29.4480, -98.5535, "78228", cross=("Culebra", "36"), in_gazetteer=False),
    Loc("c_mcmullen_guadalupe", "General McMullen and Guadalupe", 29.4175, -98.5560, "78237",
        cross=("McMullen", "Guadalupe"), in_gazetteer=False),
    Loc("c_pleasanton_military", "Pleasanton and Military", 29.3570, -98.4975, "78221",
        cross=("Pleasanton", "Military"), in_gazetteer=False),
    Loc("c_bandera_callaghan", "Bandera and Callaghan", 29.4680, -98.5795, "78228",
        cross=("Bandera", "Callaghan"), in_gazetteer=False),
    Loc("a_southcross", "1100 W Southcross Blvd", 29.3830, -98.5140, "78211", address=("1100", "W", "Southcross"),
        in_gazetteer=False),
    Loc("a_fredericksburg", "2800 Fredericksburg Rd", 29.4690, -98.5310, "78201",
        address=("2800", "", "Fredericksburg"), in_gazetteer=False),
]

# How people here add to the generic voices.
REPORT = {
    "en": ["ice at {loc} y'all be careful", "heads up, ICE at {loc}", "immigration is at {loc} rn, stay home"],
    "es": ["andan los de la migra en {loc}", "ojo, esta la migra en {loc}", "la migra anda en {loc} levantando gente"],
    "spanglish": ["ojo raza, la migra en {loc}", "la migra is at {loc} ahorita mismo", "ICE en {loc} ahorita, y'all be careful"],
}

HEARSAY = {
    "en": ["they said ice is at {loc}, anybody know?", "is it true theres ICE at {loc}??", "saw on facebook ice at {loc} is that real",
           "my tia said migra at {loc}, can someone check", "is ice at {loc} rn?"],
    "es": ["dicen que la migra anda en {loc}", "es cierto que esta la migra en {loc}?", "me dijo mi prima que hay migra en {loc}, sera?",
           "hay migra en {loc}?", "oi que estan en {loc}, alguien sabe", "en el face dicen que hay redada en {loc}, es verdad?"],
}
VAGUE = [
    "hay migra en san antonio ahorita?", "dicen que anda la migra por todo el westside", "is ice in san antonio today?",
    "ICE all over the southside be careful y'all", "cuidado raza hoy anda mucha migra", "me dijeron que andan por todos lados",
    "heard theyre doing raids all over sa", "es cierto que hay redadas en el southside?", "no salgan dicen que anda la migra",
    "what do i do if ice knocks on my door", "que hago si llegan a mi casa", "is this the number for ice sightings?",
    "dicen que mañana van a estar en todas las escuelas", "alguien sabe si hay migra en el westside?", "is it safe to go to work today?",
    "my neighbor says ice is around idk where", "andan en trocas blancas sin placas dicen",
]
FLOOD_IDENTICAL = (
    "AVISO!!! Mañana la migra va a estar en todas las HEB del westside y en el mercado. No salgan. "
    "Pasenlo a todos. ICE will be at every HEB on the west side and Market Square tomorrow, share!!!"
)
FLOOD_VARIANT = "ALERTA: reten en la zarzamora y military toda la tarde, estan pidiendo papeles. Pasalo"
FLOOD_VARIANT_EN = "HEADS UP checkpoint at zarzamora and military all afternoon asking for papers, pass it on"


def hard_cases(w) -> None:  # type: ignore[no-untyped-def]
    b = w.by_key
    w.event(b["heb_nogalitos"], w.at(0, 7.0), n=10, ambiguous_chain=True)  # two H-E-Bs, same hour
    w.event(b["heb_military"], w.at(0, 7.3), n=8, ambiguous_chain=True)
    w.event(b["wm_military"], w.at(1, 10.0), n=7, ambiguous_chain=True)  # two Walmarts, same hour
    w.event(b["wm_culebra"], w.at(1, 10.2), n=6, ambiguous_chain=True)
    w.event(b["mercado"], w.at(0, 12.0), n=14, duration=110)  # Market Square and the cathedral, 500 m, same time
    w.event(b["sanfernando"], w.at(0, 12.4), n=6)
    w.event(b["c_zarza_commerce"], w.at(1, 15.0), n=9)
    w.event(b["c_culebra_36"], w.at(2, 8.0), n=7)
    w.event(b["woodlawn"], w.at(1, 17.0), n=5)  # two lake parks, same evening
    w.event(b["elmendorf"], w.at(1, 17.3), n=5)
    w.event(b["court"], w.at(0, 9.0), n=6)  # the same court on two days
    w.event(b["court"], w.at(2, 9.0), n=5)


def floods(w) -> None:  # type: ignore[no-untyped-def]
    w.flood_identical("flood-1", FLOOD_IDENTICAL, w.at(0, 20.0), w.rng.randint(20, 45), 70)
    w.flood_variants("flood-2", FLOOD_VARIANT, w.at(1, 8.0), 22, 50)
    w.flood_variants("flood-3", FLOOD_VARIANT_EN, w.at(1, 8.2), 14, 50)
    w.flood_pest("flood-4", w.at(2, 17.0), 24, 12, ["ICE ICE ICE el mercado", "migra migra migra", "ICE at woodlawn lake!!!"])
