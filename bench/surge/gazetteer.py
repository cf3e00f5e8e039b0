"""The surge benchmark's world: real Los Angeles places and street corners.

Coordinates are real to within about a block; ZIPs are the real ones. The set
is chosen to be hard for correlation:

- three Home Depots, two Walmarts and two Vallartas (same chain name, different
  neighbourhoods);
- Mariachi Plaza and Hollenbeck Park, about 700 m apart in the same ZIP;
- downtown clusters a few hundred metres apart (Union Station, La Placita, the
  federal building, Stanley Mosk courthouse, Grand Central Market, Pershing
  Square);
- names that callers use but the gazetteer does not know (``said``).

``SPOTS`` are places an event can happen that are not in the gazetteer: a
street corner or an address. Reports about them can only be correlated by
cross streets, address or ZIP.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Loc:
    key: str
    name: str
    lat: float
    lon: float
    zip: str
    kind: str = "other"
    aliases: tuple[str, ...] = ()  # written into the gazetteer
    said: tuple[str, ...] = ()  # how callers say it; not in the gazetteer
    cross: tuple[str, str] | None = None  # street keys of STREETS
    address: tuple[str, str, str] | None = None  # (number, direction, street key)
    hood: str = ""
    chain: str = ""  # what a caller says when they only say the chain's name
    in_gazetteer: bool = True
    extra: dict = field(default_factory=dict)


# Street key -> (English forms, Spanish forms). The first English form is the canonical one.
STREETS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "1st": (("1st St", "1st", "first st", "first street", "e 1st st"), ("la primera", "la 1", "la calle primera")),
    "2nd": (("2nd St", "2nd", "second st"), ("la segunda", "la 2")),
    "3rd": (("3rd St", "3rd", "third st"), ("la tercera", "la 3")),
    "4th": (("4th St", "4th", "fourth st"), ("la cuarta", "la 4")),
    "5th": (("5th St", "5th", "fifth", "5th street"), ("la 5", "la quinta", "la calle 5")),
    "7th": (("7th St", "7th", "seventh st", "w 7th"), ("la 7", "la septima", "la séptima")),
    "8th": (("8th St", "8th"), ("la 8", "la octava")),
    "12th": (("12th St", "12th"), ("la 12", "la doce")),
    "54th": (("54th St", "54th"), ("la 54",)),
    "Boyle": (("Boyle Ave", "boyle", "boyle avenue"), ("la boyle",)),
    "Figueroa": (("N Figueroa St", "figueroa", "fig", "figueroa st"), ("la figueroa", "la fig")),
    "Sunset": (("Sunset Blvd", "sunset", "sunset blvd"), ("la sunset",)),
    "Western": (("Western Ave", "western", "western av"), ("la western",)),
    "Slauson": (("Slauson Ave", "slauson"), ("la slauson",)),
    "VanNuys": (("Van Nuys Blvd", "van nuys", "van nuys blvd"), ("la van nuys",)),
    "Roscoe": (("Roscoe Blvd", "roscoe"), ("la roscoe",)),
    "Washington": (("Washington Blvd", "washington"), ("la washington",)),
    "Rosemead": (("Rosemead Blvd", "rosemead"), ("la rosemead",)),
    "Alvarado": (("Alvarado St", "alvarado"), ("la alvarado",)),
    "Wilshire": (("Wilshire Blvd", "wilshire"), ("la wilshire",)),
    "Alameda": (("Alameda St", "alameda"), ("la alameda",)),
    "CesarChavez": (("Cesar Chavez Ave", "cesar chavez", "cesar e chavez", "chavez"), ("la cesar chavez", "la césar chávez")),
    "Main": (("Main St", "main", "main street"), ("la main",)),
    "LosAngelesSt": (("Los Angeles St", "los angeles st", "los angeles street"), ("la calle los angeles",)),
    "Temple": (("Temple St", "temple"), ("la temple",)),
    "Broadway": (("Broadway", "broadway", "brodway", "s broadway"), ("la broadway", "la brodway")),
    "Hill": (("Hill St", "hill", "hill st"), ("la hill",)),
    "Olympic": (("Olympic Blvd", "olympic"), ("la olympic", "la olimpic")),
    "Santee": (("Santee St", "santee"), ("la santee",)),
    "Wall": (("Wall St", "wall st"), ("la wall",)),
    "Mathews": (("Mathews St", "mathews"), ("la mathews",)),
    "StLouis": (("St Louis St", "st louis", "saint louis st"), ("la st louis",)),
    "Pacific": (("Pacific Blvd", "pacific", "pacific blvd"), ("la pacific",)),
    "Gage": (("Gage Ave", "gage"), ("la gage",)),
    "Vermont": (("Vermont Ave", "vermont"), ("la vermont",)),
    "Beverly": (("Beverly Blvd", "beverly"), ("la beverly",)),
    "SanPedro": (("San Pedro St", "san pedro"), ("la san pedro",)),
    "Soto": (("Soto St", "soto"), ("la soto",)),
    "Whittier": (("Whittier Blvd", "whittier"), ("la whittier", "el whittier")),
    "Atlantic": (("Atlantic Blvd", "atlantic"), ("la atlantic",)),
    "Florence": (("Florence Ave", "florence"), ("la florence",)),
    "Compton": (("Compton Ave", "compton ave"), ("la compton",)),
    "ShermanWay": (("Sherman Way", "sherman way"), ("la sherman way", "la sherman")),
    "Adams": (("Adams Blvd", "adams"), ("la adams",)),
    "Pico": (("Pico Blvd", "pico"), ("la pico",)),
    "Union": (("Union Ave", "union ave"), ("la union",)),
    "Imperial": (("Imperial Hwy", "imperial", "imperial highway"), ("la imperial",)),
    "Central": (("Central Ave", "central", "central ave"), ("la central",)),
    "Vernon": (("Vernon Ave", "vernon"), ("la vernon",)),
    "Lankershim": (("Lankershim Blvd", "lankershim"), ("la lankershim",)),
    "Vanowen": (("Vanowen St", "vanowen"), ("la vanowen",)),
    "Glenoaks": (("Glenoaks Blvd", "glenoaks"), ("la glenoaks",)),
    "Osborne": (("Osborne St", "osborne"), ("la osborne",)),
    "Normandie": (("Normandie Ave", "normandie"), ("la normandie",)),
}

HD, WM, VA = "home depot", "walmart", "vallarta"

PLACES: list[Loc] = [
    Loc("mariachi", "Mariachi Plaza", 34.0472, -118.2195, "90033", aliases=("Plaza del Mariachi", "1st and Boyle", "Primera y Boyle"),
        said=("la plaza de los mariachis", "the mariachi plaza", "mariachi plaza metro"), cross=("1st", "Boyle"), hood="Boyle Heights"),
    Loc("hollenbeck", "Hollenbeck Park", 34.0413, -118.2175, "90033", aliases=("Parque Hollenbeck",),
        said=("hollenbeck", "el parque hollenbeck", "hollenbeck lake"), cross=("4th", "StLouis"), hood="Boyle Heights"),
    Loc("roosevelt", "Roosevelt High School", 34.0410, -118.2126, "90033", "school", aliases=("Roosevelt High", "Escuela Roosevelt"),
        said=("la roosevelt", "roosevelt hs", "theodore roosevelt high"), cross=("4th", "Mathews"), hood="Boyle Heights"),
    Loc("hd_cypress", "Home Depot Cypress Park", 34.0866, -118.2227, "90065", "store",
        aliases=("Home Depot Figueroa", "2055 N Figueroa St", "El Home Depot de la Figueroa"),
        said=("the home depot in cypress park", "home depot on figueroa", "home depot de cypress park"),
        address=("2055", "N", "Figueroa"), hood="Cypress Park", chain=HD),
    Loc("hd_sunset", "Home Depot Hollywood", 34.0979, -118.3115, "90028", "store",
        aliases=("Home Depot Sunset", "5600 Sunset Blvd", "El Home Depot de la Sunset"),
        said=("home depot on sunset", "the sunset home depot", "home depot de hollywood"),
        cross=("Sunset", "Western"), address=("5600", "W", "Sunset"), hood="Hollywood", chain=HD),
    Loc("hd_slauson", "Home Depot Slauson", 33.9890, -118.3090, "90047", "store",
        aliases=("Home Depot Hyde Park", "1830 W Slauson Ave"),
        said=("home depot on slauson", "el home depot de la slauson"),
        cross=("Slauson", "Western"), address=("1830", "W", "Slauson"), hood="Hyde Park", chain=HD),
    Loc("wm_panorama", "Walmart Panorama City", 34.2226, -118.4487, "91402", "store", aliases=("Walmart Van Nuys Blvd", "Panorama Mall"),
        said=("the walmart in panorama", "walmart de panorama city"), cross=("VanNuys", "Roscoe"),
        address=("8333", "", "VanNuys"), hood="Panorama City", chain=WM),
    Loc("wm_picorivera", "Walmart Pico Rivera", 33.9863, -118.0905, "90660", "store", aliases=("Walmart Washington Blvd",),
        said=("walmart pico rivera", "the walmart on washington"), cross=("Washington", "Rosemead"),
        address=("8500", "", "Washington"), hood="Pico Rivera", chain=WM),
    Loc("va_vannuys", "Vallarta Supermarkets Van Nuys", 34.1935, -118.4488, "91405", "store", aliases=("Vallarta Van Nuys",),
        said=("el vallarta de van nuys", "vallarta on van nuys"), cross=("VanNuys", "Vanowen"), hood="Van Nuys", chain=VA),
    Loc("va_pacoima", "Vallarta Supermarkets Pacoima", 34.2626, -118.4237, "91331", "store", aliases=("Vallarta Pacoima",),
        said=("el vallarta de pacoima", "vallarta on glenoaks"), cross=("Glenoaks", "Osborne"), hood="Pacoima", chain=VA),
    Loc("macarthur", "MacArthur Park", 34.0578, -118.2771, "90057", aliases=("Parque MacArthur", "Wilshire and Alvarado"),
        said=("macarthur", "mac arthur park", "el parque macarthur", "the park on alvarado"), cross=("7th", "Alvarado"), hood="Westlake"),
    Loc("belmont", "Belmont High School", 34.0634, -118.2609, "90026", "school", aliases=("Belmont High", "Escuela Belmont"),
        said=("belmont hs", "la belmont"), address=("1575", "W", "2nd"), hood="Westlake"),
    Loc("union", "Los Angeles Union Station", 34.0562, -118.2365, "90012", aliases=("Union Station", "Estación Unión"),
        said=("la union station", "la estacion union", "union stn"), cross=("Alameda", "CesarChavez"), hood="Downtown"),
    Loc("placita", "La Placita Church", 34.0567, -118.2392, "90012", "church",
        aliases=("La Placita", "Our Lady Queen of Angels", "Iglesia La Placita"),
        said=("la iglesia de la placita", "placita olvera church"), address=("535", "N", "Main"), hood="Downtown"),
    Loc("federal", "Edward R. Roybal Federal Building", 34.0535, -118.2405, "90012", "court",
        aliases=("Federal Building", "Edificio Federal", "300 N Los Angeles St", "B-18"),
        said=("the federal building downtown", "el edificio federal", "300 north los angeles", "roybal"),
        cross=("LosAngelesSt", "Temple"), address=("300", "N", "LosAngelesSt"), hood="Downtown"),
    Loc("mosk", "Stanley Mosk Courthouse", 34.0551, -118.2451, "90012", "court", aliases=("Mosk courthouse", "Corte Stanley Mosk"),
        said=("the courthouse on hill", "la corte en hill"), address=("111", "N", "Hill"), hood="Downtown"),
    Loc("gcm", "Grand Central Market", 34.0508, -118.2489, "90013", "store", aliases=("Mercado Central", "3rd and Broadway"),
        said=("grand central", "el grand central market"), cross=("3rd", "Broadway"), hood="Downtown"),
    Loc("pershing", "Pershing Square", 34.0485, -118.2526, "90071", aliases=("Plaza Pershing", "5th and Hill"),
        said=("pershing sq", "pershing"), cross=("5th", "Hill"), hood="Downtown"),
    Loc("santee", "Santee Alley", 34.0383, -118.2533, "90015", "store", aliases=("El Callejón", "Fashion District alley"),
        said=("el callejon", "santee", "the alley in the fashion district", "los callejones"), cross=("Olympic", "Santee"), hood="Fashion District"),
    Loc("flowers", "Los Angeles Flower Market", 34.0404, -118.2496, "90014", "workplace", aliases=("Flower Market", "Mercado de Flores"),
        said=("el mercado de las flores", "flower district"), cross=("8th", "Wall"), hood="Flower District"),
    Loc("alameda_swap", "Alameda Swap Meet", 34.0027, -118.2390, "90058", "store", aliases=("Swap meet de la Alameda",),
        said=("alameda swap", "el swap de la alameda", "the swap meet on alameda"), address=("4501", "S", "Alameda"), hood="Vernon"),
    Loc("slauson_swap", "Slauson Super Mall", 33.9889, -118.3046, "90047", "store", aliases=("Slauson Swap Meet",),
        said=("swap meet de la slauson", "the slauson swap meet"), cross=("Slauson", "Normandie"), hood="Hyde Park"),
    Loc("mercadito", "El Mercadito", 34.0388, -118.1927, "90063", "store", aliases=("El Mercadito de Los Angeles",),
        said=("el mercadito", "mercadito de la primera"), address=("3425", "E", "1st"), hood="City Terrace"),
    Loc("garfield", "Garfield High School", 34.0262, -118.1613, "90022", "school", aliases=("Garfield High", "Escuela Garfield"),
        said=("la garfield", "garfield hs"), hood="East Los Angeles"),
    Loc("pacific", "Pacific Blvd Shopping District", 33.9820, -118.2253, "90255", "store", aliases=("Pacific and Gage", "La Pacific"),
        said=("pacific blvd in huntington park", "la pacific en huntington park"), cross=("Pacific", "Gage"), hood="Huntington Park"),
    Loc("carwash_vermont", "Car wash at Vermont and Beverly", 34.0762, -118.2916, "90004", "workplace", aliases=("Vermont car wash",),
        said=("the car wash on vermont", "el car wash de la vermont"), cross=("Vermont", "Beverly"), hood="Koreatown"),
    Loc("carwash_fig", "Car wash at Figueroa and 54th", 33.9936, -118.2826, "90037", "workplace", aliases=("Figueroa car wash",),
        said=("the car wash on figueroa", "el carwash de la fig"), cross=("Figueroa", "54th"), hood="South LA"),
    Loc("garment", "Garment factory at San Pedro and 12th", 34.0354, -118.2488, "90015", "workplace", aliases=("12th and San Pedro factory",),
        said=("la fabrica de la san pedro", "the sewing factory on 12th"), cross=("12th", "SanPedro"), hood="Fashion District"),
    Loc("dodger", "Dodger Stadium", 34.0739, -118.2400, "90012", aliases=("Estadio de los Dodgers",),
        said=("dodgers stadium", "el estadio", "chavez ravine"), hood="Elysian Park"),
    Loc("chinatown", "Chinatown Central Plaza", 34.0656, -118.2380, "90012", aliases=("Central Plaza",),
        said=("chinatown", "el chinatown"), address=("943", "N", "Broadway"), hood="Chinatown"),
    Loc("echopark", "Echo Park Lake", 34.0728, -118.2606, "90026", aliases=("Lago de Echo Park",),
        said=("echo park", "el lago de echo park"), hood="Echo Park"),
    Loc("calstatela", "Cal State LA", 34.0667, -118.1684, "90032", "school", aliases=("California State University Los Angeles",),
        said=("csula", "la cal state"), hood="El Sereno"),
    Loc("plazamexico", "Plaza Mexico", 33.9304, -118.2130, "90262", "store", aliases=("Plaza México Lynwood",),
        said=("plaza mexico en lynwood", "la plaza mexico"), hood="Lynwood"),
    Loc("paramount_swap", "Paramount Swap Meet", 33.9070, -118.1734, "90723", "store", aliases=("Swap meet de Paramount",),
        said=("paramount swap", "el swap de paramount"), hood="Paramount"),
    Loc("vannuys_court", "Van Nuys Courthouse", 34.1838, -118.4465, "91401", "court", aliases=("Corte de Van Nuys",),
        said=("the van nuys court", "la corte de van nuys"), hood="Van Nuys"),
    Loc("olvera", "Olvera Street", 34.0575, -118.2378, "90012", aliases=("Calle Olvera",),
        said=("la olvera", "olvera st"), hood="Downtown"),
    Loc("lankershim", "Lankershim and Vanowen bus stop", 34.1937, -118.3870, "91605", aliases=("Lankershim y Vanowen",),
        said=("the bus stop on lankershim",), cross=("Lankershim", "Vanowen"), hood="North Hollywood"),
    Loc("stjoseph", "St. Joseph Church", 34.0343, -118.2565, "90015", "church", aliases=("Iglesia San José", "San Jose church"),
        said=("la iglesia de san jose", "st joseph's"), hood="Downtown"),
]

SPOTS: list[Loc] = [
    Loc("s_5th_broadway", "5th and Broadway", 34.0478, -118.2509, "90013", cross=("5th", "Broadway"), in_gazetteer=False),
    Loc("s_chavez_soto", "Cesar Chavez and Soto", 34.0497, -118.2087, "90033", cross=("CesarChavez", "Soto"), in_gazetteer=False),
    Loc("s_vermont_adams", "Vermont and Adams", 34.0329, -118.2916, "90007", cross=("Vermont", "Adams"), in_gazetteer=False),
    Loc("s_whittier_atlantic", "Whittier and Atlantic", 34.0233, -118.1545, "90022", cross=("Whittier", "Atlantic"), in_gazetteer=False),
    Loc("s_florence_compton", "Florence and Compton", 33.9745, -118.2477, "90001", cross=("Florence", "Compton"), in_gazetteer=False),
    Loc("s_sherman_vannuys", "Sherman Way and Van Nuys", 34.2011, -118.4488, "91405", cross=("ShermanWay", "VanNuys"), in_gazetteer=False),
    Loc("s_pico_union", "Pico and Union", 34.0457, -118.2790, "90015", cross=("Pico", "Union"), in_gazetteer=False),
    Loc("s_central_vernon", "Central and Vernon", 34.0037, -118.2563, "90011", cross=("Central", "Vernon"),
        address=("4301", "S", "Central"), in_gazetteer=False),
    Loc("s_1st_soto_addr", "2400 E 1st St", 34.0447, -118.2108, "90033", address=("2400", "E", "1st"), in_gazetteer=False),
    Loc("s_7th_central", "7th and Central", 34.0350, -118.2440, "90021", cross=("7th", "Central"), in_gazetteer=False),
]

BY_KEY = {p.key: p for p in PLACES + SPOTS}
