"""Write the staff console's pages: static shells under /staff/ (and /en/staff/) that their
scripts fill from /api/staff, built like the client area's.

The pages and menu entries are the areas' own: `registry.Page(..., console="staff")` and
`registry.MenuEntry(..., console="staff", roles=...)` in each `chalicelib/<area>/area.py`.
Each page is rendered once per language from `theme/templates/staff/<template>.html`
(which extends `staff/layout.html`: the site's theme, the staff menu), loads
`theme/static/js/staff/<script>.js`, and is `noindex`; the sitemap leaves staff/ out
(helpsite/sitemap.py) and the search index never holds it (no data-pagefind-body).

Templates get, besides the page (`staff_page`): `staff_menu` ({"main": [...], "user":
[...]}), `staff_roles` ((role, its name) pairs), and `staff_strings` (the scripts' words: the catalogue's
`staff.js.*` and `staff.role.*` keys, and the audit actions' words the areas declare).
"""

import os
import sys

from pelican import signals
from pelican.generators import Generator

FUNCTIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                         "functions")
if FUNCTIONS not in sys.path:  # the build may start without PYTHONPATH=functions
    sys.path.insert(0, FUNCTIONS)


def staff_strings(catalogue: dict, lang: str) -> dict[str, str]:
    from chalicelib import registry

    strings = {}
    for key, words in catalogue.items():
        if key.startswith("staff.js."):
            strings[key[len("staff.js."):]] = words[lang]
        elif key.startswith("staff.role."):
            strings[key[len("staff."):]] = words[lang]
    for name, words in registry.audit_actions().items():
        strings[f"audit.{name}"] = words[lang]
    return strings


class StaffConsoleGenerator(Generator):
    def generate_context(self):
        from portico_i18n import load_catalogue

        from chalicelib import areas, registry
        from chalicelib.auth.staff import ROLES

        areas.load()
        self.staff_pages = registry.pages("staff")
        catalogue = load_catalogue(self.settings["I18N_DIR"], self.settings["LANGUAGES"])
        lang = self.settings["DEFAULT_LANG"]
        self.staff_context = {
            "staff_menu": {place: registry.menu(place, "staff") for place in ("main", "user")},
            # (role, its name) for the role choices
            "staff_roles": [(role, catalogue[f"staff.role.{role}"][lang]) for role in ROLES],
            "staff_strings": staff_strings(catalogue, lang),
        }

    def generate_output(self, writer):
        for page in self.staff_pages:
            writer.write_file(
                page.path + "index.html",
                self.get_template(f"staff/{page.template}"),
                self.context,
                staff_page=page,
                lang_path=page.path,
                page_title_key=page.title,
                noindex=True,  # the staff's tools: never in results (nor the sitemap)
                **self.staff_context,
            )


def get_generators(_pelican):
    return StaffConsoleGenerator


def register():
    signals.get_generators.connect(get_generators)
