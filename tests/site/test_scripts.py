"""The page scripts say each thing once."""

import re

from tests.site.conftest import ROOT

JS = ROOT / "site" / "theme" / "static" / "js"


def test_the_signed_in_hint_cookie_is_read_and_written_in_one_module():
    naming = sorted(p.relative_to(JS).as_posix() for p in JS.rglob("*.js") if "signed_in_hint" in p.read_text(encoding="utf-8"))
    assert naming == ["hint.js"]
    assert not re.search(r"^import", (JS / "hint.js").read_text(encoding="utf-8"), re.M)  # public pages load it alone


def test_pages_ask_who_is_signed_in_through_me():
    """ui.js's me() asks once a page; a second direct call would ask twice."""
    direct = [p.name for p in (JS / "pages").glob("*.js") if re.search(r"""api\(\s*['"`]/auth/me['"`]""", p.read_text(encoding="utf-8"))]
    assert direct == []
