"""Phoenix, Arizona: the HOLDOUT city. Written before any place-code change, from how
people in Maryvale, South Phoenix and along the west-side avenues text, not from the
extractor's rules. Do not tune on it; score it once, at the end.

How people write here: the grid has numbered Avenues west of Central and numbered
Streets east of it ("35th Ave", "la 35 avenida", "la treinta y cinco", "16th st",
"la calle 16", "la 16 calle"), mile roads by name ("indian school", "la mcdowell",
"thomas rd"), Food City and Ranch Market as "el food city", "foodcity", "el ranch",
"los altos ranch market", house numbers off the grid ("5050 w mcdowell").
"""

from world import Loc

TZ = "America/Phoenix"
HOTLINE = "+16025550100"
AREA_CODES = ("602", "623", "480")
LANG_WEIGHTS = (35, 45, 20)
DAYS = 3
EVENTS = 44
N_HEARSAY = 18
N_VAGUE = 35

STREETS = {
    "Central": (("Central Ave", "central", "central ave"), ("la central", "la avenida central")),
    "7ave": (("7th Ave", "7th ave", "7 ave"), ("la 7 avenida", "la septima avenida", "la siete avenida")),
    "7st": (("7th St", "7th st", "7 st"), ("la 7 calle", "la calle 7", "la calle siete")),
    "16st": (("16th St", "16th st", "16 st", "sixteenth st"), ("la 16", "la calle 16", "la dieciseis calle", "la 16 calle")),
    "19ave": (("19th Ave", "19th ave", "19 ave"), ("la 19", "la 19 avenida", "la diecinueve")),
    "24st": (("24th St", "24th st", "24 st"), ("la 24 calle", "la calle 24", "la veinticuatro")),
    "27ave": (("27th Ave", "27th ave", "27 av"), ("la 27", "la veintisiete avenida")),
    "35ave": (("35th Ave", "35th ave", "35 ave", "35th avenue"), ("la 35", "la 35 avenida", "la treinta y cinco", "la avenida 35")),
    "43ave": (("43rd Ave", "43rd ave", "43 ave"), ("la 43", "la cuarenta y tres")),
    "51ave": (("51st Ave", "51st ave", "51 ave", "51st"), ("la 51", "la cincuenta y uno", "la 51 avenida")),
    "59ave": (("59th Ave", "59th ave", "59 ave"), ("la 59", "la cincuenta y nueve")),
    "67ave": (("67th Ave", "67th ave", "67 ave"), ("la 67", "la sesenta y siete", "la 67 avenida")),
    "75ave": (("75th Ave", "75th ave"), ("la 75", "la setenta y cinco")),
    "McDowell": (("McDowell Rd", "mcdowell", "mc dowell", "mcdowel"), ("la mcdowell", "la mc dowell")),
    "Thomas": (("Thomas Rd", "thomas", "thomas rd"), ("la thomas",)),
    "IndianSchool": (("Indian School Rd", "indian school", "indian school rd"), ("la indian school", "la indian")),
    "Camelback": (("Camelback Rd", "camelback"), ("la camelback", "la camel")),
    "VanBuren": (("Van Buren St", "van buren"), ("la van buren",)),
    "Buckeye": (("Buckeye Rd", "buckeye"), ("la buckeye",)),
    "Broadway": (("Broadway Rd", "broadway"), ("la broadway",)),
    "Southern": (("Southern Ave", "southern"), ("la southern",)),
    "Baseline": (("Baseline Rd", "baseline"), ("la baseline",)),
    "Encanto": (("Encanto Blvd", "encanto blvd"), ("la encanto",)),
    "Glendale": (("Glendale Ave", "glendale ave"), ("la glendale",)),
    "Roosevelt": (("Roosevelt St", "roosevelt st"), ("la roosevelt",)),
}
CROSS_EN = ["{a} and {b}", "{a} & {b}", "{a}/{b}", "corner of {a} and {b}", "{a} n {b}", "{a} by {b}"]
CROSS_ES = ["{a} y {b}", "la esquina de {a} y {b}", "{a} y {b}", "{a} con {b}", "{a} esquina con {b}"]

FC = ("food city", "foodcity", "el food city", "food-city")
RM = ("ranch market", "el ranch", "los altos", "ranch mkt")
WM = ("walmart", "wal mart", "wal-mart", "wally world")
HD = ("home depot", "homedepot", "home deport", "hd")

PLACES = [
    Loc("fc_16st", "Food City 16th Street", 33.4390, -112.0475, "85034", "store",
        aliases=("Food City 16th St", "Food City Buckeye", "1648 S 16th St"),
        said=("el food city de la 16", "food city on 16th st", "foodcity de la calle 16", "food city 16 st y buckeye"),
        cross=("16st", "Buckeye"), address=("1648", "S", "16st"), hood="South Phoenix", chain=FC),
    Loc("fc_35ave", "Food City 35th Avenue", 33.4660, -112.1345, "85009", "store",
        aliases=("Food City 35th Ave", "Food City McDowell", "3520 W McDowell Rd"),
        said=("el food city de la 35", "food city on 35th ave", "foodcity de la mcdowell", "el food city de la treinta y cinco"),
        cross=("35ave", "McDowell"), address=("3520", "W", "McDowell"), hood="Maryvale", chain=FC),
    Loc("rm_67ave", "Los Altos Ranch Market 67th Ave", 33.4805, -112.2040, "85033", "store",
        aliases=("Ranch Market Maryvale", "Los Altos Ranch Market"),
        said=("el ranch de la 67", "ranch market on 67th and thomas", "los altos de la thomas", "el ranch market de maryvale"),
        cross=("67ave", "Thomas"), hood="Maryvale", chain=RM),
    Loc("rm_16st", "Los Altos Ranch Market 16th St", 33.4805, -112.0475, "85016", "store",
        aliases=("Ranch Market 16th Street",),
        said=("el ranch de la 16 calle", "ranch market on 16th and thomas", "los altos de la 16"),
        cross=("16st", "Thomas"), hood="Central Phoenix", chain=RM),
    Loc("wm_51ave", "Walmart 51st Ave", 33.4950, -112.1690, "85031", "store",
        aliases=("Walmart Indian School", "Walmart Maryvale"),
        said=("walmart on 51st and indian school", "el walmart de la 51", "the walmart in maryvale", "wal mart de la indian school"),
        cross=("51ave", "IndianSchool"), hood="Maryvale", chain=WM),
    Loc("wm_baseline", "Walmart Baseline", 33.3775, -112.0300, "85040", "store",
        aliases=("Walmart South Phoenix", "Walmart 24th St"),
        said=("walmart on baseline", "el walmart de la baseline", "the walmart on 24th st and baseline"),
        cross=("24st", "Baseline"), hood="South Phoenix", chain=WM),
    Loc("hd_27ave", "Home Depot 27th Ave", 33.4805, -112.1170, "85017", "store",
        aliases=("Home Depot Thomas",),
        said=("the home depot on 27th ave", "el home depot de la 27", "homedepot de la thomas", "HD on 27th ave"),
        cross=("27ave", "Thomas"), hood="West Phoenix", chain=HD),
    Loc("hd_southern", "Home Depot Southern Ave", 33.3920, -112.0990, "85041", "store",
        aliases=("Home Depot South Phoenix",),
        said=("home depot on southern", "el home depot de la southern", "homedepot de la 19 y southern"),
        cross=("19ave", "Southern"), hood="South Phoenix", chain=HD),
    Loc("ice_office", "ICE Field Office Phoenix", 33.4720, -112.0740, "85004", "court",
        aliases=("ICE office Central Ave", "2035 N Central Ave", "Oficina de ICE"),
        said=("the ice office on central", "la oficina de inmigracion en la central", "ice building downtown",
              "la oficina de la migra en la central"),
        address=("2035", "N", "Central"), hood="Midtown"),
    Loc("courthouse", "Sandra Day O'Connor Courthouse", 33.4497, -112.0770, "85003", "court",
        aliases=("Federal Courthouse Phoenix", "Corte Federal", "401 W Washington St"),
        said=("the federal courthouse", "la corte federal", "the courthouse downtown", "sandra day oconnor"),
        hood="Downtown"),
    Loc("carlhayden", "Carl Hayden High School", 33.4875, -112.1300, "85009", "school",
        aliases=("Carl Hayden", "Escuela Carl Hayden"),
        said=("carl hayden hs", "la carl hayden", "carl hayden high", "la escuela carl hayden"),
        cross=("35ave", "Encanto"), hood="Maryvale"),
    Loc("maryvalehs", "Maryvale High School", 33.4890, -112.1855, "85031", "school",
        aliases=("Maryvale High", "Escuela Maryvale"),
        said=("maryvale hs", "la maryvale", "maryvale high"), hood="Maryvale"),
    Loc("cesarchavezhs", "Cesar Chavez High School", 33.3795, -112.1225, "85041", "school",
        aliases=("Chavez High", "Escuela Cesar Chavez"),
        said=("cesar chavez hs", "la cesar chavez", "chavez high school"), cross=("35ave", "Baseline"), hood="Laveen"),
    Loc("encanto", "Encanto Park", 33.4745, -112.0880, "85007", aliases=("Parque Encanto",),
        said=("encanto park", "el parque encanto", "the park on encanto blvd"), cross=("15ave", "Encanto"), hood="Encanto"),
    Loc("chavezpark", "Cesar Chavez Park", 33.3850, -112.1355, "85041", aliases=("Parque Cesar Chavez",),
        said=("el parque cesar chavez", "chavez park", "the park by the lake on 35th ave"), hood="Laveen"),
    Loc("swap", "Park N Swap", 33.4410, -112.0050, "85034", aliases=("Swap Meet Buckeye", "Park and Swap", "Americana Swap Meet"),
        said=("the swap meet", "el swap", "el swap meet de la buckeye", "park and swap on 40th st"), hood="South Phoenix"),
    Loc("sacredheart", "Immaculate Heart of Mary Church", 33.4465, -112.0615, "85004", "church",
        aliases=("Inmaculado Corazon de Maria", "Immaculate Heart"),
        said=("la iglesia del inmaculado corazon", "immaculate heart church", "la iglesia de la 9 calle"), hood="Downtown"),
    Loc("stfrancis", "St Francis Xavier", 33.5020, -112.0740, "85012", "church",
        aliases=("San Francisco Javier",), said=("st francis on central", "la iglesia san francisco javier"), hood="Midtown"),
    Loc("laborcorner", "Day labor corner 32nd St and Thomas", 33.4805, -112.0125, "85008", "workplace",
        aliases=("Esquina de los jornaleros", "32nd St and Thomas"),
        said=("the day labor corner on 32nd", "la esquina de los jornaleros", "donde se paran los trabajadores en la 32"),
        hood="East Phoenix"),
    Loc("sky", "Sky Harbor Airport", 33.4342, -112.0116, "85034", aliases=("Sky Harbor", "Aeropuerto"),
        said=("the airport", "el aeropuerto", "sky harbor terminal 4", "the sky train"), hood="Airport"),
    # Corners and addresses that are not in the gazetteer.
    Loc("c_7ave_mcdowell", "7th Ave and McDowell", 33.4660, -112.0825, "85007", cross=("7ave", "McDowell"), in_gazetteer=False),
    Loc("c_7st_mcdowell", "7th St and McDowell", 33.4660, -112.0655, "85006", cross=("7st", "McDowell"), in_gazetteer=False),
    Loc("c_43ave_camelback", "43rd Ave and Camelback", 33.5095, -112.1520, "85019", cross=("43ave", "Camelback"), in_gazetteer=False),
    Loc("c_59ave_thomas", "59th Ave and Thomas", 33.4805, -112.1865, "85033", cross=("59ave", "Thomas"), in_gazetteer=False),
    Loc("c_19ave_glendale", "19th Ave and Glendale", 33.5385, -112.0995, "85021", cross=("19ave", "Glendale"), in_gazetteer=False),
    Loc("a_5050_mcdowell", "5050 W McDowell Rd", 33.4660, -112.1650, "85035", address=("5050", "W", "McDowell"), in_gazetteer=False),
    Loc("a_3300_vanburen", "3300 W Van Buren St", 33.4516, -112.1310, "85009", address=("3300", "W", "VanBuren"), in_gazetteer=False),
    Loc("c_75ave_indian", "75th Ave and Indian School", 33.4950, -112.2210, "85033", cross=("75ave", "IndianSchool"), in_gazetteer=False),
]

STREETS["15ave"] = (("15th Ave", "15th ave"), ("la 15 avenida", "la quince"))

HEARSAY = {
    "en": ["they say ice is at {loc}", "is it true theres ice at {loc}??", "somebody on facebook said migra at {loc}, anyone confirm?",
           "heard theres a raid at {loc} is that real", "my aunt says they're at {loc} today, is that true"],
    "es": ["me dijeron que la migra esta en {loc}", "es verdad que hay migra en {loc}?", "dicen que estan en {loc}, alguien sabe?",
           "hay migra en {loc}?", "oi que andan en {loc}, sera cierto", "una señora dijo que en {loc} hay redada, es cierto?"],
}
VAGUE = [
    "hay migra en phoenix ahorita?", "dicen que hay retenes en toda la west side", "is ice in phoenix today?",
    "ICE everywhere in maryvale be careful", "cuidado hoy hay mucha migra en el valle", "me dijeron que anda la migra por todos lados",
    "heard they're doing raids all over the valley", "es cierto que hay redadas en glendale?", "no salgan, dicen que hay migra",
    "what do i do if ice comes to my house", "que hago si tocan la puerta", "is this the number to report ice?",
    "dicen que mañana van a poner retenes", "alguien sabe si hay migra en mesa?", "is it safe to go to work today?",
    "hay migra en el west side?", "my neighbor says ice is around, idk where", "la migra anda en carros blancos dicen",
]
FLOOD_IDENTICAL = (
    "URGENTE!!! Mañana la migra va a poner retenes en la 35 avenida y la McDowell y en todas las escuelas de Maryvale. "
    "No salgan. Compartan con todos sus contactos. ICE will be at 35th Ave and McDowell tomorrow, share!!!"
)
FLOOD_VARIANT = "ALERTA: van a poner retenes en la 67 avenida y la thomas toda la tarde, checando papeles. Pásalo a tu familia"
FLOOD_VARIANT_EN = "ALERT: checkpoint at 67th ave and thomas all afternoon, they are checking papers. share with everyone"


def hard_cases(w) -> None:  # type: ignore[no-untyped-def]
    b = w.by_key
    w.event(b["fc_16st"], w.at(0, 8.0), n=9, ambiguous_chain=True)  # two Food Citys, same hour
    w.event(b["fc_35ave"], w.at(0, 8.3), n=8, ambiguous_chain=True)
    w.event(b["hd_27ave"], w.at(1, 6.5), n=10, ambiguous_chain=True)  # two Home Depots, same hour
    w.event(b["hd_southern"], w.at(1, 6.8), n=7, ambiguous_chain=True)
    w.event(b["c_7ave_mcdowell"], w.at(2, 10.0), n=6)  # 7th Ave and 7th St are different streets
    w.event(b["c_7st_mcdowell"], w.at(2, 10.2), n=5)
    w.event(b["carlhayden"], w.at(0, 7.2), n=12, duration=100)
    w.event(b["ice_office"], w.at(1, 9.0), n=8)
    w.event(b["ice_office"], w.at(2, 9.0), n=6)  # same place, another day
    w.event(b["c_59ave_thomas"], w.at(2, 16.0), n=6)  # the variant chain names 67th and Thomas hours earlier
    w.event(b["a_5050_mcdowell"], w.at(1, 14.0), n=5)


def floods(w) -> None:  # type: ignore[no-untyped-def]
    w.flood_identical("flood-1", FLOOD_IDENTICAL, w.at(0, 20.0), w.rng.randint(20, 45), 70)
    w.flood_variants("flood-2", FLOOD_VARIANT, w.at(2, 9.0), 22, 50)
    w.flood_variants("flood-3", FLOOD_VARIANT_EN, w.at(2, 9.2), 14, 50)
    w.flood_pest("flood-4", w.at(1, 17.0), 24, 12, ["ICE ICE ICE encanto park", "migra migra migra", "ICE at the swap meet!!!!"])
