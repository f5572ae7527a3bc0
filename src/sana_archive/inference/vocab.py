"""Word lists that tell a role from a name and a verb of speech from any other verb.

These are facts about how English wire copy is written (titles, demonyms, agencies), not
about any particular story; a name is whatever capitalised run is left when they are
taken away. All sets hold case-folded words.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A set from whitespace-separated words, so long lists stay readable."""
    return frozenset(text.split())


# Words that make a phrase a title ("Foreign Minister", "spokeswoman", "Secretary-General").
TITLE_WORDS = words("""
counterpart counterparts fm pm
minister premier president vice-president secretary secretary-general general envoy
ambassador spokesman spokeswoman spokesperson head chairman chairwoman chair director
director-general representative commissioner chief commander speaker governor mayor adviser
advisor advisers counselor counsellor deputy king queen emir prince crown sultan sheikh
chancellor senator lawmaker mp member leader coordinator delegate negotiator official
diplomat mufti patriarch pope envoy chargé charge d'affaires consul attaché undersecretary
under-secretary assistant aide officer spokesmen ministers presidents ambassadors rapporteur
prosecutor excellency dr. mr. mrs. ms. h.e. professor prof. judge justice colonel major
lieutenant brigadier marshal admiral captain sergeant
""")

# Words that belong in a role or an organisation, never in a person's name.
ROLE_WORDS = TITLE_WORDS | words("""
top senior veteran interim caretaker outgoing incoming visiting accompanying
house kremlin pentagon palace embassy embassies coalition group front movement party
brigade brigades authority authorities corporation company bank university institute center
centre foundation watch program programme fund court tribunal bureau service services police
directorate presidency cabinet senate congress duma majlis knesset council's ministry's
foreign affairs expatriates expatriate defense defence interior justice economy finance
trade state national security council nations united republic arab federation federal
ministry office department agency organization organisation union league assembly parliament
people's people council's committee commission delegation mission permanent special prime
first second third acting former political military international regional human rights
general's information health education culture energy oil industry supreme high higher world
european gulf islamic kingdom emirates arabia states administration government regime army
forces force navy air guard revolutionary news tv television radio newspaper channel daily
times press media agency's the of for and to on in at a an
""")

MEDIA_WORDS = words("""
news tv television radio newspaper channel daily times agency magazine network broadcaster
website outlet journal gazette press
""")

COUNTRIES = words("""
syria russia iran iraq turkey lebanon jordan egypt israel palestine saudi arabia qatar uae
emirates kuwait bahrain oman yemen sudan libya tunisia algeria morocco china india pakistan
afghanistan kazakhstan uzbekistan turkmenistan kyrgyzstan tajikistan azerbaijan armenia
georgia belarus ukraine germany france britain england italy spain switzerland austria
belgium netherlands greece cyprus sweden norway finland denmark poland hungary serbia
america canada mexico cuba venezuela brazil argentina japan korea indonesia malaysia us usa
uk eu un europe asia africa washington moscow damascus tehran beijing ankara
albania andorra angola antigua australia azerbaijan bahamas bangladesh barbados belize benin
bhutan bolivia bosnia herzegovina botswana brunei bulgaria burkina faso burundi cambodia
cameroon chad chile colombia comoros congo croatia czechia czech djibouti dominica ecuador
eritrea estonia eswatini ethiopia fiji gabon gambia ghana grenada guatemala guinea guyana
haiti honduras iceland ireland jamaica kenya kiribati kosovo laos latvia lesotho liberia
liechtenstein lithuania luxembourg madagascar malawi maldives mali malta mauritania mauritius
moldova monaco mongolia montenegro mozambique myanmar namibia nauru nepal nicaragua niger
nigeria macedonia palau panama paraguay peru philippines portugal romania rwanda samoa
senegal seychelles singapore slovakia slovenia somalia sri lanka suriname tanzania thailand
timor togo tonga trinidad tobago tuvalu uganda uruguay vanuatu vatican vietnam zambia zimbabwe
scotland wales zealand
""")

DEMONYMS = words("""
syrian russian iranian iraqi turkish lebanese jordanian egyptian israeli palestinian saudi
qatari emirati kuwaiti bahraini omani yemeni sudanese libyan tunisian algerian moroccan
chinese indian pakistani afghan kazakh uzbek turkmen kyrgyz tajik azerbaijani armenian
georgian belarusian ukrainian german french british english italian spanish swiss austrian
belgian dutch greek cypriot swedish norwegian finnish danish polish hungarian serbian
american canadian mexican cuban venezuelan brazilian argentine japanese korean indonesian
malaysian european arab african asian western eastern un us u.s. uk eu osce opcw nato
albanian australian azeri bangladeshi bolivian bosnian bulgarian cambodian cameroonian chilean
colombian croatian czech ecuadorian eritrean estonian ethiopian filipino ghanaian guatemalan
icelandic irish jamaican kenyan kosovar lao latvian lithuanian luxembourgish malagasy malian
maltese mauritanian moldovan mongolian montenegrin mozambican myanmar namibian nepalese
nicaraguan nigerian nigerien macedonian panamanian paraguayan peruvian portuguese romanian
rwandan senegalese singaporean slovak slovenian somali lankan sri tanzanian thai ugandan
uruguayan vietnamese zambian zimbabwean scottish welsh kuwaiti sahrawi kurdish
""")

# Capitalised words that start sentences or clauses and are never part of a name.
FUNCTION_CAPS = words("""
the a an in on at during after before earlier later meanwhile however but and also as
according speaking regarding concerning commenting referring addressing talking in he she it
they we i his her its their our this that these those there here when while if since with
without from by to of for about under over between among upon into mr mrs ms dr his
excellency his majesty sir lord monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december jan
feb mar apr jun jul aug sep sept oct nov dec today yesterday
""")

# Words of region names ("the Middle East and North Africa Countries"), never of a person's.
REGION_WORDS = words("""
north south east west northern southern eastern western central middle far near africa asia
americas countries region regions territories caucasus balkans levant maghreb sahel pacific
atlantic mediterranean
""")

NAME_PARTICLES = words("""
al el de da di du van von der den la le bin ibn bint abu dos del
""")

REPORTING_VERBS = words("""
said says say stressed stresses affirmed affirms asserted asserts noted notes added adds
told tells stated states explained explains emphasized emphasised emphasizes emphasises
underlined underlines pointed points indicated indicates announced announces declared
declares confirmed confirms warned warns expressed expresses voiced revealed reveals
highlighted highlights reiterated reiterates urged urges called calls hailed hails described
describes considered considers criticized criticised condemned condemns denied denies
pledged pledges vowed vows promised promises reaffirmed reaffirms underscored underscores
outlined outlines assured assures
welcomed welcomes replied replies answered clarified mentioned argued insisted rejected
rejects discussed discusses renewed renews went agreed exchanged reported reports wrote
writes saying speaking briefed demanded demands praised praises commented comments lauded
accused accuses
""")

MEETING_WORDS = words("""
met meet meets meeting meetings talks talk discussed discuss discusses discussion
discussions conference phone telephone call conversation held hold holds received receives
receiving hosted hosts agreed exchanged consultations negotiations session sidelines signed
talked reviewed
""")

# Verbs and nouns that make a weekday belong to the reported statement or meeting.
EVENT_ANCHORS = REPORTING_VERBS | MEETING_WORDS | words("""
statement interview press briefing broadcast published announcement remarks speech
""")

FUTURE_CUES = words("""
will would next upcoming scheduled shall planned expected
""")

PRONOUNS = words("""
he she him her
""")

# Agency credits as the agencies write themselves; anything else is kept as written.
AGENCIES = {
    "sana": "SANA", "st": "Syria Times", "syria times": "Syria Times", "irna": "IRNA",
    "ap": "AP", "associated press": "AP", "reuters": "Reuters", "xinhua": "Xinhua",
    "kazinform": "Kazinform", "tasnim": "Tasnim", "sputnik": "Sputnik", "afp": "AFP",
    "tass": "TASS", "ria novosti": "RIA Novosti", "mna": "MNA", "mehr": "Mehr",
    "fna": "FNA", "fars": "Fars", "presstv": "Press TV", "press tv": "Press TV",
    "isna": "ISNA", "ilna": "ILNA", "aa": "AA", "anadolu": "Anadolu", "wam": "WAM",
    "spa": "SPA", "kuna": "KUNA", "qna": "QNA", "mena": "MENA", "petra": "Petra",
    "nna": "NNA", "nina": "NINA", "ians": "IANS", "pti": "PTI", "cgtn": "CGTN",
    "interfax": "Interfax", "al-manar": "Al-Manar", "almanar": "Al-Manar",
    "prensa latina": "Prensa Latina", "belta": "BelTA", "trend": "Trend", "apa": "APA",
    "azertac": "AZERTAC", "armenpress": "Armenpress", "dpa": "dpa", "efe": "EFE",
    "ansa": "ANSA", "kyodo": "Kyodo", "yonhap": "Yonhap", "bernama": "Bernama",
    "syrian arab news agency": "SANA", "anadolu agency": "Anadolu", "anatolian": "Anadolu",
    "anatolian agency": "Anadolu", "report.az": "Report.az",
    "khovar": "Khovar", "niat khovar": "Khovar", "north press": "North Press",
    "npa": "North Press", "defapress": "Defapress", "china daily": "China Daily",
    "xinhua news agency": "Xinhua", "tass news agency": "TASS", "itar-tass": "TASS",
    "islamic republic news agency": "IRNA", "mehr news agency": "Mehr",
    "tasnim news agency": "Tasnim", "fars news agency": "Fars", "kuwait news agency": "KUNA",
    "saudi press agency": "SPA", "emirates news agency": "WAM", "qatar news agency": "QNA",
    "middle east news agency": "MENA", "jordan news agency": "Petra", "akipress": "AKIpress",
    "ria": "RIA Novosti", "al mayadeen": "Al Mayadeen",
    "al-mayadeen": "Al Mayadeen", "cna": "CNA", "bna": "BNA", "ina": "INA", "sputnik news":
    "Sputnik", "rt": "RT", "tolonews": "TOLOnews", "trend news agency": "Trend",
}
