"""Every page that sets a new password shows the same rules and a show-password button."""

import pytest

PAGES = {"/clientarea/register/": "f-password", "/clientarea/password/": "f-new_password",
         "/clientarea/password-reset/": "f-new_password", "/clientarea/accept-invitation/": "f-password"}


@pytest.mark.parametrize("lang", ["", "/en"])
@pytest.mark.parametrize(("url", "field_id"), PAGES.items())
def test_new_password_fields_share_the_rules_and_the_show_button(page, lang, url, field_id):
    built = page(lang + url)
    (rules,) = built.find("ul", id=f"{field_id}-hint")
    assert "rules" in rules[0]["class"].split() and "10" in rules[1]
    ((field, _text, _parents),) = built.find("input", id=field_id)
    assert f"{field_id}-hint" in field["aria-describedby"].split() and "data-password" in field
    assert len(built.find("button", **{"data-reveal": field_id})) == 1
