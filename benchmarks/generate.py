"""Deterministic synthetic wire archives, written the same way for sana-archive, Hugo and Pelican.

Why synthetic: a benchmark must be reproducible on any machine and free to publish, so the
corpus is made from template sentences and vocabulary pools with a seeded ``random.Random``
(no clock, no hash-ordered iteration): the same seed gives byte-identical trees. No real
article text is copied; the officials are invented names (so no real person is quoted),
while cities are real places with approximate coordinates, as a registry would hold them.

Why three copies of one archive: the issue "Speed at archive scale" compares sana-archive
with the two generators people would otherwise reach for. Each copy holds the same
articles, speakers, locations and topics, with each engine's idea of a taxonomy:

* sana-archive: ``content/YYYY/slug.txt`` with YAML front matter over the raw wire text,
  plus ``content/_data/{speakers,locations,topics}.yaml`` registries;
* Hugo: taxonomies speaker/location/topic, pagination 50, a minimal set of layouts;
* Pelican: speakers as authors, location as category, topics as tags, pagination 50.

Undated wires (about 5%) have no date in sana-archive; Hugo and Pelican need one, so their
copies carry the fixed placeholder ``PLACEHOLDER_DATE`` (and ``undated: true``).

Usage: ``python benchmarks/generate.py --articles 1000 --out benchmarks/work/1000``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

REPO = Path(__file__).resolve().parents[1]
ENGINES = ("sana", "hugo", "pelican")
START = dt.date(2010, 1, 1)
END = dt.date(2024, 12, 31)
PLACEHOLDER_DATE = dt.date(2000, 1, 1)
UNDATED_SHARE = 0.05
SPEAKER_TARGET = 150
WORDS_MIN, WORDS_MAX = 350, 500
SLUG_MAX = 80  # sana-archive's article slug length; two titles must not share a slug
MARKER = "bench-template-marker"

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
# AP-style abbreviations, as IRNA and Xinhua datelines print them.
MONTHS_AP = (
    "Jan.", "Feb.", "March", "April", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)

# ---- places -------------------------------------------------------------------------------
# country, demonym, region (for invented names), weight (how often it appears), cities as
# (name, latitude, longitude, aliases); the first city is where its officials mostly speak.
Country = tuple[str, str, str, int, tuple[tuple[str, float, float, tuple[str, ...]], ...]]
COUNTRIES: tuple[Country, ...] = (
    ("Syria", "Syrian", "arab", 8, (
        ("Damascus", 33.51, 36.29, ()), ("Aleppo", 36.20, 37.16, ("Halab",)),
        ("Homs", 34.73, 36.71, ()), ("Latakia", 35.52, 35.79, ("Lattakia",)),
        ("Tartus", 34.89, 35.89, ("Tartous",)), ("Hama", 35.13, 36.75, ()),
        ("Deir Ezzor", 35.33, 40.14, ("Deir ez-Zor",)), ("Idleb", 35.93, 36.63, ("Idlib",)),
        ("Daraa", 32.62, 36.10, ("Deraa",)), ("Hasaka", 36.50, 40.75, ("Hasakah",)),
        ("Raqqa", 35.95, 39.01, ()), ("Sweida", 32.71, 36.57, ("Suwayda",)))),
    ("Russia", "Russian", "russian", 6, (
        ("Moscow", 55.76, 37.62, ()), ("Saint Petersburg", 59.93, 30.34, ("St. Petersburg",)),
        ("Sochi", 43.60, 39.73, ()), ("Kazan", 55.79, 49.12, ()),
        ("Vladivostok", 43.12, 131.89, ()), ("Yekaterinburg", 56.84, 60.61, ()))),
    ("Iran", "Iranian", "persian", 5, (
        ("Tehran", 35.69, 51.39, ("Teheran",)), ("Isfahan", 32.65, 51.67, ()),
        ("Mashhad", 36.30, 59.61, ()), ("Tabriz", 38.08, 46.29, ()),
        ("Shiraz", 29.59, 52.58, ()))),
    ("China", "Chinese", "chinese", 3, (
        ("Beijing", 39.90, 116.41, ()), ("Shanghai", 31.23, 121.47, ()),
        ("Guangzhou", 23.13, 113.26, ()), ("Xi'an", 34.34, 108.94, ()))),
    ("Iraq", "Iraqi", "arab", 3, (
        ("Baghdad", 33.31, 44.36, ()), ("Basra", 30.51, 47.78, ()),
        ("Erbil", 36.19, 44.01, ()), ("Najaf", 32.00, 44.34, ()))),
    ("Lebanon", "Lebanese", "arab", 3, (
        ("Beirut", 33.89, 35.50, ()), ("Sidon", 33.56, 35.37, ("Saida",)),
        ("Baalbek", 34.01, 36.21, ()))),
    ("Jordan", "Jordanian", "arab", 2, (
        ("Amman", 31.95, 35.93, ()), ("Aqaba", 29.53, 35.01, ()))),
    ("Egypt", "Egyptian", "arab", 2, (
        ("Cairo", 30.04, 31.24, ()), ("Alexandria", 31.20, 29.92, ()),
        ("Sharm el-Sheikh", 27.92, 34.33, ()))),
    ("Saudi Arabia", "Saudi", "arab", 1, (
        ("Riyadh", 24.71, 46.68, ()), ("Jeddah", 21.49, 39.19, ("Jiddah",)))),
    ("United Arab Emirates", "Emirati", "arab", 1, (
        ("Abu Dhabi", 24.45, 54.38, ()), ("Dubai", 25.20, 55.27, ()))),
    ("Qatar", "Qatari", "arab", 1, (("Doha", 25.29, 51.53, ()),)),
    ("Kuwait", "Kuwaiti", "arab", 1, (("Kuwait City", 29.38, 47.99, ()),)),
    ("Oman", "Omani", "arab", 1, (("Muscat", 23.59, 58.41, ()),)),
    ("Bahrain", "Bahraini", "arab", 1, (("Manama", 26.23, 50.59, ()),)),
    ("Algeria", "Algerian", "arab", 2, (
        ("Algiers", 36.75, 3.06, ()), ("Oran", 35.70, -0.63, ()))),
    ("Tunisia", "Tunisian", "arab", 1, (("Tunis", 36.81, 10.18, ()),)),
    ("Libya", "Libyan", "arab", 1, (
        ("Tripoli", 32.89, 13.19, ()), ("Benghazi", 32.12, 20.09, ()))),
    ("Morocco", "Moroccan", "arab", 1, (("Rabat", 34.02, -6.83, ()),)),
    ("Yemen", "Yemeni", "arab", 1, (
        ("Sanaa", 15.37, 44.19, ("Sana'a",)), ("Aden", 12.79, 45.04, ()))),
    ("Sudan", "Sudanese", "arab", 1, (("Khartoum", 15.50, 32.56, ()),)),
    ("Mauritania", "Mauritanian", "arab", 1, (("Nouakchott", 18.08, -15.98, ()),)),
    ("Turkey", "Turkish", "turkic", 2, (
        ("Ankara", 39.93, 32.86, ()), ("Istanbul", 41.01, 28.98, ()))),
    ("Kazakhstan", "Kazakh", "turkic", 2, (
        ("Astana", 51.17, 71.45, ("Nur-Sultan",)), ("Almaty", 43.24, 76.89, ()))),
    ("Azerbaijan", "Azerbaijani", "turkic", 1, (("Baku", 40.41, 49.87, ()),)),
    ("Uzbekistan", "Uzbek", "turkic", 1, (("Tashkent", 41.30, 69.24, ()),)),
    ("Turkmenistan", "Turkmen", "turkic", 1, (("Ashgabat", 37.96, 58.33, ()),)),
    ("Kyrgyzstan", "Kyrgyz", "turkic", 1, (("Bishkek", 42.87, 74.59, ()),)),
    ("Tajikistan", "Tajik", "persian", 1, (("Dushanbe", 38.56, 68.79, ()),)),
    ("Afghanistan", "Afghan", "persian", 1, (("Kabul", 34.56, 69.21, ()),)),
    ("Armenia", "Armenian", "european", 1, (("Yerevan", 40.18, 44.51, ()),)),
    ("Georgia", "Georgian", "european", 1, (("Tbilisi", 41.72, 44.79, ()),)),
    ("Belarus", "Belarusian", "russian", 2, (("Minsk", 53.90, 27.56, ()),)),
    ("Mongolia", "Mongolian", "asian", 1, (("Ulaanbaatar", 47.89, 106.91, ("Ulan Bator",)),)),
    ("India", "Indian", "asian", 2, (
        ("New Delhi", 28.61, 77.21, ()), ("Mumbai", 19.08, 72.88, ("Bombay",)))),
    ("Pakistan", "Pakistani", "asian", 1, (("Islamabad", 33.68, 73.05, ()),)),
    ("Bangladesh", "Bangladeshi", "asian", 1, (("Dhaka", 23.81, 90.41, ()),)),
    ("Sri Lanka", "Sri Lankan", "asian", 1, (("Colombo", 6.93, 79.86, ()),)),
    ("Indonesia", "Indonesian", "asian", 1, (("Jakarta", -6.21, 106.85, ()),)),
    ("Malaysia", "Malaysian", "asian", 1, (("Kuala Lumpur", 3.14, 101.69, ()),)),
    ("Vietnam", "Vietnamese", "asian", 1, (("Hanoi", 21.03, 105.85, ()),)),
    ("Thailand", "Thai", "asian", 1, (("Bangkok", 13.76, 100.50, ()),)),
    ("Philippines", "Philippine", "asian", 1, (("Manila", 14.60, 120.98, ()),)),
    ("Singapore", "Singaporean", "asian", 1, (("Singapore", 1.35, 103.82, ()),)),
    ("North Korea", "North Korean", "asian", 1, (("Pyongyang", 39.04, 125.76, ()),)),
    ("South Korea", "South Korean", "asian", 1, (("Seoul", 37.57, 126.98, ()),)),
    ("Japan", "Japanese", "asian", 1, (("Tokyo", 35.68, 139.69, ()),)),
    ("South Africa", "South African", "african", 1, (
        ("Pretoria", -25.75, 28.19, ()), ("Johannesburg", -26.20, 28.05, ()))),
    ("Ethiopia", "Ethiopian", "african", 1, (("Addis Ababa", 9.03, 38.74, ()),)),
    ("Kenya", "Kenyan", "african", 1, (("Nairobi", -1.29, 36.82, ()),)),
    ("Nigeria", "Nigerian", "african", 1, (("Abuja", 9.08, 7.40, ()),)),
    ("Brazil", "Brazilian", "latin", 1, (
        ("Brasilia", -15.79, -47.88, ("Brasília",)), ("Rio de Janeiro", -22.91, -43.17, ()))),
    ("Venezuela", "Venezuelan", "latin", 2, (("Caracas", 10.48, -66.90, ()),)),
    ("Cuba", "Cuban", "latin", 2, (("Havana", 23.11, -82.37, ("La Habana",)),)),
    ("Nicaragua", "Nicaraguan", "latin", 1, (("Managua", 12.11, -86.24, ()),)),
    ("Bolivia", "Bolivian", "latin", 1, (("La Paz", -16.49, -68.12, ()),)),
    ("Argentina", "Argentine", "latin", 1, (("Buenos Aires", -34.60, -58.38, ()),)),
    ("Mexico", "Mexican", "latin", 1, (("Mexico City", 19.43, -99.13, ()),)),
    ("Chile", "Chilean", "latin", 1, (("Santiago", -33.45, -70.67, ()),)),
    ("Peru", "Peruvian", "latin", 1, (("Lima", -12.05, -77.04, ()),)),
    ("Ecuador", "Ecuadorian", "latin", 1, (("Quito", -0.18, -78.47, ()),)),
    ("Uruguay", "Uruguayan", "latin", 1, (("Montevideo", -34.90, -56.16, ()),)),
    ("United States", "US", "english", 1, (
        ("Washington", 38.91, -77.04, ("Washington, D.C.",)),
        ("New York", 40.71, -74.01, ()))),
    ("Canada", "Canadian", "english", 1, (("Ottawa", 45.42, -75.70, ()),)),
    ("United Kingdom", "British", "english", 1, (("London", 51.51, -0.13, ()),)),
    ("Australia", "Australian", "english", 1, (("Canberra", -35.28, 149.13, ()),)),
    ("France", "French", "european", 1, (("Paris", 48.86, 2.35, ()),)),
    ("Germany", "German", "european", 1, (
        ("Berlin", 52.52, 13.40, ()), ("Munich", 48.14, 11.58, ("München",)))),
    ("Italy", "Italian", "european", 1, (("Rome", 41.90, 12.50, ()),)),
    ("Spain", "Spanish", "european", 1, (("Madrid", 40.42, -3.70, ()),)),
    ("Switzerland", "Swiss", "european", 2, (
        ("Geneva", 46.20, 6.14, ("Genève",)), ("Bern", 46.95, 7.45, ("Berne",)),
        ("Lausanne", 46.52, 6.63, ()), ("Montreux", 46.43, 6.91, ()))),
    ("Austria", "Austrian", "european", 1, (("Vienna", 48.21, 16.37, ()),)),
    ("Belgium", "Belgian", "european", 1, (("Brussels", 50.85, 4.35, ()),)),
    ("Netherlands", "Dutch", "european", 1, (("The Hague", 52.07, 4.30, ()),)),
    ("Greece", "Greek", "european", 1, (("Athens", 37.98, 23.73, ()),)),
    ("Cyprus", "Cypriot", "european", 1, (("Nicosia", 35.19, 33.38, ()),)),
    ("Serbia", "Serbian", "european", 1, (("Belgrade", 44.79, 20.45, ()),)),
    ("Hungary", "Hungarian", "european", 1, (("Budapest", 47.50, 19.04, ()),)),
    ("Czech Republic", "Czech", "european", 1, (("Prague", 50.08, 14.44, ()),)),
    ("Poland", "Polish", "european", 1, (("Warsaw", 52.23, 21.01, ()),)),
    ("Norway", "Norwegian", "european", 1, (("Oslo", 59.91, 10.75, ()),)),
    ("Sweden", "Swedish", "european", 1, (("Stockholm", 59.33, 18.07, ()),)),
    ("Finland", "Finnish", "european", 1, (("Helsinki", 60.17, 24.94, ()),)),
    ("Denmark", "Danish", "european", 1, (("Copenhagen", 55.68, 12.57, ()),)),
)

# ---- invented people ------------------------------------------------------------------------
# "Canonical|Alias" spellings: wire services transliterate the same name several ways.
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "arab": (
        ("Mohammad|Muhammad", "Ahmad|Ahmed", "Faisal|Faysal", "Walid|Waleed", "Ayman",
         "Hussam|Husam", "Khaled|Khalid", "Ibrahim", "Omar|Umar", "Samir|Sameer", "Tarek|Tariq",
         "Nabil", "Youssef|Yousef"),
        ("Bouthaina|Buthaina", "Rania", "Lamia", "Huda|Hoda", "Samira"),
        ("al-Haddad|Haddad", "Khoury|al-Khoury", "al-Nouri|Nouri", "Mansour", "al-Khatib|Khatib",
         "Haidar|Haydar", "Saleh|Salih", "al-Masri", "Qassem|Kassem", "Darwish", "al-Jabiri",
         "Hamdan", "Barakat", "al-Tamimi", "Abboud", "Shaaban|Shaban", "al-Zoubi|Zoubi")),
    "russian": (
        ("Sergey|Sergei", "Alexey|Alexei", "Dmitry|Dmitri", "Yury|Yuri", "Andrey|Andrei",
         "Nikolay|Nikolai", "Mikhail", "Vasily|Vassily", "Grigory|Grigori", "Pavel"),
        ("Maria", "Valentina", "Yelena|Elena"),
        ("Ostrovsky", "Belov", "Volkonsky", "Zharov", "Krylov", "Morozov", "Sokolov",
         "Lebedev", "Kuznetsov", "Orlov", "Gromov", "Tikhonov")),
    "persian": (
        ("Hossein|Hussein", "Abbas", "Alireza|Ali Reza", "Mehdi|Mahdi", "Hamid", "Reza",
         "Kazem|Kadhem", "Majid", "Saeed|Said"),
        ("Marzieh", "Masoumeh|Massoumeh"),
        ("Rahimi", "Tavakoli", "Karimi", "Moradi", "Shirazi", "Jafari|Jaafari", "Ahmadi",
         "Sadeghi|Sadegh", "Esmaili|Ismaili", "Rostami")),
    "chinese": (
        ("Wei", "Jianguo", "Ming", "Xiaodong", "Jun", "Lei", "Yong"),
        ("Hong", "Lihua"),
        ("Zhang", "Liu", "Chen", "Zhou", "Huang", "Zhao", "Sun", "Ma")),
    "turkic": (
        ("Askar", "Rustam|Rustem", "Erlan|Yerlan", "Timur", "Bakhyt", "Murat", "Elchin"),
        ("Aigerim", "Gulnara"),
        ("Abdrakhmanov", "Suleimenov|Suleymenov", "Nazarov", "Mammadov|Mamedov", "Usmanov",
         "Bekov", "Yildirim", "Ozturk|Öztürk")),
    "asian": (
        ("Rajesh", "Anil", "Suresh", "Hiroshi", "Arif", "Budi", "Minh"),
        ("Priya", "Siti"),
        ("Sharma", "Verma", "Nguyen", "Park", "Tanaka", "Rahman", "Santoso", "Perera")),
    "african": (
        ("Kwame", "Abdoulaye", "Tesfaye", "Ibrahima", "Samuel", "Moussa"),
        ("Amina", "Ngozi"),
        ("Mensah", "Diallo", "Bekele", "Okafor", "Abebe", "Traore|Traoré", "Ndlovu", "Kamau")),
    "latin": (
        ("Jose|José", "Carlos", "Luis", "Jorge", "Ricardo", "Fernando", "Miguel"),
        ("Delcy|Delsy", "Marta"),
        ("Fernandez|Fernández", "Rodriguez|Rodríguez", "Morales", "Castillo", "Herrera",
         "Vargas", "Ortega", "Medina")),
    "english": (
        ("John", "Michael", "David", "Richard", "James", "Robert"),
        ("Susan", "Karen"),
        ("Harrington", "Whitfield", "Caldwell", "Prescott", "Lansing", "Ashford")),
    "european": (
        ("Jean-Marc", "Stefan|Stephan", "Giorgos|Georgios", "Aleksandar|Alexander", "Lars",
         "Pieter|Peter", "Klaus", "Marco", "Tomas|Tomáš", "Andreas"),
        ("Anna", "Ingrid", "Katarina|Katharina"),
        ("Muller|Müller", "Lindqvist", "Papadakis", "Novak", "Rossi", "Dubois", "Jansen",
         "Horvat", "Kowalski", "Weber", "Moreau", "Nielsen")),
}

# Posts held in turn over the fifteen years; weights say who speaks most often.
SYRIAN_POSTS = (
    ("Foreign and Expatriates Minister", 8), ("Deputy Foreign and Expatriates Minister", 5),
    ("Permanent Representative to the UN", 4), ("Prime Minister", 3),
    ("Speaker of the People's Assembly", 2), ("Minister of Economy and Foreign Trade", 2),
    ("Ambassador to Russia", 2), ("Ambassador to China", 1), ("Information Minister", 2),
    ("Minister of Health", 1), ("Minister of Higher Education", 1),
)
PARTNER_POSTS = (
    ("Foreign Minister", 5), ("President", 3), ("Deputy Foreign Minister", 3),
    ("Ambassador to Syria", 2),
)
OTHER_POSTS = (("Foreign Minister", 2),)
PARTNERS = ("Russia", "Iran", "China", "Iraq", "Lebanon")
ORG_POSTS = (
    ("UN Special Envoy for Syria", "european", 4), ("UN Secretary-General", "european", 2),
    ("Arab League Secretary-General", "arab", 2), ("UNHCR High Commissioner", "european", 1),
    ("ICRC President", "european", 1), ("OPCW Director-General", "latin", 1),
)

SOURCES = (("SANA", 62), ("Reuters", 8), ("IRNA", 10), ("TASS", 10), ("Xinhua", 6),
           ("Prensa Latina", 4))

# ---- topics and phrases ---------------------------------------------------------------------
TOPICS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Counter-terrorism", ("terrorism", "terrorist organizations"), (
        "the fight against terrorism", "the terrorist organizations",
        "cross-border terrorism", "the financing of terrorist groups",
        "the flow of foreign terrorist fighters")),
    ("Political settlement", ("political settlement", "political process"), (
        "the political settlement of the crisis", "a Syrian-led political process",
        "the national dialogue", "the work of the constitutional committee",
        "the Astana format")),
    ("Sanctions", ("sanctions", "unilateral coercive measures"), (
        "the unilateral coercive measures", "the economic blockade", "the illegal sanctions",
        "the suffering caused by the sanctions")),
    ("Reconstruction", ("reconstruction", "rebuilding"), (
        "the reconstruction process", "rebuilding the infrastructure",
        "investment in reconstruction projects", "the rehabilitation of power stations")),
    ("Refugees", ("refugees", "displaced"), (
        "the return of refugees", "the needs of displaced families",
        "the humanitarian corridors", "the conditions for a safe return")),
    ("Humanitarian aid", ("humanitarian", "aid"), (
        "humanitarian assistance", "the aid convoys", "the delivery of medical supplies",
        "the food aid deliveries")),
    ("Sovereignty", ("sovereignty", "territorial integrity"), (
        "the sovereignty and territorial integrity of Syria",
        "non-interference in internal affairs", "the unity of Syrian territory")),
    ("Chemical weapons", ("chemical weapons", "OPCW"), (
        "the chemical weapons file", "the OPCW investigations", "the fabricated allegations",
        "the destruction of chemical stockpiles")),
    ("Economic cooperation", ("economic cooperation", "trade"), (
        "economic cooperation", "the trade exchange", "joint investment projects",
        "the work of the joint economic committee")),
    ("Energy", ("energy", "oil", "gas"), (
        "energy cooperation", "the gas pipeline project", "oil supplies",
        "electricity interconnection")),
    ("Occupied Golan", ("Golan", "occupation"), (
        "the occupied Syrian Golan", "the Israeli occupation",
        "the return of the occupied territories to the line of June 4th, 1967")),
    ("Palestinian cause", ("Palestinian", "Palestine"), (
        "the Palestinian cause", "the rights of the Palestinian people",
        "an independent Palestinian state")),
    ("Foreign occupation", ("occupation forces", "illegal presence"), (
        "the illegal presence of foreign forces", "the withdrawal of the occupation forces",
        "the plundering of Syrian oil and wheat")),
    ("Health", ("health", "pandemic", "vaccines"), (
        "cooperation in the health sector", "the coronavirus pandemic",
        "vaccine deliveries", "the rehabilitation of hospitals")),
    ("Education", ("education", "scholarships", "universities"), (
        "scholarships for Syrian students", "cooperation between universities",
        "the educational exchange programme")),
    ("Culture", ("cultural", "heritage"), (
        "cultural cooperation", "the protection of cultural heritage",
        "the restoration of ancient monuments")),
    ("Agriculture", ("agriculture", "wheat"), (
        "agricultural cooperation", "wheat supplies", "food security",
        "the irrigation projects")),
    ("Transport", ("transport", "railway", "ports"), (
        "the railway link", "cooperation in maritime transport",
        "the reopening of border crossings")),
    ("Water", ("water", "Euphrates"), (
        "the water share of the Euphrates", "the cutting off of drinking water",
        "the repair of water stations")),
    ("Parliamentary relations", ("parliamentary", "friendship group"), (
        "parliamentary cooperation", "the parliamentary friendship group",
        "the Inter-Parliamentary Union")),
    ("Military cooperation", ("military cooperation", "defense"), (
        "military and technical cooperation", "the air defense systems",
        "joint military exercises")),
    ("UN Security Council", ("Security Council", "resolution"), (
        "the Security Council resolutions", "the draft resolution",
        "the work of the Security Council")),
    ("Elections", ("elections", "ballot"), (
        "the presidential elections", "the parliamentary elections",
        "the will of the Syrian people")),
    ("Consular affairs", ("consular", "embassy"), (
        "the reopening of the embassy", "consular services",
        "the visa facilitation agreement")),
    ("Disaster relief", ("earthquake", "relief"), (
        "the earthquake relief efforts", "the rescue teams", "the aid airlift")),
    ("Drug trafficking", ("drug trafficking", "smuggling"), (
        "combating drug trafficking", "border security", "the smuggling networks")),
    ("Tourism", ("tourism", "pilgrims"), (
        "religious tourism", "the tourism investment forum",
        "direct flights between the two capitals")),
    ("Media", ("media", "disinformation"), (
        "the media war", "the disinformation campaigns",
        "cooperation between news agencies")),
    ("Regional security", ("regional security", "stability"), (
        "regional security", "stability in the Middle East", "the de-escalation zones")),
    ("Arab relations", ("Arab League", "Arab"), (
        "joint Arab action", "Syria's return to the Arab League", "Arab solidarity")),
)

VERBS = ("affirmed", "stressed", "said", "underlined", "pointed out", "reiterated", "noted",
         "emphasized", "asserted", "indicated", "made clear", "confirmed")
PARTICIPLES = ("adding", "noting", "stressing", "pointing out", "indicating", "affirming")
CLAUSES = (
    "{noun} remains a top priority for {country}",
    "{country} supports {noun} and rejects any attempt to exploit {noun2}",
    "the international community must shoulder its responsibilities regarding {noun}",
    "progress on {noun} requires respect for international law and the UN Charter",
    "his country is ready to expand cooperation with Syria on {noun}",
    "the Western countries bear responsibility for {noun2}",
    "the talks in {city} on {noun} were constructive and frank",
    "{noun} cannot be separated from {noun2}",
    "the coming period will witness more coordination on {noun}",
    "the relations between {country} and {other} are strategic and deeply rooted",
    "there is no military solution and that {noun} is the only way forward",
    "the double standards applied by some states undermine {noun}",
    "the agreements signed last year on {noun} will be implemented soon",
    "{other} values the position of {country} regarding {noun}",
    "the steadfastness of the Syrian people has thwarted the plans targeting {noun}",
    "the two countries will hold a new round of consultations on {noun} in {city}",
)
QUOTES = (
    "We will continue to work with our friends on {noun} until {goal}",
    "There can be no compromise on {noun}",
    "Our position on {noun} has not changed and it will not change",
    "The people of {country} stand by the Syrian people in {noun}",
    "What is happening regarding {noun2} is a flagrant violation of international law",
    "We have agreed to form a joint committee to follow up on {noun}",
    "Those who talk about {noun2} should first stop supporting terrorism",
    "This visit opens a new page in {noun}",
    "Nobody has the right to decide on behalf of the Syrians",
    "Dialogue is the only path, and we are ready for it",
)
GOALS = ("the last terrorist is eliminated", "every displaced family returns home",
         "the sanctions are lifted", "all of the occupied territory is liberated",
         "the economy recovers")
MEETINGS = ("a meeting", "a phone call", "a joint press conference", "talks", "a meeting",
            "an interview")
HEADLINE_PREDICATES = ("a priority", "top of the agenda", "cannot be postponed",
                       "requires international action", "key to stability",
                       "on the table", "must move forward")
HEADLINE_VERBS = ("discusses", "stresses", "reviews", "calls for progress on",
                  "affirms support for", "warns against obstruction of", "welcomes progress on")
EDITORS = ("Hazem", "Manar", "Mazen", "Rasha", "Ghossoun", "Haifa", "Bushra", "Fedaa", "Lina",
           "Ruaa", "Shaza", "Rawaa", "Mais", "Ramadan", "Hamda", "Baraa", "Raghda", "Nour")
EDITOR_SURNAMES = ("Sabbagh", "Ismael", "Qadri", "Hassan", "Mustafa", "Khalil", "Youssef",
                   "Ibrahim", "Suleiman", "Haj Ali")
REPORTERS = ("Tom Perry", "Laila Bassam", "Dan Williams", "Maria Tsvetkova", "Parisa Hafezi",
             "Suleiman al-Khalidi")


# ---- the model of the archive --------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class City:
    name: str
    country: str
    latitude: float
    longitude: float
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Span:
    """One person in one post for a stretch of time."""

    person: int
    title: str
    start: dt.date
    end: dt.date | None
    weight: int


@dataclass(slots=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    home: str  # the city where they usually speak
    female: bool
    spans: list[Span] = field(default_factory=list)

    @property
    def surname(self) -> str:
        # Chinese names put the family name first.
        parts = self.name.split(" ")
        return parts[0] if self.country == "China" else parts[-1]


@dataclass(frozen=True, slots=True)
class Article:
    """Everything the three copies need about one wire story."""

    index: int
    title: str
    slug: str
    date: dt.date | None
    source: str
    location: str
    speakers: tuple[tuple[str, str], ...]  # (name as in front matter, role)
    topics: tuple[str, ...]
    body: str  # raw wire text, as scraped


class World:
    """The fixed cast of an archive: cities, officials with dated posts, topics."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.cities: list[City] = []
        self.country_cities: dict[str, list[City]] = {}
        self.demonyms: dict[str, str] = {}
        for country, demonym, _, _, cities in COUNTRIES:
            self.demonyms[country] = demonym
            for name, lat, lon, aliases in cities:
                city = City(name, country, lat, lon, aliases)
                self.cities.append(city)
                self.country_cities.setdefault(country, []).append(city)
        self.people: list[Person] = []
        self.spans: list[Span] = []
        self._used_names: set[str] = set()
        self._cast()
        self._by_year: dict[int, list[Span]] = {}
        for span in self.spans:
            last = (span.end or END).year
            for year in range(span.start.year, last + 1):
                self._by_year.setdefault(year, []).append(span)

    def _name(self, region: str) -> tuple[str, tuple[str, ...], bool]:
        males, females, surnames = NAMES[region]
        for _ in range(200):
            female = self.rng.random() < 0.12
            first = self.rng.choice(females if female else males).split("|")
            last = self.rng.choice(surnames).split("|")
            if region == "chinese":
                name, alias = f"{last[0]} {first[0]}", ""
            else:
                name = f"{first[0]} {last[0]}"
                alias = f"{first[-1]} {last[-1]}" if (len(first) > 1 or len(last) > 1) else ""
            if name not in self._used_names:
                self._used_names.add(name)
                return name, ((alias,) if alias and alias != name else ()), female
        raise RuntimeError(f"name pool for {region} exhausted")

    def _fill(self, title: str, country: str | None, region: str, home: str, weight: int) -> None:
        """Holders of one post from START to END, in terms of 3-8 years."""
        day = START - dt.timedelta(days=self.rng.randrange(0, 3 * 365))
        while day <= END:
            name, aliases, female = self._name(region)
            person = Person(name, aliases, country, home, female)
            index = len(self.people)
            self.people.append(person)
            end = day + dt.timedelta(days=self.rng.randrange(3 * 365, 8 * 365))
            span = Span(index, title, day, None if end > END else end, weight)
            person.spans.append(span)
            self.spans.append(span)
            day = end + dt.timedelta(days=1)

    def _cast(self) -> None:
        info = {c[0]: c for c in COUNTRIES}
        syria = info["Syria"]
        for post, weight in SYRIAN_POSTS:
            self._fill(f"Syrian {post}", "Syria", syria[2], "Damascus", weight * syria[3])
        for title, region, weight in ORG_POSTS:
            self._fill(title, None, region, "Geneva", weight * 4)
        for country in PARTNERS:
            _, demonym, region, cweight, cities = info[country]
            for post, weight in PARTNER_POSTS:
                home = "Damascus" if "to Syria" in post else cities[0][0]
                self._fill(f"{demonym} {post}", country, region, home, weight * cweight)
        others = list(COUNTRIES)
        self.rng.shuffle(others)  # which countries' ministers appear varies with the seed
        for post, weight in OTHER_POSTS:
            for country, demonym, region, cweight, cities in others:
                if country == "Syria" or country in PARTNERS:
                    continue
                if len(self.people) >= SPEAKER_TARGET:
                    return
                home = "Damascus" if "to Syria" in post else cities[0][0]
                self._fill(f"{demonym} {post}", country, region, home, weight * cweight)

    def span_on(self, day: dt.date, exclude: int | None = None) -> Span:
        candidates = [
            s for s in self._by_year[day.year]
            if s.start <= day and (s.end is None or day <= s.end) and s.person != exclude
        ]
        return self.rng.choices(candidates, weights=[s.weight for s in candidates])[0]

    def any_span(self, exclude: int | None = None) -> Span:
        candidates = [s for s in self.spans if s.person != exclude]
        return self.rng.choices(candidates, weights=[s.weight for s in candidates])[0]

    def city(self, name: str) -> City:
        return next(c for c in self.cities if c.name == name)


# ---- writing one story ----------------------------------------------------------------------
class Writer:
    """Builds wire stories sentence by sentence from the pools above."""

    def __init__(self, rng: random.Random, world: World, repeats: float = 0.0,
                 repeat_rng: random.Random | None = None) -> None:
        self.rng = rng
        # Wire archives repeat headlines for years ("X receives credentials of new
        # ambassadors"): this share of articles reuses an earlier headline. Drawn from its
        # own generator so that a share of 0 leaves the archive byte for byte as before.
        self.repeats = repeats
        self.repeat_rng = repeat_rng or random.Random(0)
        self.titles: list[str] = []
        self.world = world
        self.slugs: set[str] = set()
        self.numbers: dict[str, int] = {}
        self.weights = [w for _, w in SOURCES]

    def _fill(self, template: str, ctx: dict[str, str]) -> str:
        nouns = ctx["nouns"].split("|")
        return template.format(
            noun=self.rng.choice(nouns),
            noun2=self.rng.choice(nouns),
            country=ctx["country"],
            other=ctx["other"],
            city=ctx["city"],
            goal=self.rng.choice(GOALS),
        )

    def clause(self, ctx: dict[str, str]) -> str:
        return self._fill(self.rng.choice(CLAUSES), ctx)

    def quote(self, ctx: dict[str, str]) -> str:
        text = self._fill(self.rng.choice(QUOTES), ctx)
        return text[0].upper() + text[1:]

    @staticmethod
    def role_noun(role: str) -> str | None:
        """How a second reference names the office: "The Minister", "The Ambassador"."""
        for word in ("Minister", "Ambassador", "President", "Envoy", "Speaker",
                     "Secretary-General", "Representative"):
            if word in role.split():
                return f"The {word}"
        return None

    def dateline(self, source: str, city: City, day: dt.date | None) -> str:
        """The lead's opening credit in each agency's house style."""
        shown = self.rng.choice(city.aliases) if city.aliases and self.rng.random() < 0.2 \
            else city.name
        month_day = ""
        if day is not None:
            month_day = f"{MONTHS_AP[day.month - 1]} {day.day}"
        else:  # undated scrapes still carry a month and day, without a year, sometimes
            month_day = f"{self.rng.choice(MONTHS_AP)} {self.rng.randrange(1, 29)}"
        if source == "SANA":
            return f"{shown}, SANA" + self.rng.choice((" –", " –", "-", " -", "_"))
        if source == "Reuters":
            return f"{shown.upper()} (Reuters) -"
        if source == "IRNA":
            return f"{shown}, {month_day} (IRNA) --"
        if source == "TASS":
            return f"{shown.upper()}, {month_day.replace('.', '')}. /TASS/."
        if source == "Xinhua":
            return f"{shown.upper()}, {month_day.replace('.', '')} (Xinhua) --"
        return f"{shown}, {month_day.replace('.', '')} (Prensa Latina)"

    def headline(self, speaker: Person, other: Person, nouns: Sequence[str], city: str) -> str:
        noun = self.rng.choice(nouns)
        kind = self.rng.randrange(5)
        if kind == 0:
            return f"{speaker.surname}: {noun[0].upper() + noun[1:]} " + self.rng.choice(
                HEADLINE_PREDICATES)
        if kind == 1:
            return f"{speaker.surname} {self.rng.choice(HEADLINE_VERBS)} {noun} with " \
                   f"{other.surname} in {city}"
        if kind == 2:
            return f"{speaker.surname} {self.rng.choice(HEADLINE_VERBS)} {noun}"
        if kind == 3:
            return f"{speaker.surname} receives {other.surname}, discusses {noun}"
        return f"{speaker.surname} and {other.surname} {self.rng.choice(('discuss', 'review'))} " \
               f"{noun} in {city}"

    def unique_title(self, make: Iterable[str]) -> tuple[str, str]:
        """A headline whose slug no earlier article has (sana-archive rejects shared URLs)."""
        title = ""
        for title in make:
            slug = slugify(title, max_length=SLUG_MAX, word_boundary=True, save_order=True)
            if slug and slug not in self.slugs:
                self.slugs.add(slug)
                return title, slug
        # Counting on from the last number this headline took: trying 2, 3, ... afresh each
        # time made generating 100,000 articles quadratic.
        # A long headline is shortened until its number survives the slug's length limit;
        # otherwise the number is cut off and no candidate is ever new (at 100,000 articles).
        number = self.numbers.get(title, 2)
        while True:
            words = title.split()
            while True:
                candidate = f"{' '.join(words)} ({number})"
                slug = slugify(candidate, max_length=SLUG_MAX, word_boundary=True,
                               save_order=True)
                if slug.endswith(f"-{number}") or len(words) <= 1:
                    break
                words.pop()
            number += 1
            if slug not in self.slugs:
                self.slugs.add(slug)
                self.numbers[title] = number
                return candidate, slug

    def article(self, index: int) -> Article:
        rng, world = self.rng, self.world
        undated = rng.random() < UNDATED_SHARE
        day = None if undated else START + dt.timedelta(
            days=rng.randrange((END - START).days + 1))
        span = world.span_on(day) if day else world.any_span()
        speaker = world.people[span.person]
        other_span = world.span_on(day, span.person) if day else world.any_span(span.person)
        other = world.people[other_span.person]
        source = rng.choices([s for s, _ in SOURCES], weights=self.weights)[0]
        if rng.random() < 0.55:
            city = world.city(speaker.home)
        elif rng.random() < 0.5:
            city = world.city(other.home)
        else:
            city = rng.choice(world.cities)
        topics = rng.sample(TOPICS, rng.choice((1, 1, 2, 2, 2, 3)))
        nouns = [n for t in topics for n in t[2]]
        country = speaker.country or "the United Nations"
        ctx = {
            "nouns": "|".join(nouns),
            "country": country,
            "other": other.country if other.country not in (None, speaker.country) else
            rng.choice([c for c in PARTNERS if c != speaker.country]),
            "city": city.name,
        }
        weekday = WEEKDAYS[day.weekday()] if day else rng.choice(WEEKDAYS)
        he = "She" if speaker.female else "He"
        written = speaker.aliases[0] if speaker.aliases and rng.random() < 0.15 else speaker.name
        role, other_role = span.title, other_span.title

        title, slug = self.unique_title(
            self.headline(speaker, other, nouns, city.name) for _ in range(30))
        if self.titles and self.repeat_rng.random() < self.repeats:
            # The same headline again, in a file of its own name (files are named by slug).
            title = self.repeat_rng.choice(self.titles)
            slug = slugify(title, max_length=SLUG_MAX - 8, word_boundary=True,
                           save_order=True) + f"-r{index}"
        else:
            self.titles.append(title)
        paragraphs = [
            f"{self.dateline(source, city, day)} {role} {written} {rng.choice(VERBS)} on "
            f"{weekday} that {self.clause(ctx)}.",
            f"In {rng.choice(MEETINGS)} with {other_role} {other.name} in {city.name}, "
            f"{speaker.surname} said that {self.clause(ctx)}, {rng.choice(PARTICIPLES)} that "
            f"{self.clause(ctx)}.",
        ]
        quotes = rng.randrange(1, 4)
        count = sum(len(p.split()) for p in paragraphs)
        target = rng.randrange(WORDS_MIN, WORDS_MAX - 40)
        kinds = ["quote"] * quotes + ["filler", "filler", "reply", "earlier", "filler",
                                      "filler", "reply", "filler", "close"]
        rng.shuffle(kinds)
        step = 0
        while count < target:
            kind = kinds[step] if step < len(kinds) else "filler"
            step += 1
            if kind == "quote":
                paragraph = rng.choice((
                    f"“{self.quote(ctx)},” {speaker.surname} said, "
                    f"{rng.choice(PARTICIPLES)} that {self.clause(ctx)}.",
                    f"{speaker.surname} {rng.choice(VERBS)} that {self.clause(ctx)}, saying "
                    f"“{self.quote(ctx)}.”",
                    f"“{self.quote(ctx)}. {self.quote(ctx)},” {he.lower()} added.",
                ))
            elif kind == "reply":
                paragraph = (
                    f"For {'her' if other.female else 'his'} part, {other.name} "
                    f"{rng.choice(VERBS)} that {self.clause(ctx)}, {rng.choice(PARTICIPLES)} "
                    f"that {self.clause(ctx)}.")
            elif kind == "earlier":
                paragraph = (
                    f"Earlier on {rng.choice(WEEKDAYS)}, {speaker.surname} met a delegation in "
                    f"{rng.choice(world.cities).name} and {rng.choice(VERBS)} that "
                    f"{self.clause(ctx)}.")
            elif kind == "close":
                paragraph = (
                    f"The {rng.choice(('meeting', 'talks', 'visit'))} was attended by a number "
                    f"of officials from both sides, and {speaker.surname} is expected to "
                    f"travel to {rng.choice(world.cities).name} next {rng.choice(WEEKDAYS)}.")
            else:
                paragraph = (
                    f"{rng.choice((he, self.role_noun(role) or he, speaker.surname))} "
                    f"{rng.choice(VERBS)} that {self.clause(ctx)}, {rng.choice(PARTICIPLES)} "
                    f"that {self.clause(ctx)}.")
            words = len(paragraph.split())
            if count + words > WORDS_MAX and count >= WORDS_MIN:
                break
            paragraphs.append(paragraph)
            count += words

        tail: list[str] = []
        if source == "SANA":
            if rng.random() < 0.85:
                first, second = rng.sample(EDITORS, 2)
                tail.append(rng.choice((
                    f"{first} {rng.choice(EDITOR_SURNAMES)}", f"{first}/{second}",
                    f"{first} / {second}")))
            if rng.random() < 0.2:
                other_city = rng.choice(world.cities).name
                tail += ["Check Also",
                         f"{other.surname} {rng.choice(HEADLINE_VERBS)} {rng.choice(nouns)}",
                         f"{other_city}, SANA- {other_role} {other.name} "
                         f"{rng.choice(VERBS)} that {self.clause(ctx)[:60]} …"]
        elif source == "Reuters":
            first, second = rng.sample(REPORTERS, 2)
            tail.append(f"(Reporting by {first}; Editing by {second})")
        single = source == "SANA" and rng.random() < 0.4  # some scrapes lost blank lines
        body = "\n".join([title, "", *paragraphs]) if single else \
            "\n\n".join([title, *paragraphs])
        if tail:
            body += "\n\n" + "\n\n".join(tail)
        written_speaker = written if rng.random() < 0.3 else speaker.name
        return Article(
            index=index, title=title, slug=slug, date=day, source=source,
            location=city.name, speakers=((written_speaker, role),),
            topics=tuple(t[0] for t in topics), body=body + "\n",
        )


# ---- the three copies ------------------------------------------------------------------------
def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def folder(article: Article) -> str:
    return str(article.date.year) if article.date else "undated"


def sana_registries(world: World) -> dict[str, str]:
    """content/_data registries in the shapes registry.parse_* read."""
    speakers = []
    for person in world.people:
        lines = [f"- name: {q(person.name)}"]
        if person.aliases:
            lines.append(f"  aliases: [{', '.join(q(a) for a in person.aliases)}]")
        if person.country:
            lines.append(f"  country: {q(person.country)}")
        lines.append("  roles:")
        for span in person.spans:
            lines.append(f"    - title: {q(span.title)}")
            lines.append(f"      from: {span.start.isoformat()}")
            if span.end:
                lines.append(f"      to: {span.end.isoformat()}")
        speakers.append("\n".join(lines))
    locations = []
    for city in world.cities:
        lines = [f"- name: {q(city.name)}"]
        if city.aliases:
            lines.append(f"  aliases: [{', '.join(q(a) for a in city.aliases)}]")
        lines += [f"  country: {q(city.country)}", f"  latitude: {city.latitude}",
                  f"  longitude: {city.longitude}"]
        locations.append("\n".join(lines))
    topics = [
        f"- name: {q(name)}\n  keywords: [{', '.join(q(k) for k in keywords)}]"
        for name, keywords, _ in TOPICS
    ]
    header = "# Generated by benchmarks/generate.py: synthetic officials, real cities.\n"
    return {
        "speakers.yaml": header + "\n".join(speakers) + "\n",
        "locations.yaml": header + "\n".join(locations) + "\n",
        "topics.yaml": header + "\n".join(topics) + "\n",
    }


SANA_SITE = """\
# Generated by benchmarks/generate.py ({count} synthetic articles, seed {seed}).
title: Benchmark Statements Archive
description: A synthetic archive for measuring build speed.
base_url: http://localhost:8000/
language: en
page_size: 50
home_size: 20
"""


def write_sana(root: Path, articles: Sequence[Article], world: World, seed: int) -> dict[str, str]:
    write(root / "site.yaml", SANA_SITE.format(count=len(articles), seed=seed))
    for name, text in sana_registries(world).items():
        write(root / "content" / "_data" / name, text)
    for article in articles:
        lines = ["---", f"title: {q(article.title)}"]
        if article.date:
            lines.append(f"date: {article.date.isoformat()}")
        lines.append("speakers:")
        for name, role in article.speakers:
            lines.append(f"  - name: {q(name)}")
            lines.append(f"    role: {q(role)}")
        lines.append(f"location: {q(article.location)}")
        lines.append(f"topics: [{', '.join(q(t) for t in article.topics)}]")
        lines.append(f"source: {q(article.source)}")
        lines.append("---")
        write(root / "content" / folder(article) / f"{article.slug}.txt",
              "\n".join(lines) + "\n" + article.body)
    for name in ("templates", "static"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    template = root / "templates" / "article.html"
    if template.exists():
        write(template, template.read_text(encoding="utf-8").rstrip("\n") +
              f"\n{{# {MARKER} 0 #}}\n")
    first = articles[0]
    return {"article": f"content/{folder(first)}/{first.slug}.txt",
            "template": "templates/article.html", "comment": "{# %s #}"}


def peer_body(article: Article) -> str:
    """The wire text as Markdown paragraphs (scrapes with single newlines get blank lines)."""
    paragraphs = [p.strip() for p in article.body.split("\n") if p.strip()]
    return "\n\n".join(paragraphs) + "\n"


HUGO_CONFIG = """\
# Generated by benchmarks/generate.py ({count} synthetic articles, seed {seed}).
baseURL = "http://localhost:8000/"
languageCode = "en"
title = "Benchmark Statements Archive"
disableKinds = ["rss"]
enableRobotsTXT = true

[taxonomies]
speaker = "speakers"
location = "locations"
topic = "topics"

[pagination]
pagerSize = 50

[permalinks.page]
statements = "/statements/:slug/"
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "/speakers/" | relURL }}">Speakers</a>
<a href="{{ "/locations/" | relURL }}">Locations</a>
<a href="{{ "/topics/" | relURL }}">Topics</a>
<a href="{{ "/statements/" | relURL }}">Statements</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<dl>
<dt>Date</dt><dd>{{ if .Params.undated }}Date unknown{{ else }}
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ end }}</dd>
{{ with .GetTerms "speakers" }}<dt>Speakers</dt><dd><ul>{{ range . }}
<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>{{ end }}
{{ with .Params.roles }}<dt>Roles</dt><dd>{{ delimit . "; " }}</dd>{{ end }}
{{ with .GetTerms "locations" }}<dt>Location</dt><dd>{{ range . }}
<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd>{{ end }}
{{ with .Params.source }}<dt>Source</dt><dd>{{ . }}</dd>{{ end }}
{{ with .GetTerms "topics" }}<dt>Topics</dt><dd><ul>{{ range . }}
<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>{{ end }}
</dl>
<div class="body">{{ .Content }}</div>
</article>
<nav class="prev-next">
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</nav>
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pag := .Paginate .Pages }}
{{ partial "items.html" $pag.Pages }}
{{ partial "pager.html" $pag }}
{{ end }}
""",
    "term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ len .Pages }} statements</p>
{{ $pag := .Paginate .Pages }}
{{ partial "items.html" $pag.Pages }}
{{ partial "pager.html" $pag }}
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> {{ .Count }}</li>{{ end }}</ul>
{{ end }}
""",
    "home.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ partial "items.html" (first 20 (where site.RegularPages "Section" "statements")) }}
{{ end }}
""",
    "_partials/items.html": """\
<ul class="items">{{ range . }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ if .Params.undated }}undated{{ else }}<time>{{ .Date.Format "2006-01-02" }}</time>{{ end }}
{{ with .Params.locations }} · {{ index . 0 }}{{ end }}</li>{{ end }}</ul>
""",
    "_partials/pager.html": """\
{{ if gt .TotalPages 1 }}<nav class="pager">
{{ with .Prev }}<a rel="prev" href="{{ .URL }}">Newer</a>{{ end }}
Page {{ .PageNumber }} of {{ .TotalPages }}
{{ with .Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}</nav>{{ end }}
""",
}


def write_hugo(root: Path, articles: Sequence[Article], seed: int) -> dict[str, str]:
    write(root / "hugo.toml", HUGO_CONFIG.format(count=len(articles), seed=seed))
    for name, text in HUGO_LAYOUTS.items():
        write(root / "layouts" / name, text)
    single = root / "layouts" / "single.html"
    write(single, single.read_text(encoding="utf-8") + f"{{{{/* {MARKER} 0 */}}}}\n")
    write(root / "content" / "statements" / "_index.md", "---\ntitle: Statements\n---\n")
    for article in articles:
        day = article.date or PLACEHOLDER_DATE
        lines = ["---", f"title: {q(article.title)}", f"slug: {q(article.slug)}",
                 f"date: {day.isoformat()}"]
        if article.date is None:
            lines.append("undated: true")
        lines.append(f"speakers: [{', '.join(q(n) for n, _ in article.speakers)}]")
        lines.append(f"roles: [{', '.join(q(f'{n}, {r}') for n, r in article.speakers)}]")
        lines.append(f"locations: [{q(article.location)}]")
        lines.append(f"topics: [{', '.join(q(t) for t in article.topics)}]")
        lines.append(f"source: {q(article.source)}")
        lines.append("---")
        write(root / "content" / "statements" / folder(article) / f"{article.slug}.md",
              "\n".join(lines) + "\n" + peer_body(article))
    if (REPO / "static").is_dir():
        shutil.copytree(REPO / "static", root / "static", dirs_exist_ok=True)
    first = articles[0]
    return {"article": f"content/statements/{folder(first)}/{first.slug}.md",
            "template": "layouts/single.html", "comment": "{{/* %s */}}"}


PELICAN_CONFIG = """\
# Generated by benchmarks/generate.py ({count} synthetic articles, seed {seed}).
AUTHOR = "Benchmark"
SITENAME = "Benchmark Statements Archive"
SITEURL = ""
PATH = "content"
THEME = {theme}
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
DEFAULT_PAGINATION = 50
RELATIVE_URLS = True
USE_FOLDER_AS_CATEGORY = False
STATIC_PATHS = ["static"]
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
ARTICLE_URL = "statements/{{slug}}/"
ARTICLE_SAVE_AS = "statements/{{slug}}/index.html"
AUTHOR_URL = "speakers/{{slug}}/"
AUTHOR_SAVE_AS = "speakers/{{slug}}/index.html"
CATEGORY_URL = "locations/{{slug}}/"
CATEGORY_SAVE_AS = "locations/{{slug}}/index.html"
TAG_URL = "topics/{{slug}}/"
TAG_SAVE_AS = "topics/{{slug}}/index.html"
"""


def pelican_theme() -> Path | None:
    """The installed notmyidea theme, copied so a template edit never touches site-packages."""
    try:
        import pelican  # type: ignore[import-untyped]
    except ImportError:
        return None
    theme = Path(pelican.__file__).parent / "themes" / "notmyidea"
    return theme if theme.is_dir() else None


def write_pelican(root: Path, articles: Sequence[Article], seed: int) -> dict[str, str]:
    theme = pelican_theme()
    if theme is not None:
        shutil.copytree(theme, root / "theme", dirs_exist_ok=True)
        template = root / "theme" / "templates" / "article.html"
        write(template, template.read_text(encoding="utf-8").rstrip("\n") +
              f"\n{{# {MARKER} 0 #}}\n")
    write(root / "pelicanconf.py", PELICAN_CONFIG.format(
        count=len(articles), seed=seed, theme='"theme"' if theme else '"notmyidea"'))
    for article in articles:
        day = article.date or PLACEHOLDER_DATE
        lines = [f"Title: {article.title}", f"Slug: {article.slug}",
                 f"Date: {day.isoformat()}",
                 f"Authors: {', '.join(n for n, _ in article.speakers)}",
                 f"Category: {article.location}",
                 f"Tags: {', '.join(article.topics)}",
                 f"Source: {article.source}",
                 f"Roles: {'; '.join(r for _, r in article.speakers)}"]
        if article.date is None:
            lines.append("Undated: true")
        write(root / "content" / folder(article) / f"{article.slug}.md",
              "\n".join(lines) + "\n\n" + peer_body(article))
    if (REPO / "static").is_dir():
        shutil.copytree(REPO / "static", root / "content" / "static", dirs_exist_ok=True)
    first = articles[0]
    return {"article": f"content/{folder(first)}/{first.slug}.md",
            "template": "theme/templates/article.html" if theme else "",
            "comment": "{# %s #}"}


def make_articles(count: int, seed: int, repeats: float = 0.0) -> tuple[World, list[Article]]:
    """The archive itself; a pure function of (count, seed, repeats)."""
    rng = random.Random(seed)
    world = World(rng)
    writer = Writer(rng, world, repeats, random.Random(f"repeats-{seed}"))
    return world, [writer.article(i) for i in range(count)]


def generate(count: int, out: Path, seed: int = 1, engines: Sequence[str] = ENGINES,
             repeats: float = 0.0) -> dict:
    """Write the archive under ``out/<engine>/`` and a manifest the runner reads."""
    if count < 1:
        raise ValueError("--articles must be at least 1")
    if not 0.0 <= repeats < 1.0:
        raise ValueError("--repeat-headlines must be a share between 0 and 1")
    world, articles = make_articles(count, seed, repeats)
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict = {
        "articles": count,
        "seed": seed,
        "undated": sum(1 for a in articles if a.date is None),
        "repeated_headlines": count - len({a.title for a in articles}),
        "speakers": len(world.people),
        "locations": len(world.cities),
        "topics": len(TOPICS),
        "placeholder_date": PLACEHOLDER_DATE.isoformat(),
        "marker": MARKER,
        "words": {
            "min": min(len(a.body.split()) for a in articles),
            "max": max(len(a.body.split()) for a in articles),
            "mean": round(sum(len(a.body.split()) for a in articles) / count, 1),
        },
        "engines": {},
    }
    for engine in engines:
        root = out / engine
        if root.exists():
            shutil.rmtree(root)
        if engine == "sana":
            manifest["engines"][engine] = write_sana(root, articles, world, seed)
        elif engine == "hugo":
            manifest["engines"][engine] = write_hugo(root, articles, seed)
        elif engine == "pelican":
            manifest["engines"][engine] = write_pelican(root, articles, seed)
        else:
            raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    write(out / "manifest.json", json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True, help="how many articles")
    parser.add_argument("--out", type=Path, required=True, help="work folder to write into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help="comma-separated subset of sana,hugo,pelican")
    parser.add_argument("--repeat-headlines", type=float, default=0.0, metavar="SHARE",
                        help="share of articles reusing an earlier headline (default 0)")
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    try:
        manifest = generate(args.articles, args.out, args.seed, engines, args.repeat_headlines)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({k: v for k, v in manifest.items() if k != "engines"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
