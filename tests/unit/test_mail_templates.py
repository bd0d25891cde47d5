"""Every e-mail, in both languages, with hostile text in every value: the HTML part escapes
it (its template is autoescaped by its name), the plain-text part keeps it as written."""

from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "functions" / "chalicelib" / "mail" / "templates"
HOSTILE = '<b>x</b><script>alert(1)</script>" onmouseover="y\''
NAMES = sorted({p.name.split(".")[0] for p in TEMPLATES.glob("es/*.jinja")})


def test_every_email_has_both_parts_in_both_languages():
    for language in ("es", "en"):
        for name in NAMES:
            assert (TEMPLATES / language / f"{name}.txt.jinja").is_file(), (language, name)
            assert (TEMPLATES / language / f"{name}.html.jinja").is_file(), (language, name)
    assert sorted({p.name.split(".")[0] for p in TEMPLATES.glob("en/*.jinja")}) == NAMES


def _values(language: str, name: str) -> dict:
    from jinja2 import meta

    from chalicelib.mail.send import _environment

    env = _environment()
    names = set()
    for part in ("txt", "html"):
        source = (TEMPLATES / language / f"{name}.{part}.jinja").read_text()
        names |= meta.find_undeclared_variables(env.parse(source))
    return {n: HOSTILE for n in names - {"company", "site_url", "language", "layout"}}


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_hostile_values_are_escaped_in_html_and_kept_in_text(language, name):
    from chalicelib.mail.send import render

    values = _values(language, name)
    subject, text, html = render(name, language, values)
    assert "<script" not in html and "<b>x" not in html and 'onmouseover="y' not in html
    if values:
        assert "&lt;script&gt;" in html or "&lt;b&gt;" in html, "no value reached the HTML"
        assert HOSTILE in text or HOSTILE in subject
