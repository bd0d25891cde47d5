"""The countries a customer may live in, as ISO 3166-1 alpha-2 codes: one list for the API
and the site.

Only codes live here (a few hundred bytes): the names, in each language and in that
language's order, are CLDR's, taken from Babel when the site is built
(site/plugins/portico_i18n.py), so Babel's 30 MB of locale data never enters the Lambda
package. tests/unit/test_countries.py checks that CLDR names every code below and that
every CLDR country is here.
"""

# ISO 3166-1 alpha-2 (249 codes).
CODES = frozenset("AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW".split())

# CLDR territories with two-letter codes that are not ISO 3166-1 countries: regions (EU,
# EZ, UN), pseudo-locales (XA, XB), unknown (ZZ, QO), Kosovo's provisional XK, and
# ISO's "exceptionally reserved" parts of other countries (AC, CP, DG, EA, IC, TA).
NOT_COUNTRIES = frozenset("AC CP DG EA EU EZ IC QO TA UN XA XB XK ZZ".split())

# Member states of the European Union: postcodes and VAT numbers are checked for these.
EU = frozenset("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())
