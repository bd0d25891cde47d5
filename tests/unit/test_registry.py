"""Every area's descriptor is complete, in both languages, and says each thing once."""

import re
from pathlib import Path

import pytest

from chalicelib import areas, errors, i18n, registry

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "site" / "theme"
LANGUAGES = ("es", "en")
# docs/api.md's enumerations: the names integrators already rely on.
API_PERMISSIONS = {"profile", "contacts", "services", "domains", "invoices", "tickets", "orders",
                   "affiliates", "emails"}
API_EMAIL_KINDS = {"general", "invoices", "support", "products", "domains", "affiliates"}


def _words(words) -> None:
    for language in LANGUAGES:
        assert words[language].strip(), (words, language)


def test_permissions_and_email_kinds_are_the_apis_enumerations():
    assert set(registry.permissions()) == API_PERMISSIONS
    assert {k.name for k in registry.email_kinds()} == API_EMAIL_KINDS


@pytest.mark.parametrize("kind", ["permissions", "email_kinds", "events", "audit_actions"])
def test_each_name_is_declared_once_with_words_in_both_languages(kind):
    declared = [item for area in registry.areas() for item in getattr(area, kind)]
    names = [item.name for item in declared]
    assert len(names) == len(set(names)), f"a {kind} name is declared twice"
    for item in declared:
        _words(item.words)


def test_an_email_kinds_permission_is_a_declared_permission():
    for kind in registry.email_kinds():
        assert kind.permission in (None, *registry.permissions()), kind


@pytest.mark.parametrize("console", sorted(registry.CONSOLES))
def test_menu_entries_need_declared_permissions_and_lead_to_declared_pages(console):
    from chalicelib.auth.staff import ROLES

    pages = {page.path for page in registry.pages(console)}
    for place in ("main", "user"):
        for entry in registry.menu(place, console):
            assert entry.permission in (None, *registry.permissions()), entry
            assert set(entry.roles) <= set(ROLES), entry
            # a permission is a customer's, a role a member of staff's
            assert not (entry.roles and console != "staff"), entry
            assert entry.path in pages, entry
            assert set(entry.pages) <= pages and entry.path in entry.pages, entry


def test_pages_are_declared_once_with_their_template_and_script():
    every = [page for console in registry.CONSOLES for page in registry.pages(console)]
    paths = [page.path for page in every]
    assert len(paths) == len(set(paths))
    assert {page.console for page in every} == set(registry.CONSOLES)
    for page in every:
        assert (THEME / page.template_file).is_file(), page
        assert page.script_file is None or (THEME / page.script_file).is_file(), page
        # staff pages live under /staff/, client-area pages never there
        assert page.path.startswith("staff/") == (page.console == "staff"), page


def test_each_area_has_a_descriptor_and_its_routes_and_parts_exist():
    from importlib import import_module

    loaded = areas.load()
    assert [a.name for a in loaded] == list(areas.AREAS)
    for area in loaded:
        for module in area.routes:
            assert hasattr(import_module(module), "bp"), module
        for reference in filter(None, (area.dashboard, area.demo, area.staff_home,
                                       area.staff_client_section)):
            assert callable(registry.resolve(reference)), reference


def test_job_kinds_and_tasks_are_named_once_under_their_area_and_resolve():
    from chalicelib.jobs.schedule import EVERY

    kinds = [(area.name, kind, ref) for area in registry.areas() for kind, ref in area.jobs.items()]
    tasks = [(area.name, task) for area in registry.areas() for task in area.tasks]
    assert {"mail.send", "accounts.reset_link"} <= {kind for _, kind, _ in kinds}
    assert "jobs.sweep" in {task.name for _, task in tasks}
    names = [kind for _, kind, _ in kinds] + [task.name for _, task in tasks]
    assert len(names) == len(set(names)), "a job kind or task is declared twice"
    for area, name in [(a, k) for a, k, _ in kinds] + [(a, t.name) for a, t in tasks]:
        assert name.startswith(f"{area}.") and name.isascii() and " " not in name, (area, name)
    for reference in [r for _, _, r in kinds] + [t.run for _, t in tasks]:
        assert callable(registry.resolve(reference)), reference
    assert all(task.every in EVERY for _, task in tasks)


def test_a_job_of_an_undeclared_kind_is_refused_before_anything_is_written():
    import pytest

    from chalicelib import jobs

    with pytest.raises(ValueError, match="unknown job kind"):
        jobs.submit("mail.sned", {})
    with pytest.raises(ValueError, match="not a job key"):
        jobs.submit("mail.send", {}, key="a#b")


def test_every_delivery_state_of_an_email_has_words_on_the_page_in_both_languages():
    import json

    from chalicelib.mail.models import STATUSES

    catalogue = json.loads((ROOT / "site" / "i18n" / "clientarea.json").read_text(encoding="utf-8"))
    for status in STATUSES:
        words = catalogue[f"js.mail_status.{status}"]
        assert all(words[language].strip() for language in LANGUAGES), status
    assert {k.rsplit(".", 1)[1] for k in catalogue if k.startswith("js.mail_status.")} == set(STATUSES)


def test_every_error_code_has_words_in_both_languages():
    codes = {cls.code for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.ApiError)}
    assert "validation_failed" in codes
    for code in codes:
        for language in LANGUAGES:
            assert i18n.t(code, language, request_id="x").strip()


def test_area_messages_have_both_languages_and_do_not_shadow_the_kernels():
    for area in registry.areas():
        for key, words in area.messages.items():
            assert set(words) == set(LANGUAGES) and all(w.strip() for w in words.values()), key
            assert key not in i18n.MESSAGES, f"{key} is both the kernel's and {area.name}'s"


def test_every_field_message_the_code_names_exists():
    used = set()
    for path in (ROOT / "functions" / "chalicelib").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= {f"field.{k}" for k in re.findall(r'(?:fail|field_error\([^,]+,)\s*\(?"([a-z_]+)"', text)}
        used |= set(re.findall(r't\("((?:field|question)\.[a-z_]+)"', text))
    missing = [key for key in sorted(used) if not i18n.has(key)]
    assert missing == [] and len(used) > 15


def test_a_missing_message_raises_instead_of_saying_something_vague():
    with pytest.raises(KeyError):
        i18n.t("field.no_such_message")
