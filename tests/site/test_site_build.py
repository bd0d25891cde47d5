"""The built site: both languages, the client-area shells, navigation, language switch,
labels, page weight and no third-party assets."""

import pytest

from bench.page_weight import BUDGET_BYTES, measure
from tests.site.conftest import LANG_ROOTS, PAGES, Page, shell_urls

pytestmark = pytest.mark.xdist_group("site")

NAV = {
    "es": ["Inicio", "Precios", "Base del Conocimiento", "Anuncios", "Descargas", "Área de Cliente"],
    "en": ["Home", "Prices", "Knowledgebase", "Announcements", "Downloads", "Client Area"],
}
NAV_PATHS = ["", "hosting/", "kb/", "announcements/", "downloads/", "clientarea/"]
SIGNED_IN_NAV = {
    "es": ["Inicio", "Mis Servicios", "Mis Dominios", "Mis Facturas", "Mis Tickets", "Afiliaciones", "Mis Emails", "Mis Datos",
           "Contactos", "Cambiar Contraseña", "Seguridad", "Registro de actividad"],
    "en": ["Home", "My Services", "My Domains", "My Invoices", "My Tickets", "Affiliates", "My Emails", "My Details",
           "Contacts", "Change Password", "Security", "Activity log"],
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_home_and_every_client_area_shell_exist(site_dir, lang):
    for url in [LANG_ROOTS[lang], *shell_urls(lang)]:
        assert (site_dir / url.lstrip("/") / "index.html").is_file(), url


@pytest.mark.parametrize("lang", ["es", "en"])
def test_pages_declare_their_language(page, lang):
    for url in [LANG_ROOTS[lang], *shell_urls(lang)]:
        (html,) = page(url).find("html")
        assert html[0]["lang"] == lang, url


@pytest.mark.parametrize("lang", ["es", "en"])
def test_top_navigation_labels_and_links(page, lang):
    nav = [n for n in page(LANG_ROOTS[lang]).find("a") if "nav" in n[2] and "header" in n[2]]
    main_nav = nav[: len(NAV[lang])]
    assert [text for _a, text, _p in main_nav] == NAV[lang]
    assert [a["href"] for a, _t, _p in main_nav] == [LANG_ROOTS[lang] + p for p in NAV_PATHS]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_signed_in_pages_show_client_area_navigation(page, lang):
    dashboard = page(LANG_ROOTS[lang] + "clientarea/")
    labels = [text for a, text, _p in dashboard.find("a") if a.get("href", "").startswith(LANG_ROOTS[lang] + "clientarea/")]
    for label in SIGNED_IN_NAV[lang]:
        assert label in labels
    assert dashboard.find("button", **{"data-logout": None})
    login = page(LANG_ROOTS[lang] + "clientarea/login/")
    assert not login.find("button", **{"data-logout": None})


def test_language_switch_leads_to_the_same_page_in_the_other_language(page):
    for es_url, en_url in zip([LANG_ROOTS["es"], *shell_urls("es")], [LANG_ROOTS["en"], *shell_urls("en")], strict=True):
        (switch,) = page(es_url).find("a", **{"data-lang-switch": None})
        assert switch[0]["href"] == en_url
        assert switch[0]["hreflang"] == "en"
        (switch,) = page(en_url).find("a", **{"data-lang-switch": None})
        assert switch[0]["href"] == es_url


def test_language_switch_never_leads_to_a_missing_page(site_dir, all_pages):
    for url, path in all_pages:
        for attrs, _text, _p in Page(path.read_text(encoding="utf-8")).find("a", **{"data-lang-switch": None}):
            target = site_dir / attrs["href"].lstrip("/")
            assert (target / "index.html").is_file() or target.is_file(), f"{url} switches to {attrs['href']}"


def test_client_area_labels_come_from_the_catalogue(page):
    assert page("/clientarea/login/").find("h1")[0][1] == "Iniciar Sesión"
    assert page("/en/clientarea/login/").find("h1")[0][1] == "Sign In"
    forgot = [t for _a, t, _p in page("/clientarea/login/").find("a")]
    assert "¿Olvidó su contraseña?" in forgot
    assert not [t for t in forgot if "Solicite" in t or "click" in t]
    assert "Forgot your password?" in [t for _a, t, _p in page("/en/clientarea/login/").find("a")]
    contacts = page("/clientarea/contacts/")
    assert contacts.find("h1")[0][1] == "Administración de contactos"
    submits = [t for _a, t, parents in page("/clientarea/account/").find("button", type="submit") if "main" in parents]
    assert submits == ["Guardar Cambios"]
    shortcuts = [t for _a, t, _p in page("/clientarea/").find("a")]
    for label in ["Hacer Pedido", "Enviar Ticket de Consulta", "Anuncios", "Base del Conocimiento", "Descargas"]:
        assert label in shortcuts


def test_every_field_has_a_label(all_pages):
    for url, path in all_pages:
        doc = Page(path.read_text(encoding="utf-8"))
        label_targets = {a.get("for") for a, _t, _p in doc.find("label")}
        for tag in ("input", "select", "textarea"):
            for attrs, _text, ancestors in doc.find(tag):
                if attrs.get("type") in ("hidden", "submit", "button", "reset", "image"):
                    continue
                labelled = (
                    attrs.get("id") in label_targets
                    or "label" in ancestors
                    or attrs.get("aria-label")
                    or attrs.get("aria-labelledby")
                )
                assert labelled, f"{url}: <{tag} name={attrs.get('name')!r}> has no label"


def test_field_errors_are_tied_to_their_fields(page):
    for url in shell_urls("es"):
        doc = page(url)
        error_ids = {a["id"] for a, _t, _p in doc.find("p", **{"class": "field-error"})}
        for attrs, _t, parents in doc.find("input") + doc.find("select"):
            if "main" not in parents:
                continue  # the header's search box is a plain form with no API behind it
            if attrs.get("type") == "checkbox" and "data-list" in attrs:
                continue  # the group's fieldset carries it
            described = set((attrs.get("aria-describedby") or "").split())
            assert described & error_ids, f"{url}: {attrs.get('name')} has no error line"


def test_register_country_is_an_iso_code_select(page):
    (select,) = page("/clientarea/register/").find("select", name="country")
    codes = [a["value"] for a, _t, _p in page("/clientarea/register/").find("option") if len(a.get("value", "")) == 2 and a["value"].isupper()]
    assert len(codes) >= 249 and "ES" in codes and "GB" in codes
    terms = [a["href"] for a, _t, _p in page("/clientarea/register/").find("a")]
    assert "/legal/terminos/" in terms


def test_each_shell_loads_its_module_and_strings(page):
    for shell in PAGES:
        doc = page("/" + shell.path)
        scripts = [a["src"] for a, _t, _p in doc.find("script", type="module")]
        # nav.js is every page's (menu button, Escape, the signed-in hint).
        assert scripts == ["/theme/js/nav.js", f"/theme/js/pages/{shell.script}.js"]
        assert doc.find("script", type="application/json", id="i18n")


def test_every_page_is_within_the_css_and_js_budget(site_dir):
    weights = measure(str(site_dir))
    assert weights, "no pages measured"
    over = {url: size for url, size in weights.items() if size > BUDGET_BYTES}
    assert not over, f"pages over {BUDGET_BYTES} B of gzipped CSS+JS: {over}"
    assert weights["/clientarea/"] > 0  # the measure follows the module imports


def test_no_third_party_assets(all_pages):
    for url, path in all_pages:
        doc = Page(path.read_text(encoding="utf-8"))
        sources = [a.get("src", "") for a, _t, _p in doc.find("script")]
        sources += [a.get("href", "") for a, _t, _p in doc.find("link") if a.get("rel") not in ("canonical", "alternate")]
        for source in sources:
            assert not source.startswith(("http:", "https:", "//")), f"{url} loads {source}"
