"""Tables in articles and legal texts scroll in a box of their own and stay tables:
`display: block` on a table drops its table semantics in Safari/VoiceOver."""

import re

from tests.site.conftest import ROOT


def test_every_markdown_table_is_wrapped_in_a_scrolling_box(all_pages):
    tables = 0
    for url, path in all_pages:
        for prose in re.findall(r'<div class="prose".*?</article>|<div class="prose".*?</main>', path.read_text(encoding="utf-8"), re.S):
            tables += prose.count("<table")
            assert prose.count("<table") == prose.count('<div class="table-wrap"><table'), url
    assert tables > 0  # the content has tables to check


def test_no_table_is_made_a_block_in_the_stylesheets_outside_the_stacked_listing():
    for name in ("site.css", "help.css"):
        css = (ROOT / "site" / "theme" / "static" / "css" / name).read_text(encoding="utf-8")
        for rule in re.findall(r"([^{}]*)\{([^{}]*display:\s*block[^{}]*)\}", css):
            selectors = [s.strip() for s in rule[0].split(",")]
            assert not [s for s in selectors if re.search(r"\btable\b", s) and "table.stack" not in s], (name, rule)
