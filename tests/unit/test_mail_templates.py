"""Every e-mail, in both languages, with hostile text in every value: the HTML part escapes
it (its template is autoescaped by its name), the plain-text part keeps it as written."""

import pytest

from chalicelib.mail.send import template_folders

HOSTILE = '<b>x</b><script>alert(1)</script>" onmouseover="y\''
# Every area's e-mails: (folder, name)
EMAILS = sorted({(folder, p.name.split(".")[0]) for folder in template_folders()
                 for p in folder.glob("es/*.jinja")})
NAMES = [name for _, name in EMAILS]


def test_every_email_has_both_parts_in_both_languages_and_one_name():
    assert len(NAMES) == len(set(NAMES)) > 5, "two areas name an e-mail alike"
    for folder, name in EMAILS:
        for language in ("es", "en"):
            assert (folder / language / f"{name}.txt.jinja").is_file(), (language, name)
            assert (folder / language / f"{name}.html.jinja").is_file(), (language, name)
    for folder in template_folders():
        assert {p.name.split(".")[0] for p in folder.glob("en/*.jinja")} == {
            p.name.split(".")[0] for p in folder.glob("es/*.jinja")}


def _values(language: str, name: str) -> dict:
    from jinja2 import meta

    from chalicelib.mail.send import _environment

    env = _environment()
    names = set()
    for part in ("txt", "html"):
        folder = next(f for f, n in EMAILS if n == name)
        source = (folder / language / f"{name}.{part}.jinja").read_text()
        names |= meta.find_undeclared_variables(env.parse(source))
    return {n: HOSTILE for n in names - {"company", "company_footer", "site_url", "language", "layout"}}


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
