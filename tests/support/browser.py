"""Helpers the browser tests (tests/e2e/) share: the demo customer, signing in, a new
customer's registration, and waiting for a page without fixed sleeps.

Waits are polled from Python: `wait_for_function` evaluates a string in the page, which
the production CSP (no 'unsafe-eval') refuses.
"""

import time

DEMO = {"email": "cliente@portico.example", "password": "Portico-Demo-2026"}

# Counts the page's fetches in flight, so a test can wait for the data to be drawn
# without idling half a second per page as "networkidle" does.
COUNT_FETCHES = """(() => {
  let pending = 0;
  const fetch = window.fetch;
  window.fetch = (...args) => {
    pending += 1;
    return fetch(...args).finally(() => setTimeout(() => { pending -= 1; }, 0));
  };
  Object.defineProperty(window, '__pendingFetches', { get: () => pending });
})()"""

NEXT_FRAME = "() => new Promise((resolve) => requestAnimationFrame(() => resolve()))"


def registration(email: str, password: str, **changes) -> dict:
    """A valid POST /api/auth/register body."""
    return {"email": email, "password": password, "first_name": "Eva", "last_name": "Prueba",
            "address1": "Calle Luna 5", "city": "Bilbao", "postcode": "48001", "country": "ES",
            "phone": "+34 611 222 333", "language": "es", "accept_terms": True, **changes}


def submit_sign_in(page, email: str = DEMO["email"], password: str = DEMO["password"]) -> None:
    """Fill in and send the sign-in form of the page shown."""
    page.fill("#login-form input[type=email]", email)
    page.fill("#login-form input[type=password]", password)
    page.click("#login-form button[type=submit]")


def sign_in(page, site_url: str, email: str = DEMO["email"], password: str = DEMO["password"],
            lang: str = "") -> None:
    """Sign in through the form (the demo customer unless told) and land on the dashboard."""
    page.goto(f"{site_url}{lang}/clientarea/login/")
    submit_sign_in(page, email, password)
    page.wait_for_url(f"{site_url}{lang}/clientarea/")


def wait_until(tab, check, message: str, timeout: float = 5.0):
    """Poll check() every 50 ms (letting the page run in between) until it answers
    something true, and answer that; fail with `message` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (answer := check()):
        assert time.monotonic() < deadline, message
        tab.wait_for_timeout(50)
    return answer


def settle_fetches(tab, timeout: float = 10.0) -> None:
    """Wait until the API calls of a page opened with COUNT_FETCHES are answered."""
    wait_until(tab, lambda: tab.evaluate("window.__pendingFetches") == 0,
               "the page's API calls did not finish", timeout)


def signed_in_context(browser, site_url: str, **options):
    """A browser context signed in as the demo customer, its pages counting their fetches."""
    context = browser.new_context(**options)
    context.add_init_script(COUNT_FETCHES)
    answer = context.request.post(site_url + "/api/auth/login", data=DEMO)
    assert answer.ok, answer.text()
    return context
