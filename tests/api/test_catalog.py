"""The published catalogue: GET /api/catalog, one product, publishing versions, and the
prices the cart will ask for (billing.catalog.price_of / domain_price), which refuse
anything the published catalogue does not offer."""

import copy
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support import catalog as support

EUR = "EUR"


def eur(cents):
    return {"amount": cents, "currency": EUR}


@pytest.fixture(scope="module")
def document():
    return support.read()


@pytest.fixture
def published(aws, document):
    support.publish(document)
    return document


def money(cents):
    from chalicelib.money import Money

    return Money(cents, EUR)


# -- GET /api/catalog ---------------------------------------------------------------------

def test_the_catalogue_lists_products_by_group_with_prices_per_cycle(published, browser):
    r = browser.get("/catalog")
    assert r.status == 200
    body = r.json
    assert body["version"] == 1 and body["currency"] == EUR
    assert [g["id"] for g in body["groups"]] == ["shared", "reseller", "vps", "streaming", "email", "ssl"]
    shared = body["groups"][0]
    assert shared["name"] == "Hosting compartido"
    start = next(p for p in shared["products"] if p["id"] == "shared-start")
    assert start["name"] == "Inicio" and start["requires_domain"] is True
    assert start["prices"][0] == {"cycle": "monthly", "price": eur(395), "setup_fee": eur(500)}
    assert [p["cycle"] for p in start["prices"]] == ["monthly", "annually", "biennially", "triennially"]
    disk = next(o for o in start["options"] if o["id"] == "extra-disk")
    assert disk["kind"] == "quantity" and (disk["min"], disk["max"]) == (0, 20)
    # only the cycles the product is sold in, each worked out (triennially = 36 × 1.50)
    assert [p["cycle"] for p in disk["prices"]] == ["monthly", "annually", "biennially", "triennially"]
    assert disk["prices"][-1]["price"] == eur(5400)


def test_options_addons_and_domains_are_in_the_answer(published, browser):
    body = browser.get("/catalog").json
    products = {p["id"]: p for g in body["groups"] for p in g["products"]}
    reseller = products["reseller-50"]
    assert {a["id"] for a in reseller["addons"]} == {"billing-software", "domain-reseller-panel", "dedicated-ip"}
    billing = next(a for a in reseller["addons"] if a["id"] == "billing-software")
    assert billing["prices"][0] == {"cycle": "monthly", "price": eur(1295), "setup_fee": eur(1500)}
    os_choice = next(o for o in products["vps-s"]["options"] if o["id"] == "vps-os")
    assert os_choice["kind"] == "choice" and os_choice["default"] == "debian-12"
    assert os_choice["unit"] is None and os_choice["prices"] == []
    windows = next(c for c in os_choice["choices"] if c["id"] == "windows-server-2022")
    assert windows["prices"][0] == {"cycle": "monthly", "price": eur(1400)}
    es = next(d for d in body["domains"] if d["tld"] == "es")
    assert es["registration"][0] == {"years": 1, "price": eur(895)}
    assert [p["years"] for p in es["renewal"]] == [1, 2, 3, 5]


def test_hidden_and_retired_products_are_not_listed(published, browser):
    listed = {p["id"] for g in browser.get("/catalog").json["groups"] for p in g["products"]}
    assert "vps-xl" not in listed and "shared-web-2019" not in listed
    assert "vps-m" in listed


def test_the_catalogue_speaks_the_pages_language(published, new_browser):
    body = new_browser(language="en").get("/catalog").json
    assert body["groups"][0]["name"] == "Shared hosting"
    assert body["groups"][0]["products"][0]["features"][0] == "1 website"


def test_with_nothing_published_the_catalogue_is_empty_not_an_error(aws, browser):
    from chalicelib.billing import catalog

    catalog.forget()
    r = browser.get("/catalog")
    assert r.status == 200 and r.json == {"version": 0, "currency": EUR, "groups": [], "domains": []}


@pytest.mark.parametrize("product_id, status", [
    ("vps-m", 200), ("vps-xl", 200),  # listed, hidden: both orderable
    ("shared-web-2019", 404),  # retired
    ("no-such-plan", 404), ("VPS-M", 404), ("vps\u2011m", 404), ("%F0%9F%98%80", 404)])
def test_one_product_is_answered_unless_retired_or_unknown(published, browser, product_id, status):
    r = browser.get(f"/catalog/products/{product_id}")
    assert r.status == status
    if status == 200:
        assert r.json["id"] == product_id
    else:
        assert r.error["code"] == "not_found"


def test_reading_the_catalogue_is_one_query_then_memory(published, browser):
    from bench.dynamodb_calls import counting
    from chalicelib.billing import catalog

    catalog.forget()
    with counting() as first:
        assert browser.get("/catalog").status == 200
    with counting() as second:
        assert browser.get("/catalog/products/vps-m").status == 200
    assert [op for service, op in first if service == "dynamodb"] == ["Query"]
    assert [op for service, op in second if service == "dynamodb"] == []


# -- publishing ---------------------------------------------------------------------------

def test_an_unchanged_catalogue_is_not_published_again(aws, document):
    assert support.publish(document) == {"version": 1, "changed": True}
    assert support.publish(copy.deepcopy(document)) == {"version": 1, "changed": False}


def test_a_changed_price_is_a_new_version_and_the_api_sells_at_it(aws, document, browser):
    from chalicelib.billing import catalog

    support.publish(document)
    assert catalog.price_of("shared-plus", "monthly", domain="ejemplo.es").recurring == money(695)
    changed = copy.deepcopy(document)
    next(p for p in changed["products"] if p["id"] == "shared-plus")["prices"]["monthly"]["price"] = 795
    assert support.publish(changed) == {"version": 2, "changed": True}
    assert catalog.price_of("shared-plus", "monthly", domain="ejemplo.es").recurring == money(795)
    assert catalog.price_of("shared-plus", "monthly", domain="ejemplo.es").catalog_version == 2
    plus = next(p for g in browser.get("/catalog").json["groups"] for p in g["products"] if p["id"] == "shared-plus")
    assert plus["prices"][0]["price"] == eur(795)
    # The old version stays, as it was: what was on sale then.
    from chalicelib.billing.models import CatalogVersion

    assert [v.version for v in CatalogVersion.query("CATALOG")] == [1, 2]


def test_of_two_publishes_that_read_the_same_version_one_wins_and_the_other_is_told(aws, document):
    import threading

    import boto3

    from chalicelib.billing import catalog
    from chalicelib.billing.models import CatalogVersion
    from chalicelib.config import settings

    both_read = threading.Barrier(2)

    class ReadTogether:
        """A client whose query waits until both publishers have read the newest version."""

        def __init__(self):
            self.client = boto3.client("dynamodb", region_name=settings.region)
            self.exceptions = self.client.exceptions

        def query(self, **kw):
            found = self.client.query(**kw)
            both_read.wait(timeout=10)
            return found

        def put_item(self, **kw):
            return self.client.put_item(**kw)

    variants = []
    for cents in (100, 200):
        changed = copy.deepcopy(document)
        changed["products"][0]["prices"]["monthly"]["price"] = cents
        variants.append(changed)

    def attempt(doc):
        try:
            return catalog.publish(doc, ReadTogether(), settings.table_name)["version"]
        except catalog.PublishError as exc:
            return str(exc)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(attempt, variants))
    assert sorted(results, key=str) == [1, "another publish wrote catalogue version 1 meanwhile: publish again"]
    [stored] = CatalogVersion.query("CATALOG")
    winner = variants[results.index(1)]
    assert stored.digest == catalog.hashlib.sha256(catalog.canonical(winner).encode()).hexdigest()


def test_a_catalogue_too_large_for_one_item_is_refused(aws, document):
    from chalicelib.billing import catalog

    huge = copy.deepcopy(document)
    huge["products"][0]["description"]["es"] = "x" * 400_000
    with pytest.raises(catalog.PublishError, match="at most"):
        support.publish(huge)


# -- prices for the cart --------------------------------------------------------------------

def test_price_of_a_plan_with_options_and_addons(published):
    from chalicelib.billing import catalog

    quote = catalog.price_of("shared-start", "monthly", {"extra-disk": 2}, ["offsite-backup"],
                             domain="Mi-Tienda.ES")
    assert quote.domain == "mi-tienda.es" and quote.catalog_version == 1
    assert [(line.kind, line.id, line.quantity, line.price.amount) for line in quote.lines] == [
        ("product", "shared-start", 1, 395), ("option", "extra-disk", 2, 300), ("addon", "offsite-backup", 1, 295)]
    assert quote.recurring == money(990) and quote.setup_fee == money(500)
    assert quote.first_payment == money(1490)
    assert quote.lines[0].name == {"es": "Inicio", "en": "Starter"}


def test_price_of_takes_the_default_choice_and_prices_another(published):
    from chalicelib.billing import catalog

    default = catalog.price_of("vps-s", "annually")
    assert [line.id for line in default.lines] == ["vps-s", "vps-os:debian-12"]
    assert default.recurring == money(10740) and default.domain is None
    windows = catalog.price_of("vps-s", "annually", {"vps-os": "windows-server-2022", "extra-ipv4": 1})
    # Windows 14.00 a month × 12; an IPv4 2.50 a month × 12
    assert windows.recurring == money(10740 + 16800 + 3000)
    assert windows.lines[1].name["es"] == "Sistema operativo: Windows Server 2022 (licencia incluida)"


def test_a_hidden_product_is_orderable_and_a_free_one_costs_nothing(published):
    from chalicelib.billing import catalog

    assert catalog.price_of("vps-xl", "monthly").recurring == money(6495)
    assert catalog.price_of("email-forwarding", "free", domain="ejemplo.es").first_payment == money(0)


@pytest.mark.parametrize("args, kwargs, field, words", [
    (("no-such-plan", "monthly"), {}, "product_id", "no está a la venta"),
    (("shared-web-2019", "annually"), {}, "product_id", "no está a la venta"),  # retired
    ((None, "monthly"), {}, "product_id", "no está a la venta"),
    (("shared-start", "quarterly"), {"domain": "a.es"}, "cycle", "monthly, annually, biennially, triennially"),
    (("shared-start", "MONTHLY"), {"domain": "a.es"}, "cycle", "periodos de pago"),
    (("shared-start", "monthly", {"extra-ipv4": 1}), {"domain": "a.es"}, "options.extra-ipv4", "no tiene esa opción"),
    (("shared-start", "monthly", {"ext\u0000ra": 1}), {"domain": "a.es"}, "options", "no tiene esa opción"),
    (("shared-start", "monthly", {"extra-disk": 21}), {"domain": "a.es"}, "options.extra-disk", "entre 0 y 20"),
    (("shared-start", "monthly", {"extra-disk": -1}), {"domain": "a.es"}, "options.extra-disk", "entre 0 y 20"),
    (("shared-start", "monthly", {"extra-disk": True}), {"domain": "a.es"}, "options.extra-disk", "entre 0 y 20"),
    (("shared-start", "monthly", {"extra-disk": "2"}), {"domain": "a.es"}, "options.extra-disk", "entre 0 y 20"),
    (("shared-start", "monthly", {"extra-disk": 1.5}), {"domain": "a.es"}, "options.extra-disk", "entre 0 y 20"),
    (("vps-s", "monthly", {"vps-os": "windows-95"}), {}, "options.vps-os", "debian-12, ubuntu-24-04"),
    (("vps-s", "monthly", {"vps-os": 1}), {}, "options.vps-os", "debian-12"),
    (("shared-start", "monthly", {}, ["billing-software"]), {"domain": "a.es"}, "addons", "no ofrece ese complemento"),
    (("shared-start", "monthly", {}, ["offsite-backup", "offsite-backup"]), {"domain": "a.es"}, "addons", "dos veces"),
    (("shared-start", "monthly", {}, "offsite-backup"), {"domain": "a.es"}, "addons", "complemento"),
    (("shared-start", "monthly"), {}, "domain", "obligatorio"),
    (("shared-start", "monthly"), {"domain": "no domain"}, "domain", "ejemplo.es"),
    (("shared-start", "monthly"), {"domain": "-a.es"}, "domain", "ejemplo.es"),
    (("shared-start", "monthly"), {"domain": "localhost"}, "domain", "ejemplo.es"),
], ids=["unknown", "retired", "not-text", "cycle-not-offered", "cycle-in-capitals", "option-not-offered",
        "odd-option-id", "too-many", "negative", "boolean", "text-number", "fraction", "unknown-choice",
        "choice-not-text", "addon-not-offered", "addon-twice", "addons-not-a-list", "domain-missing",
        "domain-with-space", "domain-leading-hyphen", "single-label"])
def test_price_of_refuses_what_the_catalogue_does_not_offer_naming_the_field(published, args, kwargs, field, words):
    from chalicelib.billing import catalog
    from chalicelib.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        catalog.price_of(*args, field_prefix="items.0.", **kwargs)
    fields = refused.value.fields
    assert list(fields) == ["items.0." + field] and words in fields["items.0." + field], fields


def test_a_sold_out_product_is_refused(aws, document):
    from chalicelib.billing import catalog
    from chalicelib.errors import ValidationFailed

    sold_out = copy.deepcopy(document)
    next(p for p in sold_out["products"] if p["id"] == "vps-l")["stock"] = 0
    support.publish(sold_out)
    with pytest.raises(ValidationFailed) as refused:
        catalog.price_of("vps-l", "monthly")
    assert refused.value.fields == {"product_id": "Este producto está agotado."}


def test_with_nothing_published_nothing_can_be_priced(aws):
    from chalicelib.billing import catalog
    from chalicelib.errors import ValidationFailed

    catalog.forget()
    with pytest.raises(ValidationFailed):
        catalog.price_of("shared-start", "monthly", domain="a.es")


def test_domain_prices_per_tld_and_years(published):
    from chalicelib.billing import catalog

    quote = catalog.domain_price("Ejemplo.ES", "register", 2)
    assert quote.domain == "ejemplo.es" and quote.recurring == money(2190) and quote.setup_fee == money(0)
    assert quote.lines[0].name == {"es": "Registro de ejemplo.es (2 años)", "en": "Registration of ejemplo.es (2 years)"}
    assert catalog.domain_price("tienda.com.es", "renew", 1).recurring == money(895)  # com.es before es
    assert catalog.domain_price("tienda.com.es", "renew", 1).lines[0].name["es"].endswith("(1 año)")
    assert catalog.domain_price("ñandú.es", "transfer", 1).domain == "xn--and-6ma2c.es"


@pytest.mark.parametrize("domain, action, years, field, words", [
    ("ejemplo.xyz", "register", 1, "domain", "No registramos"),
    ("ejemplo.es", "register", 4, "years", "1, 2, 3, 5"),
    ("ejemplo.es", "transfer", 2, "years", "1"),
    ("ejemplo.es", "register", True, "years", "1, 2, 3, 5"),
    ("ejemplo.es", "register", "1", "years", "1, 2, 3, 5"),
    ("ej emplo.es", "register", 1, "domain", "ejemplo.es"),
    ("es", "register", 1, "domain", "ejemplo.es"),
])
def test_domain_price_refuses_what_is_not_offered(published, domain, action, years, field, words):
    from chalicelib.billing import catalog
    from chalicelib.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        catalog.domain_price(domain, action, years)
    assert list(refused.value.fields) == [field] and words in refused.value.fields[field]


# -- an editor changes a price: the page and the API both follow ------------------------------

PELICAN_RUN = """
import sys
from pelican import Pelican
from pelican.log import init
from pelican.settings import read_settings
init(level=40, fatal="errors")
conf, content, out = sys.argv[1:]
Pelican(read_settings(conf, override={"PATH": content, "OUTPUT_PATH": out})).run()
"""


@pytest.mark.slow
def test_a_price_changed_in_content_shows_on_the_page_and_is_charged_by_the_api(aws, tmp_path, browser):
    import shutil

    import boto3

    from chalicelib.billing import catalog
    from chalicelib.config import settings
    from infra.content_sync import default_catalog_path, sync_catalog

    content = tmp_path / "content"
    shutil.copytree(support.CONTENT, content)
    shared = content / "catalog" / "shared.yaml"
    text = shared.read_text(encoding="utf-8")
    assert 'prices: {monthly: "6.95",' in text
    shared.write_text(text.replace('prices: {monthly: "6.95",', 'prices: {monthly: "7.45",'), encoding="utf-8")

    out = tmp_path / "site"
    done = subprocess.run([sys.executable, "-c", PELICAN_RUN, str(support.ROOT / "site" / "pelicanconf.py"),
                           str(content), str(out)], capture_output=True, text=True, cwd=support.ROOT)
    assert done.returncode == 0, done.stderr
    page = (out / "hosting" / "index.html").read_text(encoding="utf-8")
    plus = page[page.index('id="plan-shared-plus"'):page.index('id="plan-shared-pro"')]
    assert "7,45\u00a0€" in plus and "6,95\u00a0€" not in plus

    dynamodb = boto3.client("dynamodb", region_name=settings.region)
    assert sync_catalog(default_catalog_path(out), dynamodb, settings.table_name)["changed"] is True
    catalog.forget()
    products = {p["id"]: p for g in browser.get("/catalog").json["groups"] for p in g["products"]}
    assert products["shared-plus"]["prices"][0]["price"] == eur(745)
    assert catalog.price_of("shared-plus", "monthly", domain="ejemplo.es").recurring == money(745)
