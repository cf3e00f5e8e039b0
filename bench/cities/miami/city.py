"""Miami, Florida (a second holdout, written for issue 11 after the tuning, scored once).

Written from how people in Miami-Dade text, not from the place code: mostly Spanish (Cuban,
Venezuelan, Central American) and Spanglish. Streets carry quadrants ("SW 8th St", "NW 36th St")
and numbered avenues run beside numbered streets ("SW 27th Ave" and "SW 27th St" are different
streets kilometres apart). Calle Ocho is SW 8th Street and also "la ocho" and the Tamiami Trail;
avenues are "la 27 avenida", "la 107", "la ciento siete". Hialeah has its own numbers ("la 49",
"W 49th St"). Chains: Sedano's ("sedanos", "sedano"), Home Depot ("HD", "homedepot"), Walmart.
Landmarks by what they are: "el versailles", "el parque del dominó", "la torre de la libertad",
"el krome" (the detention center) next to Krome Avenue in Homestead, which is a street. No
network settings (no grid, no short names): a new network on its first day.
"""

from world import Loc

TZ = "America/New_York"
HOTLINE = "+13055550100"
AREA_CODES = ("305", "786", "954")
LANG_WEIGHTS = (25, 55, 20)
DAYS = 3
EVENTS = 44
N_HEARSAY = 18
N_VAGUE = 35

STREETS = {
    "8": (("SW 8th St", "8th st", "calle ocho", "Calle Ocho", "tamiami trail", "sw 8 st"),
          ("la ocho", "la calle ocho", "calle 8", "la 8")),
    "27Ave": (("SW 27th Ave", "27th ave", "27 ave", "27th avenue"), ("la 27 avenida", "la 27", "la veintisiete avenida", "la 27 ave")),
    "107Ave": (("SW 107th Ave", "107th ave", "107 ave"), ("la 107", "la ciento siete", "la 107 avenida")),
    "36": (("NW 36th St", "36th st", "36 st", "nw 36 st"), ("la 36", "la calle 36", "la treinta y seis")),
    "7Ave": (("NW 7th Ave", "7th ave", "nw 7 ave", "7 avenue"), ("la septima avenida", "la 7 avenida", "la siete avenida")),
    "49": (("W 49th St", "49th st", "49 st", "w 49 st"), ("la 49", "la cuarenta y nueve", "la calle 49")),
    "Palm": (("Palm Ave", "palm ave", "palm"), ("la palm", "la palm avenue")),
    "Flagler": (("W Flagler St", "flagler", "flagler st"), ("la flagler", "la flager")),
    "Krome": (("Krome Ave", "krome ave", "krome avenue"), ("la krome avenue", "la avenida krome")),
    "Biscayne": (("Biscayne Blvd", "biscayne", "biscayne blvd"), ("el biscayne", "la biscayne")),
    "15Ave": (("SW 15th Ave", "15th ave", "15 ave"), ("la 15 avenida", "la quince avenida")),
    "12": (("NW 12th St", "12th st", "12 st"), ("la 12", "la calle doce")),
}
CROSS_EN = ["{a} and {b}", "{a} & {b}", "{a}/{b}", "corner of {a} and {b}", "{a} n {b}", "{a} by {b}", "{a} @ {b}"]
CROSS_ES = ["{a} y {b}", "la esquina de {a} y {b}", "{a} con {b}", "{a} y {b} esquina", "en {a} casi llegando a {b}"]

SED = ("sedanos", "sedano's", "sedano", "Sedanos", "el sedanos")
HD = ("home depot", "homedepot", "HD", "home depo")
WM = ("walmart", "wal mart", "wal-mart")

PLACES = [
    Loc("versailles", "Versailles Restaurant", 25.7654, -80.2531, "33135", "other",
        aliases=("Versailles", "Restaurante Versailles", "3555 SW 8th St"),
        said=("el versailles", "versalles", "the versailles on calle ocho", "el versailles de la ocho", "la ventanita del versailles"),
        address=("3555", "", "8"), hood="Little Havana"),
    Loc("domino", "Domino Park", 25.7656, -80.2196, "33135",
        aliases=("Maximo Gomez Park", "Parque del Domino", "Calle Ocho and 15th Ave"),
        said=("el parque del domino", "el parque del dominó", "domino park", "el parque de los viejitos", "maximo gomez"),
        cross=("8", "15Ave"), hood="Little Havana"),
    Loc("freedom", "Freedom Tower", 25.7797, -80.1899, "33132", "other",
        aliases=("Torre de la Libertad", "600 Biscayne Blvd"), said=("la torre de la libertad", "freedom tower downtown", "la torre"),
        address=("600", "", "Biscayne"), hood="Downtown"),
    Loc("krome", "Krome Service Processing Center", 25.7546, -80.4866, "33194", "court",
        aliases=("Krome Detention Center", "18201 SW 12th St"),
        said=("krome", "el krome", "the krome center", "la carcel de krome", "el centro de detencion de krome"), hood="Kendall"),
    Loc("court", "Miami Immigration Court", 25.7706, -80.1939, "33130", "court",
        aliases=("Corte de Inmigracion", "333 S Miami Ave"),
        said=("la corte de inmigracion", "immigration court downtown", "la corte de miami ave", "the courthouse downtown"),
        hood="Brickell"),
    Loc("dolphin", "Dolphin Mall", 25.7880, -80.3806, "33172", "store",
        aliases=("Dolphin Mall Doral",), said=("el dolphin", "dolphin mall", "el mall dolphin", "the dolphin"), hood="Doral"),
    Loc("bosco", "San Juan Bosco Church", 25.7731, -80.2168, "33135", "church",
        aliases=("Iglesia San Juan Bosco", "1301 W Flagler St"),
        said=("san juan bosco", "la iglesia de la flagler", "la iglesia san juan bosco"), address=("1301", "W", "Flagler"),
        hood="Little Havana"),
    Loc("miamihigh", "Miami Senior High School", 25.7702, -80.2371, "33135", "school",
        aliases=("Miami High", "Escuela Miami High"), said=("miami high", "la miami high", "miami senior high"),
        hood="Little Havana"),
    Loc("market", "Florida City Farmers Market", 25.4535, -80.4795, "33034", "store",
        aliases=("State Farmers Market", "Mercado de Florida City", "300 N Krome Ave"),
        said=("el mercado de florida city", "the farmers market in florida city", "el market de la krome", "el mercado"),
        address=("300", "N", "Krome"), hood="Florida City"),
    Loc("sed_flagler", "Sedano's Flagler", 25.7722, -80.2530, "33135", "store",
        aliases=("Sedanos W Flagler", "3495 W Flagler St"),
        said=("el sedanos de la flagler", "sedanos on flagler", "sedano's de flagler"), address=("3495", "W", "Flagler"),
        hood="Little Havana", chain=SED),
    Loc("sed_hialeah", "Sedano's Hialeah 49th St", 25.8632, -80.3075, "33012", "store",
        aliases=("Sedanos Hialeah", "Sedanos 49 Street"),
        said=("el sedanos de la 49", "sedanos in hialeah", "sedano's on 49th"), cross=("49", "Palm"), hood="Hialeah", chain=SED),
    Loc("sed_homestead", "Sedano's Homestead", 25.4687, -80.4776, "33030", "store",
        aliases=("Sedanos Krome Ave",), said=("el sedanos de homestead", "sedanos on krome ave", "sedanos de la krome avenue"),
        hood="Homestead", chain=SED),
    Loc("hd_flagler", "Home Depot West Flagler", 25.7705, -80.3269, "33144", "store",
        aliases=("Home Depot Flagler", "7795 W Flagler St"),
        said=("el home depot de la flagler", "home depot on flagler", "the hd on flagler"), address=("7795", "W", "Flagler"),
        hood="Flagami", chain=HD),
    Loc("hd_hialeah", "Home Depot Hialeah", 25.8626, -80.3211, "33012", "store",
        aliases=("Home Depot 49th St Hialeah",),
        said=("el home depot de hialeah", "home depot in hialeah", "el homedepot de la 49"), hood="Hialeah", chain=HD),
    Loc("wm_tamiami", "Walmart Tamiami Trail", 25.7606, -80.3670, "33174", "store",
        aliases=("Walmart 8th St", "Walmart Calle Ocho"), said=("el walmart de la ocho", "walmart on 8th st", "the walmart by 107"),
        cross=("8", "107Ave"), hood="Sweetwater", chain=WM),
    Loc("wm_hialeah", "Walmart Hialeah Gardens", 25.8700, -80.3400, "33018", "store",
        aliases=("Walmart West Hialeah",), said=("el walmart de hialeah gardens", "walmart in hialeah gardens"),
        hood="Hialeah Gardens", chain=WM),
    Loc("presidente", "Presidente Supermarket Allapattah", 25.7790, -80.2380, "33125", "store",
        aliases=("Presidente NW 7th St", "NW 7th St and 27th Ave"),
        said=("el presidente de allapattah", "el presidente de la 7 calle"), hood="Allapattah"),
    Loc("corpus", "Corpus Christi Church", 25.8060, -80.2085, "33127", "church",
        aliases=("Iglesia Corpus Christi", "NW 7th Ave and 32nd St"),
        said=("corpus christi", "la iglesia corpus christi", "la iglesia de la septima avenida"), hood="Allapattah"),
    Loc("tamiamipark", "Tamiami Park", 25.7564, -80.3800, "33165", aliases=("Parque Tamiami",),
        said=("tamiami park", "el parque tamiami", "el parque de la feria"), hood="Westchester"),
    # Corners and addresses that are not in the gazetteer.
    Loc("c_8_27", "SW 8th St and 27th Ave", 25.7650, -80.2390, "33135", cross=("8", "27Ave"),
        address=("2700", "", "8"), in_gazetteer=False),
    Loc("c_7ave_36", "NW 7th Ave and 36th St", 25.8100, -80.2085, "33127", cross=("7Ave", "36"), in_gazetteer=False),
    Loc("c_49_palm", "W 49th St and Palm Ave", 25.8640, -80.2950, "33012", cross=("49", "Palm"), in_gazetteer=False),
    Loc("c_107_8", "SW 107th Ave and 8th St", 25.7620, -80.3680, "33174", cross=("107Ave", "8"), in_gazetteer=False),
    Loc("a_36", "1500 NW 36th St", 25.8105, -80.2190, "33142", address=("1500", "", "36"), in_gazetteer=False),
]

REPORT = {
    "es": ["oye, la migra esta en {loc}", "asere hay migra en {loc} ahora mismo", "pa que sepan, ICE en {loc}",
           "tremendo operativo de ICE en {loc}", "estan recogiendo gente en {loc}, cuidado", "ICE parqueado en {loc}"],
    "en": ["heads up ICE at {loc}", "ice is at {loc} rn", "they got people at {loc}, ICE trucks everywhere"],
    "spanglish": ["oye ice en {loc} ahora mismo", "la migra at {loc}, be careful mi gente"],
}
HEARSAY = {
    "en": ["they say ice is at {loc}", "is it true theres ice at {loc}??", "someone posted on facebook ICE at {loc}, anyone confirm?",
           "heard theres a raid at {loc} is that real", "is ice at {loc}?"],
    "es": ["me dijeron que la migra esta en {loc}", "es verdad que hay migra en {loc}?", "dicen que estan en {loc}, alguien sabe?",
           "hay migra en {loc}?", "pusieron en el grupo que hay ICE en {loc}, sera verdad?", "mi tia dice que en {loc} hay redada, es cierto?"],
}
VAGUE = [
    "hay migra en miami ahorita?", "dicen que hay migra por toda hialeah", "is ice in miami today?",
    "ICE everywhere in little havana be careful", "cuidado hoy hay mucha migra", "me dijeron que anda la migra por todos lados",
    "heard they're doing raids all over dade", "es cierto que hay redadas en doral?", "no salgan, dicen que hay migra",
    "what do i do if ice comes to my house", "que hago si tocan la puerta", "is this the number to report ice?",
    "dicen que mañana van a poner retenes en la palmetto", "alguien sabe si hay migra en kendall?", "is it safe to go to work today?",
    "my neighbor says ice is around, idk where", "la migra anda en carros sin placa dicen",
]
FLOOD_IDENTICAL = (
    "URGENTE!!! Mañana ICE va a estar en el Versailles y en todas las escuelas de la Pequeña Habana. "
    "No manden a los niños. Compartan!! ICE will be at Calle Ocho and 27th Ave tomorrow, share with everyone!!!"
)
FLOOD_VARIANT = "ALERTA: van a poner un reten en la 107 y la ocho toda la tarde pidiendo papeles. Pasalo"
FLOOD_VARIANT_EN = "ALERT: checkpoint at 107th Ave and 8th St all afternoon checking papers, pass it on"


def hard_cases(w) -> None:  # type: ignore[no-untyped-def]
    b = w.by_key
    w.event(b["sed_flagler"], w.at(0, 9.0), n=9, ambiguous_chain=True)  # two Sedano's, same hour
    w.event(b["sed_hialeah"], w.at(0, 9.3), n=7, ambiguous_chain=True)
    w.event(b["hd_flagler"], w.at(1, 7.0), n=8, ambiguous_chain=True)  # two Home Depots, same hour
    w.event(b["hd_hialeah"], w.at(1, 7.2), n=7, ambiguous_chain=True)
    w.event(b["versailles"], w.at(0, 13.0), n=12, duration=100)  # and the park on the same street, 3 km away
    w.event(b["domino"], w.at(0, 13.2), n=8)
    w.event(b["krome"], w.at(1, 11.0), n=7)  # the detention center and Krome Avenue's stores, same time
    w.event(b["sed_homestead"], w.at(1, 11.1), n=6)
    w.event(b["krome"], w.at(2, 10.0), n=6)  # the same place on another day
    w.event(b["c_8_27"], w.at(2, 15.0), n=8)  # corner forms and house numbers of one corner
    w.event(b["c_7ave_36"], w.at(1, 16.0), n=6)  # 7th Ave, while the gazetteer also has 7th St
    w.event(b["presidente"], w.at(1, 16.1), n=6)


def floods(w) -> None:  # type: ignore[no-untyped-def]
    w.flood_identical("flood-1", FLOOD_IDENTICAL, w.at(0, 20.0), w.rng.randint(20, 45), 70)
    w.flood_variants("flood-2", FLOOD_VARIANT, w.at(1, 8.0), 22, 50)
    w.flood_variants("flood-3", FLOOD_VARIANT_EN, w.at(1, 8.2), 14, 50)
    w.flood_pest("flood-4", w.at(2, 17.0), 24, 12, ["ICE ICE ICE el versailles", "migra migra migra", "ICE at domino park!!!"])
