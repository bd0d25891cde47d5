"""The catalogue editors commit (content/catalog/): its checks, the pricing pages the build
renders from it (/hosting/, /domains/pricing/, both languages) and the catalog.json it
writes for the API."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "site" / "plugins"))

from pricing import catalog as pricing  # noqa: E402

from tests.site.conftest import CONTENT, edit  # noqa: E402

CATALOG = "catalog"


@pytest.fixture(scope="module")
def document():
    found, problems = pricing.read(str(CONTENT))
    assert problems == []
    return found


def products(document, **where):
    return [p for p in document["products"] if all(p[k] == v for k, v in where.items())]


# -- the starter catalogue ---------------------------------------------------------------

def test_the_catalogue_has_every_group_the_product_sells(document):
    assert [g["id"] for g in document["groups"]] == ["shared", "reseller", "vps", "streaming", "email", "ssl"]
    for group in document["groups"]:
        assert len(products(document, group=group["id"], hidden=False, retired=False)) >= 3, group["id"]
    assert {"es", "com", "net", "org", "eu", "cat", "com.es"} <= {d["tld"] for d in document["domains"]}
    assert document["currency"] == "EUR" and document["format"] == 1


def test_it_holds_every_kind_of_thing_the_issue_names(document):
    kinds = {o["kind"] for o in document["options"]}
    assert kinds == {"quantity", "choice"}
    assert {"extra-disk", "extra-mailboxes"} <= {o["id"] for o in document["options"]}
    assert {"billing-software", "domain-reseller-panel"} <= {a["id"] for a in document["addons"]}
    reseller = products(document, group="reseller")
    assert all({"billing-software", "domain-reseller-panel"} <= set(p["addons"]) for p in reseller)
    assert products(document, hidden=True) and products(document, retired=True)
    assert any(p["stock"] is not None for p in document["products"])
    assert any(p["prices"][c]["setup_fee"] for p in document["products"] for c in p["prices"])
    cycles = {c for p in document["products"] for c in p["prices"]}
    assert cycles == set(pricing.CYCLES)


def test_amounts_are_cents_and_option_prices_are_worked_out_for_every_cycle(document):
    plus = products(document, id="shared-plus")[0]
    assert plus["prices"]["monthly"] == {"price": 695, "setup_fee": 0}
    assert plus["prices"]["annually"]["price"] == 6900
    disk = next(o for o in document["options"] if o["id"] == "extra-disk")
    # written: monthly 1.50, annually 15.00; the rest is monthly × months
    assert disk["prices"]["monthly"] == 150 and disk["prices"]["annually"] == 1500
    assert disk["prices"]["quarterly"] == 450 and disk["prices"]["triennially"] == 5400
    assert "onetime" not in disk["prices"]
    es = next(d for d in document["domains"] if d["tld"] == "es")
    assert es["register"]["1"] == 895 and set(es["renew"]) == {"1", "2", "3", "5"}


def test_the_catalogue_fits_one_dynamodb_item_with_room_to_grow(document):
    # One item per published version (docs/billing.md): DynamoDB allows 400 KB an item.
    assert len(pricing.canonical(document).encode()) < 100_000


# -- the editors' checks -------------------------------------------------------------------

SHARED = "catalog/shared.yaml"


@pytest.mark.parametrize("change, expected", [
    (lambda c: edit(c / SHARED, 'monthly: "3.95"', 'mensual: "3.95"'),
     "content/catalog/shared.yaml: products[0] (shared-start): field 'prices.mensual': 'mensual' is not a billing cycle"),
    (lambda c: edit(c / SHARED, 'monthly: "3.95"', 'monthly: "3.955"'),
     "content/catalog/shared.yaml: products[0] (shared-start): field 'prices.monthly' '3.955' is not an amount"),
    (lambda c: edit(c / SHARED, 'monthly: "3.95"', 'monthly: "3,95"'),
     "field 'prices.monthly' '3,95' is not an amount in euros like \"4.95\""),
    (lambda c: edit(c / SHARED, 'monthly: "3.95"', "monthly: -3.95"),
     "field 'prices.monthly' -3.95 is not an amount"),
    (lambda c: edit(c / SHARED, "name: {es: Inicio, en: Starter}", "name: {es: Inicio}"),
     "content/catalog/shared.yaml: products[0] (shared-start): field 'name.en' is missing"),
    (lambda c: edit(c / SHARED, "options: [extra-disk, extra-mailboxes]", "options: [extra-disk, extra-mailbox]"),
     "field 'options' names 'extra-mailbox', which content/catalog/ does not define"),
    (lambda c: edit(c / "catalog/vps.yaml", "id: vps-s\n", "id: shared-plus\n"),
     "content/catalog/vps.yaml: products[0] (shared-plus): field 'id' 'shared-plus' is already used by "
     "content/catalog/shared.yaml: products[1] (shared-plus)"),
    (lambda c: edit(c / "catalog/reseller.yaml", "id: reseller\n", "id: resellers\n"),
     "content/downloads/kit-marca-blanca.es.md: field 'Access' names product group 'reseller', which "
     "content/catalog/ does not have"),
    (lambda c: edit(c / SHARED, "  - id: shared-plus\n", "  - id: shared-plus\n    id: shared-pro\n"),
     "content/catalog/shared.yaml: not valid YAML: field 'id' is written twice (line"),
    (lambda c: edit(c / SHARED, "products:\n", "products:\n  - [\n"),
     "content/catalog/shared.yaml: not valid YAML:"),
    (lambda c: edit(c / SHARED, 'prices: {annually: "35.00"}', 'prices: {annually: "35.00", onetime: "10.00"}'),
     "content/catalog/shared.yaml: products[4] (shared-web-2019): option 'extra-disk' has no onetime price"),
    (lambda c: edit(c / "catalog/email.yaml", 'prices: {free: "0"}', 'prices: {free: "1.00"}'),
     "content/catalog/email.yaml: products[2] (email-forwarding): field 'prices.free': a free product has only "
     "the free cycle, at 0"),
    (lambda c: edit(c / SHARED, "    setup_fees: {monthly: \"5.00\"}", "    setup_fee: {monthly: \"5.00\"}"),
     "products[0] (shared-start): field 'setup_fee' is unknown (known: addons, description, featured"),
    (lambda c: edit(c / SHARED, "    setup_fees: {monthly: \"5.00\"}", "    setup_fees: {quarterly: \"5.00\"}"),
     "field 'setup_fees.quarterly': the product has no quarterly price"),
    (lambda c: edit(c / SHARED, "retired: true", "retired: si"),
     "products[4] (shared-web-2019): field 'retired' 'si' must be true or false"),
    (lambda c: edit(c / "catalog/vps.yaml", "stock: 20", "stock: -1"),
     "products[1] (vps-m): field 'stock' -1 must be a whole number, 0 or more"),
    (lambda c: edit(c / "catalog/domains.yaml", "  - tld: net\n", "  - tld: no\n"),
     "content/catalog/domains.yaml: domains[2]: field 'tld' False must be a TLD such as es or com.es (write it in quotes)"),
    (lambda c: edit(c / "catalog/domains.yaml", "  - tld: net\n", "  - tld: com\n"),
     "content/catalog/domains.yaml: domains[2]: field 'tld' 'com' is already priced at content/catalog/domains.yaml: domains[1]"),
    (lambda c: edit(c / "catalog/domains.yaml", 'register: {1: "8.95",', 'register: {0: "1.00", 1: "8.95",'),
     "domains[0]: field 'register': 0 years must be a whole number from 1 to 10"),
    (lambda c: edit(c / "catalog/options.yaml", "default: debian-12", "default: debian-13"),
     "options[3] (vps-os): field 'default' 'debian-13' is not one of the choices"),
    (lambda c: edit(c / "catalog/options.yaml", "kind: quantity", "kind: quantiy"),
     "options[0] (extra-disk): field 'kind' 'quantiy' must be quantity or choice"),
    (lambda c: edit(c / "catalog/email.yaml", "id: email-basic", "id: Correo_Básico"),
     "content/catalog/email.yaml: products[0] (Correo_Básico): field 'id' 'Correo_Básico' must be lower-case words"),
    (lambda c: (c / "catalog/extra.yml").write_text("domains: []\n"),
     "content/catalog/extra.yml: name catalogue files .yaml"),
], ids=["unknown-cycle", "three-decimals", "decimal-comma", "negative", "missing-language", "unknown-option",
        "duplicate-product", "download-names-unknown-group", "duplicate-yaml-key", "broken-yaml",
        "option-without-the-cycles-price", "free-with-a-price", "typo-in-a-field", "setup-fee-for-no-price",
        "not-a-boolean", "negative-stock", "norway-problem", "tld-twice", "zero-years", "unknown-default-choice",
        "unknown-option-kind", "odd-id", "yml-extension"])
def test_a_catalogue_mistake_is_reported_with_the_file_and_the_field(content_copy, change, expected):
    change(content_copy)
    document, problems = pricing.read(str(content_copy))
    assert document is None
    assert any(expected in p for p in problems), problems


def test_every_problem_is_reported_at_once(content_copy):
    edit(content_copy / SHARED, 'monthly: "3.95"', 'monthly: "x"')
    edit(content_copy / "catalog/vps.yaml", "stock: 20", "stock: many")
    _document, problems = pricing.read(str(content_copy))
    assert len(problems) == 2 and "shared.yaml" in problems[0] and "vps.yaml" in problems[1]


def test_a_catalogue_mistake_stops_the_pelican_run_with_the_message(content_copy, tmp_path):
    from pelican import Pelican
    from pelican.settings import read_settings

    edit(content_copy / SHARED, 'monthly: "3.95"', 'monthly: "3.955"')
    settings = read_settings(str(ROOT / "site" / "pelicanconf.py"),
                             override={"PATH": str(content_copy), "OUTPUT_PATH": str(tmp_path / "out")})
    with pytest.raises(pricing.CatalogError, match=r"shared\.yaml: products\[0\] \(shared-start\): field 'prices.monthly'"):
        Pelican(settings).run()


# -- the built pages -----------------------------------------------------------------------

@pytest.mark.parametrize("prefix, plus, starter_setup", [
    ("/", "6,95\u00a0€", "Alta: 5,00\u00a0€"), ("/en/", "€6.95", "Set-up fee: €5.00")])
def test_the_hosting_page_shows_each_listed_plan_with_its_prices(page, prefix, plus, starter_setup, document):
    doc = page(prefix + "hosting/")
    cards = {a["id"]: text for a, text, _ in doc.find("li", **{"class": None}) if a.get("id", "").startswith("plan-")}
    listed = {f"plan-{p['id']}" for p in document["products"] if not (p["hidden"] or p["retired"])}
    assert set(cards) == listed
    assert "plan-vps-xl" not in cards and "plan-shared-web-2019" not in cards  # hidden, retired
    assert plus in cards["plan-shared-plus"]
    assert starter_setup in cards["plan-shared-start"]
    for group in document["groups"]:
        assert doc.find("section", id=group["id"]), group["id"]
    links = [a["href"] for a, _t, _p in doc.find("a", **{"class": "button"})]
    assert f"{prefix.rstrip('/')}/clientarea/order/?product=shared-plus" in links


def test_prices_are_shown_without_vat_and_with_spanish_iva(page):
    card = next(text for a, text, _ in page("/hosting/").find("li", id="plan-shared-plus"))
    assert "6,95\u00a0€" in card and "+ IVA" in card and "8,41\u00a0€ con IVA (21 %)" in card  # 6.95 × 1.21 = 8.4095
    card = next(text for a, text, _ in page("/en/hosting/").find("li", id="plan-shared-plus"))
    assert "€8.41 with Spanish VAT (21%)" in card


def test_a_free_product_says_free_without_a_vat_line(page):
    card = next(text for a, text, _ in page("/hosting/").find("li", id="plan-email-forwarding"))
    assert "Gratis" in card and "IVA" not in card


@pytest.mark.parametrize("prefix, register", [("/", "8,95\u00a0€"), ("/en/", "€8.95")])
def test_the_domain_page_has_a_row_per_tld_with_each_price(page, prefix, register, document):
    doc = page(prefix + "domains/pricing/")
    rows = {a["id"]: text for a, text, _ in doc.find("tr") if a.get("id")}
    assert set(rows) == {"tld-" + d["tld"].replace(".", "-") for d in document["domains"]}
    assert ".es" in rows["tld-es"] and register in rows["tld-es"] and "1, 2, 3, 5" in rows["tld-es"]


@pytest.mark.parametrize("path", ["hosting/", "domains/pricing/"])
def test_pricing_pages_are_in_both_languages_linked_to_each_other_and_in_the_navigation(page, path):
    for prefix in ("/", "/en/"):
        doc = page(prefix + path)
        hreflang = {a["hreflang"]: a["href"] for a, _t, _p in doc.find("link", rel="alternate") if a.get("hreflang")}
        assert hreflang["es"].endswith("/" + path) and hreflang["en"].endswith("/en/" + path)
        current = doc.find("a", **{"aria-current": "page"})
        assert [a["href"] for a, _t, _p in current] == [f"{prefix.rstrip('/')}/hosting/"]
    nav = [a["href"] for a, _t, ancestors in page("/").find("a") if "nav" in ancestors]
    assert "/hosting/" in nav


def test_pricing_pages_are_in_the_sitemap(site_dir):
    sitemap = (site_dir / "sitemap.xml").read_text()
    assert "/hosting/</loc>" in sitemap and "/domains/pricing/</loc>" in sitemap


def test_the_build_writes_the_checked_catalogue_beside_the_site_for_the_api(site_dir, document):
    written = json.loads((site_dir.parent / "catalog.json").read_text())
    assert written == document
    assert not list(site_dir.rglob("catalog.json"))  # never inside the public site
