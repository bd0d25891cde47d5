"""Nothing jumps when the data arrives: cumulative layout shift of client-area pages on a
throttled phone (Chromium's own measure, PerformanceObserver 'layout-shift'), signed in
as the demo customer. Budget: under 0.05 on every page checked ("good" is 0.1)."""

import pytest

from tests.support.browser import DEMO

pytestmark = pytest.mark.xdist_group("site")

BUDGET = 0.05

# Sum of the shifts not caused by input, and what moved (for the failure message).
OBSERVE = """(() => {
  window.__cls = 0;
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      window.__cls += entry.value;
      for (const source of entry.sources || []) {
        const node = source.node;
        const name = node ? (node.id ? '#' + node.id : (node.className || node.nodeName)) : '?';
        window.__shifts.push(`${name}: y ${Math.round(source.previousRect.y)}→${Math.round(source.currentRect.y)}, h ${Math.round(source.previousRect.height)}→${Math.round(source.currentRect.height)}`);
      }
    }
  }).observe({ type: 'layout-shift', buffered: true });
})()"""

# A slow phone: 4× slower CPU, 150 ms round trips, 1.6 Mb/s down (DevTools' "Fast 3G"-like).
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}

PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

PAGES = [
    ("/clientarea/", PHONE),
    ("/en/clientarea/", PHONE),
    ("/clientarea/", DESKTOP),
    ("/clientarea/contacts/", PHONE),
    ("/clientarea/emails/", PHONE),
    ("/clientarea/activity/", PHONE),
    ("/en/clientarea/security/", PHONE),
    ("/clientarea/account/", PHONE),
]


@pytest.fixture(scope="module")
def demo_state(browser, site_url):
    """The demo customer's signed-in cookies, shared by the contexts below."""
    context = browser.new_context()
    assert context.request.post(site_url + "/api/auth/login", data=DEMO).ok
    state = context.storage_state()
    context.close()
    return state


def layout_shift(browser, site_url, demo_state, path, device):
    context = browser.new_context(storage_state=demo_state, **device)
    try:
        context.add_init_script(OBSERVE)
        tab = context.new_page()
        cdp = context.new_cdp_session(tab)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        tab.goto(site_url + path, wait_until="networkidle")
        tab.wait_for_timeout(300)  # a frame or two for the last rendering
        assert tab.url == site_url + path, f"{path} went to {tab.url}"
        return tab.evaluate("window.__cls"), tab.evaluate("window.__shifts")
    finally:
        context.close()


@pytest.mark.parametrize(("path", "device"), PAGES, ids=[f"{p}-{'phone' if d is PHONE else 'desktop'}" for p, d in PAGES])
def test_client_area_page_does_not_jump_when_its_data_arrives(browser, site_url, demo_state, path, device):
    score, shifts = layout_shift(browser, site_url, demo_state, path, device)
    assert score < BUDGET, f"{path}: cumulative layout shift {score:.3f}: {shifts}"
