"""The shared page module (site/theme/static/js/ui.js) in Chromium: what it builds from
data can never run code, and its listing and row helpers behave as pages rely on."""

import pytest

pytestmark = pytest.mark.xdist_group("site")

# The sign-in page loads ui.js and, signed out, makes no call: a quiet page to import it on.
PAGE = "/clientarea/login/"

BUILD = """async ([tag, attrs]) => {
  const { el } = await import('/theme/js/ui.js');
  const node = el(tag, attrs, 'x');
  return Object.fromEntries([...node.attributes].map((a) => [a.name, a.value]));
}"""

REFUSED = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u0001javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "blob:https://evil.example/1",
    "file:///etc/passwd",
    "mailto:someone@example.com",
    "http://[bad",
]
ALLOWED = [
    "/clientarea/emails/view/?id=1",
    "?id=2",
    "#top",
    "emails/",
    "https://portico.example/kb/",
    "http://127.0.0.1:8000/",
]


@pytest.fixture
def quiet_page(page, base_url_static):
    page.goto(base_url_static + PAGE)
    return page


@pytest.mark.parametrize("url", REFUSED)
@pytest.mark.parametrize(("tag", "attribute"), [("a", "href"), ("img", "src"), ("iframe", "src"), ("form", "action")])
def test_el_refuses_a_url_that_is_not_http_or_relative(quiet_page, url, tag, attribute):
    attrs = quiet_page.evaluate(BUILD, [tag, {attribute: url, "class": "kept"}])
    assert attribute not in attrs and attrs["class"] == "kept"


@pytest.mark.parametrize("url", ALLOWED)
def test_el_sets_http_and_relative_urls(quiet_page, url):
    assert quiet_page.evaluate(BUILD, ["a", {"href": url}])["href"] == url


def test_el_takes_event_handlers_as_functions_never_as_code(quiet_page):
    attrs = quiet_page.evaluate(BUILD, ["a", {"onclick": "alert(1)", "onMouseOver": "alert(2)", "title": "ok"}])
    assert attrs == {"title": "ok"}
    clicked = quiet_page.evaluate("""async () => {
      const { el } = await import('/theme/js/ui.js');
      let clicked = false;
      el('button', { onclick: () => { clicked = true; } }).click();
      return clicked;
    }""")
    assert clicked is True


def test_el_writes_strings_as_text_never_as_html(quiet_page):
    html = quiet_page.evaluate("""async () => {
      const { el } = await import('/theme/js/ui.js');
      return el('p', {}, '<img src=x onerror=alert(1)>').innerHTML;
    }""")
    assert html == "&lt;img src=x onerror=alert(1)&gt;"


def test_fit_menu_hides_what_a_contact_lacks_and_nothing_for_an_owner(quiet_page):
    shown = quiet_page.evaluate("""async () => {
      const { el, fitMenu } = await import('/theme/js/ui.js');
      const build = () => el('nav', {}, el('ul', {},
        el('li', {}, el('a', { href: '/a/' }, 'free')),
        el('li', {}, el('a', { href: '/b/', 'data-permission': 'invoices' }, 'invoices')),
        el('li', {}, el('a', { href: '/c/', 'data-permission': 'profile' }, 'profile'))));
      const visible = (nav) => [...nav.querySelectorAll('li')].filter((li) => !li.hidden).map((li) => li.textContent);
      const contact = build();
      const owner = build();
      document.body.append(contact, owner);
      fitMenu({ role: 'contact', permissions: ['invoices'] }, contact);
      fitMenu({ role: 'owner', permissions: [] }, owner);
      return { contact: visible(contact), owner: visible(owner) };
    }""")
    assert shown == {"contact": ["free", "invoices"], "owner": ["free", "invoices", "profile"]}


ROW_ACTION = """async (fails) => {
  const { el, removesRow, ApiError } = await import('/theme/js/ui.js');
  const box = el('div', { 'data-page-message': '' });
  const row = el('tr', {}, el('td', {}, 'row'));
  const button = el('button', { type: 'button' }, 'delete');
  document.body.prepend(box, el('table', {}, el('tbody', {}, row)));
  let calls = 0;
  removesRow(button, row, {
    call: async () => { calls += 1; if (fails) throw new ApiError(409, 'conflict', 'It changed meanwhile.'); },
    done: 'Deleted.',
  });
  button.click();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { calls, inPage: row.isConnected, disabled: button.disabled, message: box.textContent, kind: box.className };
}"""


def test_removes_row_removes_the_row_and_says_so(quiet_page):
    done = quiet_page.evaluate(ROW_ACTION, False)
    assert done == {"calls": 1, "inPage": False, "disabled": True, "message": "Deleted.", "kind": "notice ok"}


def test_removes_row_keeps_the_row_and_shows_the_apis_message_on_failure(quiet_page):
    failed = quiet_page.evaluate(ROW_ACTION, True)
    assert failed == {"calls": 1, "inPage": True, "disabled": False, "message": "It changed meanwhile.",
                      "kind": "notice error"}


def test_paged_list_shows_each_page_then_hides_more(quiet_page):
    pages = {"": {"items": [{"n": 1}, {"n": 2}], "next": "c2"}, "c2": {"items": [{"n": 3}], "next": None}}
    asked = []

    def answer(route):
        cursor = route.request.url.partition("cursor=")[2]
        asked.append(cursor)
        route.fulfill(json=pages[cursor])

    quiet_page.route("**/api/things*", answer)
    shown = quiet_page.evaluate("""async () => {
      const { el, pagedList } = await import('/theme/js/ui.js');
      const rows = el('tbody'), more = el('button', { hidden: true }), empty = el('p', { hidden: true });
      document.body.append(rows, more, empty);
      await pagedList('/things', (item) => el('tr', {}, el('td', {}, item.n)), { rows, more, empty });
      const first = { rows: rows.textContent, more: !more.hidden, empty: !empty.hidden };
      more.click();
      await new Promise((resolve) => setTimeout(resolve, 200));
      return [first, { rows: rows.textContent, more: !more.hidden, empty: !empty.hidden }];
    }""")
    assert shown == [{"rows": "12", "more": True, "empty": False}, {"rows": "123", "more": False, "empty": False}]
    assert asked == ["", "c2"]


def test_paged_list_says_when_there_is_nothing(quiet_page):
    quiet_page.route("**/api/things*", lambda route: route.fulfill(json={"items": [], "next": None}))
    shown = quiet_page.evaluate("""async () => {
      const { el, pagedList } = await import('/theme/js/ui.js');
      const rows = el('tbody'), more = el('button'), empty = el('p', { hidden: true });
      document.body.append(rows, more, empty);
      await pagedList('/things', (item) => el('tr'), { rows, more, empty });
      return { more: !more.hidden, empty: !empty.hidden };
    }""")
    assert shown == {"more": False, "empty": True}
