"""The staff console's pages: built from the areas' declarations in both languages, with
the staff menu (admin-only entries hidden until the role is known), out of the sitemap
and the search index, noindex, each within the CSS+JS budget, every field labelled."""

import pytest

from bench.page_weight import BUDGET_BYTES, measure
from tests.site.conftest import LANG_ROOTS

pytestmark = pytest.mark.xdist_group("site")


def staff_pages():
    from chalicelib import areas, registry

    areas.load()
    return registry.pages("staff")


STAFF_URLS = [LANG_ROOTS[lang] + page.path for lang in LANG_ROOTS for page in staff_pages()]


def test_every_staff_page_is_built_in_both_languages_with_its_script(page):
    assert len(STAFF_URLS) == 14
    for spec in staff_pages():
        for lang, root in LANG_ROOTS.items():
            doc = page(root + spec.path)
            (html,) = doc.find("html")
            assert html[0]["lang"] == lang
            scripts = [a["src"] for a, _t, _p in doc.find("script", type="module")]
            assert scripts == ["/theme/js/nav.js", f"/theme/js/staff/{spec.script}.js"]
            assert doc.find("link", rel="stylesheet", href="/theme/css/staff.css")


def test_staff_pages_are_never_indexed(page, site_dir):
    sitemaps = (site_dir / "sitemap.xml").read_text() + (site_dir / "en" / "sitemap.xml").read_text()
    assert "/staff/" not in sitemaps
    for url in STAFF_URLS:
        doc = page(url)
        assert doc.find("meta", name="robots", content="noindex"), url
        assert not doc.find("main", **{"data-pagefind-body": None}), url
        assert not [a for a, _t, _p in doc.find("div") if "data-pagefind-body" in a], url


def test_the_staff_menu_and_its_admin_entries(page):
    home = page("/staff/")
    entries = {text: a for a, text, parents in home.find("a") if "nav" in parents and a.get("href", "").startswith("/staff/")}
    assert set(entries) >= {"Inicio", "Auditoría", "Equipo", "Mi cuenta"}
    admin_only = {a["data-roles"] for a, _t, _p in home.find("li", **{"data-roles": None})}
    assert admin_only == {"admin"}
    assert home.find("button", **{"data-staff-logout": None})
    assert not home.find("button", **{"data-logout": None})  # the customers' sign-out
    login = page("/staff/login/")
    assert not login.find("button", **{"data-staff-logout": None})
    assert [t for _a, t, _p in page("/en/staff/").find("a") if t == "Audit trail"]


def test_the_scripts_get_the_audit_actions_and_roles_words(site_dir):
    import json
    import re

    html = (site_dir / "staff" / "audit" / "index.html").read_text(encoding="utf-8")
    strings = json.loads(re.search(r'<script type="application/json" id="i18n">(.*?)</script>', html, re.S).group(1))
    assert strings["audit.note_added"] == "Nota añadida a un cliente"
    assert strings["role.billing"] == "Facturación" and strings["status.invited"]
    client_area = (site_dir / "clientarea" / "activity" / "index.html").read_text(encoding="utf-8")
    assert "audit.note_added" not in client_area  # staff words stay on staff pages


def test_every_staff_page_is_within_the_css_and_js_budget(site_dir):
    weights = measure(str(site_dir))
    staff = {url: size for url, size in weights.items() if "/staff/" in url}
    assert set(staff) == set(STAFF_URLS)
    assert all(0 < size <= BUDGET_BYTES for size in staff.values()), staff
