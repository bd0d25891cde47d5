"""The areas of the product, as each describes itself.

Each area package has an `area.py` whose `AREA` says what it adds: its routes, the contact
permissions and e-mail kinds it defines, its activity events and messages (words in both
languages), its part of the dashboard, its client-area pages and menu entries, and its
demo data, and its background work (job kinds and scheduled tasks, docs/jobs.md). The
list of areas is `chalicelib/areas.py`, the one place an area is named; `areas.load()`
fills this registry. The kernel reads the registry, never an area.

The staff console is built the same way: an area adds its part of the staff home
(`staff_home`), its section of a client's page (`staff_client_section`), the staff
actions it records in the audit trail (`audit_actions`), and staff pages and menu
entries (`Page(..., console="staff")`, `MenuEntry(..., console="staff", roles=...)`).
"""

from dataclasses import dataclass, field
from importlib import import_module


@dataclass(frozen=True)
class Words:
    es: str
    en: str

    def __getitem__(self, language: str) -> str:
        return getattr(self, language)


@dataclass(frozen=True)
class Permission:
    """A right an owner can give a login contact (docs/api.md's enumeration)."""

    name: str
    words: Words


@dataclass(frozen=True)
class EmailKind:
    """A kind of e-mail a contact can ask to receive; with a permission, only a contact
    that has it may subscribe (it would read what the permission hides)."""

    name: str
    words: Words
    permission: str | None = None


@dataclass(frozen=True)
class Event:
    """An activity-log event, with how the activity page names it."""

    name: str
    words: Words


# Where a console's page templates and scripts live, under site/theme/.
CONSOLES = {"clientarea": ("templates/clientarea", "static/js/pages"),
            "staff": ("templates/staff", "static/js/staff")}


@dataclass(frozen=True)
class Page:
    """A page of the client area (or of the staff console): a static shell the page
    script fills from the API."""

    path: str  # under the language root, ends with "/"
    template: str  # theme/templates/<console>/<template>.html
    title: str  # the site catalogue's key for its title
    script: str | None = None  # theme/static/js/pages/<script>.js (staff: js/staff/)
    signed_in: bool = True
    console: str = "clientarea"  # or "staff": built with the staff layout and menu

    @property
    def template_file(self) -> str:
        """The template, relative to site/theme/."""
        return f"{CONSOLES[self.console][0]}/{self.template}.html"

    @property
    def script_file(self) -> str | None:
        """The page's script, relative to site/theme/."""
        return f"{CONSOLES[self.console][1]}/{self.script}.js" if self.script else None


@dataclass(frozen=True)
class MenuEntry:
    """A link of the client-area menu, shown only to whom holds `permission` (None:
    everyone signed in); the current page highlights the entry whose `pages` hold it."""

    key: str  # the site catalogue's ca.nav.<key> holds its words
    path: str
    permission: str | None = None
    pages: tuple[str, ...] = ()
    place: str = "main"  # "main" bar, or the "user" menu (the person's own settings)
    order: int = 50
    console: str = "clientarea"  # or "staff"
    # staff: the roles shown the entry (admin sees every entry); () for every member
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Task:
    """A task the clock runs (docs/jobs.md): `run` is "module:function", called with the
    as-of date. `every="day"`: once per date, missed dates caught up; `every="minute"`:
    at every tick (the sweeper)."""

    name: str  # "<area>.<name>"
    run: str
    every: str = "day"


@dataclass(frozen=True)
class Area:
    name: str
    routes: tuple[str, ...] = ()  # modules whose `bp` blueprint the app registers
    permissions: tuple[Permission, ...] = ()
    email_kinds: tuple[EmailKind, ...] = ()
    events: tuple[Event, ...] = ()
    # Words of this area's API messages: {"code": {"es": ..., "en": ...}}
    messages: dict = field(default_factory=dict)
    dashboard: str | None = None  # "module:function" giving this area's dashboard part
    pages: tuple[Page, ...] = ()
    menu: tuple[MenuEntry, ...] = ()
    demo: str | None = None  # "module:function" seeding the local stack's demo data
    # The staff console: "module:function"s taking the staff Principal (and, for a
    # section, the client id) and answering a list of sections (shapes.StaffSection:
    # title, columns, rows); an empty list shows nothing.
    staff_home: str | None = None
    staff_client_section: str | None = None
    # What the area's staff operations record in the audit trail (audit.py), with words.
    audit_actions: tuple[Event, ...] = ()
    # Background work (docs/jobs.md): the job kinds this area handles, {"<area>.<name>":
    # "module:function"} (the function gets a jobs.worker.Run), and its scheduled tasks.
    jobs: dict = field(default_factory=dict)
    tasks: tuple[Task, ...] = ()


_areas: list[Area] = []


def install(areas: list[Area]) -> None:
    """Called once by chalicelib.areas with every area's descriptor."""
    _areas[:] = areas


def areas() -> list[Area]:
    if not _areas:
        raise RuntimeError("no areas loaded: import chalicelib.areas and call load() first")
    return list(_areas)


def resolve(reference: str):
    """"package.module:name" → the object (dashboard parts and seeders load when used)."""
    module, _, name = reference.partition(":")
    return getattr(import_module(module), name)


def permissions() -> tuple[str, ...]:
    return tuple(p.name for area in areas() for p in area.permissions)


def email_kinds() -> tuple[EmailKind, ...]:
    return tuple(k for area in areas() for k in area.email_kinds)


def events() -> dict[str, Words]:
    return {e.name: e.words for area in areas() for e in area.events}


def messages() -> dict[str, dict[str, str]]:
    found: dict = {}
    for area in areas():
        found.update(area.messages)
    return found


def pages(console: str = "clientarea") -> list[Page]:
    return [page for area in areas() for page in area.pages if page.console == console]


def menu(place: str = "main", console: str = "clientarea") -> list[MenuEntry]:
    entries = [e for area in areas() for e in area.menu
               if e.place == place and e.console == console]
    return sorted(entries, key=lambda e: e.order)


def audit_actions() -> dict[str, Words]:
    return {a.name: a.words for area in areas() for a in area.audit_actions}


def staff_home_parts() -> list[tuple[str, object]]:
    return [(area.name, resolve(area.staff_home)) for area in areas() if area.staff_home]


def staff_client_sections() -> list[tuple[str, object]]:
    return [(area.name, resolve(area.staff_client_section))
            for area in areas() if area.staff_client_section]


def job_handlers() -> dict[str, str]:
    """Every job kind and the "module:function" that runs it."""
    return {kind: reference for area in areas() for kind, reference in area.jobs.items()}


def tasks() -> list[Task]:
    return [task for area in areas() for task in area.tasks]


def dashboard_parts() -> list[tuple[str, object]]:
    return [(area.name, resolve(area.dashboard)) for area in areas() if area.dashboard]
