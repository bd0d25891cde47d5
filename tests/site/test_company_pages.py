"""The company's data on the site (legal pages, footer) is the stage's company file, the one
the functions read: the built pages show its values, and the site keeps no copy of them."""

import json
import runpy
import shutil
from pathlib import Path

import pytest

from chalicelib import company as company_module
from chalicelib.company import load

ROOT = Path(__file__).resolve().parents[2]
PELICANCONF = ROOT / "site" / "pelicanconf.py"
LEGAL_NOTICE = {"es": "/legal/aviso-legal/", "en": "/en/legal/legal-notice/"}
HOME = {"es": "/", "en": "/en/"}


def text_of(page) -> str:
    return " ".join(" ".join(page.texts.values()).split())


def footer_of(site_dir: Path, url: str) -> str:
    html = (site_dir / url.lstrip("/") / "index.html").read_text(encoding="utf-8")
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_legal_notice_shows_exactly_the_company_files_values(page, lang):
    company = load("local")  # `make site` and the test build are the local stack's
    text = text_of(page(LEGAL_NOTICE[lang]))
    for value in (company.legal_name, company.trade_name, company.nif, company.registry,
                  company.address.line(lang), company.email, company.phone_display):
        assert value in text, value


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_pages_footer_names_the_company_from_its_file(site_dir, all_pages, lang):
    company = load("local")
    expected = (f'{company.legal_name} · {"NIF" if lang == "es" else "Tax ID (NIF)"} '
                f'{company.nif} · {company.address.line(lang)} · '
                f'<a href="mailto:{company.email}">{company.email}</a> · '
                f'<a href="tel:{company.phone}">{company.phone_display}</a>')
    urls = [url for url, _ in all_pages if url.startswith("/en/") == (lang == "en")]
    assert HOME[lang] in urls and LEGAL_NOTICE[lang] in urls
    for url in urls:
        if url.endswith("/"):
            assert expected in footer_of(site_dir, url), url


def test_the_site_takes_every_company_value_from_the_stages_file(tmp_path, monkeypatch):
    """Another stage's file, with other values: the site's settings follow it."""
    data = json.loads(company_module.path_of("prod").read_text(encoding="utf-8"))
    data.update(legal_name="Otra Empresa & Hijos, S.A.", trade_name="Otra", nif="A58818501",
                email="aviso@otra.example", phone="+34912345678")
    data["address"].update(street="Paseo del Prado 8", postcode="41001", city="Sevilla",
                           province="Sevilla")
    for stage in company_module.STAGES:
        shutil.copy(company_module.path_of(stage), tmp_path / f"{stage}.json")
    (tmp_path / "prod.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(company_module, "HERE", tmp_path)
    monkeypatch.setenv("STAGE", "prod")
    site = runpy.run_path(str(PELICANCONF))["COMPANY"]
    assert {k: site[k] for k in ("legal_name", "trade_name", "nif", "vat_number", "email",
                                 "phone", "phone_e164", "address", "jurisdiction")} == {
        "legal_name": "Otra Empresa & Hijos, S.A.", "trade_name": "Otra", "nif": "A58818501",
        "vat_number": "ESA58818501", "email": "aviso@otra.example", "phone": "+34 912 34 56 78",
        "phone_e164": "+34912345678", "jurisdiction": "Sevilla",
        "address": {"es": "Paseo del Prado 8, 41001 Sevilla, España",
                    "en": "Paseo del Prado 8, 41001 Sevilla, Spain"}}
    monkeypatch.setenv("STAGE", "local")
    assert runpy.run_path(str(PELICANCONF))["COMPANY"]["nif"] == load("local").nif


def test_a_wrong_company_file_stops_the_site_build(tmp_path, monkeypatch):
    data = json.loads(company_module.path_of("local").read_text(encoding="utf-8"))
    data["bank"]["iban"] = "ES0000000000000000000000"
    (tmp_path / "local.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(company_module, "HERE", tmp_path)
    monkeypatch.setenv("STAGE", "local")
    with pytest.raises(company_module.CompanyError, match="bank.iban"):
        runpy.run_path(str(PELICANCONF))


def test_no_copy_of_the_companys_data_is_kept_outside_its_files():
    """A second copy could drift from the file (the site and the AWS settings once did)."""
    values = set()
    for stage in company_module.STAGES:
        c = load(stage)
        values |= {c.legal_name, c.nif, c.vat_number, c.address.street, c.email,
                   c.privacy_email, c.phone, c.phone_display, c.bank.iban,
                   c.bank.iban_display, c.registry}
    copies = []
    for folder in ("site", "content", "functions", "infra"):
        for path in (ROOT / folder).rglob("*"):
            if not path.is_file() or company_module.HERE in path.parents or \
                    ".chalice" in path.parts or "__pycache__" in path.parts:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            copies += [(str(path.relative_to(ROOT)), v) for v in values if v in text]
    assert copies == []
