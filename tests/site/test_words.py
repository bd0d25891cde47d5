"""Words from one source: CLDR countries and security questions, the same for site and API."""

import pytest
from babel import Locale
from portico_i18n import collation_key, load_countries

from chalicelib.countries import CODES, NOT_COUNTRIES
from chalicelib.validation import COUNTRIES
from tests.site.conftest import PAGES


def test_every_cldr_country_is_an_api_country_and_back():
    cldr = {code for code in Locale.parse("es").territories if len(code) == 2 and code.isalpha()}
    assert cldr - NOT_COUNTRIES == CODES == COUNTRIES


@pytest.mark.parametrize("lang", ["es", "en"])
def test_site_list_has_exactly_the_api_codes_with_cldr_names(lang):
    countries = load_countries(lang)
    assert {code for code, _ in countries} == COUNTRIES
    names = dict(countries)
    assert names["DZ"] == {"es": "Argelia", "en": "Algeria"}[lang]
    assert names["SR"] == {"es": "Surinam", "en": "Suriname"}[lang]
    assert names["CI"] == "Côte d’Ivoire"


def test_country_lists_and_collators_are_built_once_per_language():
    """Each costs about 0.18 s; a build asks for them on several pages."""
    assert load_countries("es") is load_countries("es") and collation_key("en") is collation_key("en")
    assert load_countries("es") is not load_countries("en")


def test_spanish_order_is_spanish_collation():
    key = collation_key("es")
    words = ["Oman", "Ñandú", "Nzz", "Noruega", "Ázores", "Zeta", "Alemania", "Islas Åland", "Islas Azores"]
    assert sorted(words, key=key) == [
        "Alemania", "Ázores", "Islas Åland", "Islas Azores", "Noruega", "Nzz", "Ñandú", "Oman", "Zeta",
    ]


def test_english_order_puts_accented_letters_with_their_base_letter():
    names = [name for _, name in load_countries("en")]
    assert names.index("Afghanistan") < names.index("Åland Islands") < names.index("Albania")
    assert names.index("Costa Rica") < names.index("Côte d’Ivoire") < names.index("Croatia")


def test_spanish_page_lists_countries_in_spanish_order(page):
    options = [(a["value"], t) for a, t, _p in page("/clientarea/register/").find("option") if len(a.get("value", "")) == 2 and a["value"].isupper()]
    names = [t for _, t in options]
    assert {v for v, _ in options} == COUNTRIES
    assert names == sorted(names, key=collation_key("es"))
    # Accents do not send a name to the end: Austria < Azerbaiyán < Bahamas < Bélgica < Belice.
    assert names.index("Austria") < names.index("Bélgica") < names.index("Belice") < names.index("Benín")


@pytest.mark.parametrize("url", ["/clientarea/register/", "/en/clientarea/register/", "/clientarea/account/"])
def test_language_options_are_each_in_their_own_language(page, url):
    options = {a["value"]: t for a, t, _p in page(url).find("option") if a.get("value") in ("es", "en")}
    assert options == {"es": "Español", "en": "English"}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_security_questions_are_the_api_keys_with_the_api_words(page, lang):
    from chalicelib.accounts.questions import QUESTIONS
    from chalicelib.i18n import t

    url = "/clientarea/security-question/" if lang == "es" else "/en/clientarea/security-question/"
    options = [(a["value"], text) for a, text, _p in page(url).find("option") if a.get("value")]
    assert options == [(key, t(f"question.{key}", lang)) for key in QUESTIONS]


@pytest.mark.parametrize(("url", "soon"), [("/clientarea/", "Próximamente"), ("/en/clientarea/", "Coming soon")])
def test_dashboard_says_coming_soon_for_sections_not_open_rather_than_zero(page, url, soon):
    sections = {"services", "domains", "invoices", "tickets"}
    closed = {s.path.split("/")[1] for s in PAGES if s.template == "soon"} & sections
    counted = {a["data-stat"] for a, _t, _p in page(url).find("strong", **{"data-stat": None})}
    assert closed and counted.isdisjoint(closed)
    assert counted | closed >= sections
    soon_items = [text for _a, text, _p in page(url).find("li", **{"class": "soon"})]
    assert len(soon_items) == len(closed) and all(text.startswith(soon) for text in soon_items)
