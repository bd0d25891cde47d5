"""Write the client-area shells: static pages the page scripts fill from /api.

The pages are the areas' own: each area's `functions/chalicelib/<area>/area.py` declares
its pages (`registry.Page`: path under the language root, template, title key, script,
signed in or not) and its menu entries (`registry.MenuEntry`), and `registry.pages()` /
`registry.menu()` list them all. Nothing here names a page: a new area's pages and links
appear by declaring them. Each page is rendered once per language (one template
`theme/templates/clientarea/<template>.html`, words from site/i18n/), loading its script
`theme/static/js/pages/<script>.js`.

Templates get, besides the page (`shell`):
  clientarea_pages      every page (the dashboard marks sections still "coming soon")
  clientarea_menu       {"main": [...], "user": [...]} entries, in their order
  clientarea_permissions, clientarea_email_kinds
                        the contact form's choices, in the areas' order
  clientarea_kind_permissions
                        {e-mail kind: the permission a contact needs to receive it}
The words of permissions, e-mail kinds and activity events come from the same
descriptors (portico_i18n puts them in the catalogue as js.perm.*, js.pref.*, js.event.*).
"""

from pelican import signals
from pelican.generators import Generator

from chalicelib import areas, registry


def load() -> None:
    """Fill the registry from the areas' descriptors (cheap: they are data)."""
    areas.load()


class ClientAreaGenerator(Generator):
    def generate_context(self):
        load()
        self.context["clientarea_pages"] = registry.pages()
        self.context["clientarea_menu"] = {place: registry.menu(place) for place in ("main", "user")}
        self.context["clientarea_permissions"] = registry.permissions()
        self.context["clientarea_email_kinds"] = registry.email_kinds()
        self.context["clientarea_kind_permissions"] = {
            kind.name: kind.permission for kind in registry.email_kinds() if kind.permission}

    def generate_output(self, writer):
        for page in self.context["clientarea_pages"]:
            writer.write_file(
                page.path + "index.html",
                self.get_template("clientarea/" + page.template),
                self.context,
                shell=page,
                lang_path=page.path,
                page_title_key=page.title,
                noindex=True,  # app screens, not documents: never in results (nor the sitemap)
            )


def get_generators(_pelican):
    return ClientAreaGenerator


def register():
    signals.get_generators.connect(get_generators)
