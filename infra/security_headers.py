"""The browser security headers of every response, defined once.

CloudFront adds them in production (the response-headers policy of infra/aws/template.py
builds itself from `cloudfront_policy()`); the local stack's one-port server adds the same
ones (infra/local/server.py, `for_response()`), so every browser test runs under the
production policy and a violation fails it (tests/e2e/conftest.py).
"""

# Pagefind runs WebAssembly ('wasm-unsafe-eval') in a same-origin worker; nothing else is
# loaded from anywhere but the site itself. Frames: only our own (the e-mail view).
SITE_CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            "frame-ancestors 'none'; upgrade-insecure-requests")

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
HSTS_MAX_AGE = 63072000  # two years, as preload lists ask

# name -> (value, override). override=True replaces whatever the origin sent (CloudFront's
# "Override"); False keeps an origin's own value: the e-mail view (GET
# /api/account/emails/{id}/html) sends its own stricter CSP and lets our page frame it.
HEADERS = {
    "Content-Security-Policy": (SITE_CSP, False),
    "X-Frame-Options": ("DENY", False),
    "X-Content-Type-Options": ("nosniff", True),
    "Referrer-Policy": ("same-origin", True),
    "Permissions-Policy": (PERMISSIONS_POLICY, True),
}
HSTS = ("Strict-Transport-Security", f"max-age={HSTS_MAX_AGE}; includeSubDomains")


def for_response(sent: set[str], https: bool) -> list[tuple[str, str]]:
    """The headers to add to a response that already sent the (lower-cased) names `sent`;
    the caller drops the origin's own copies of the overriding ones first (`overridden`)."""
    added = [(name, value) for name, (value, override) in HEADERS.items()
             if override or name.lower() not in sent]
    if https:  # browsers ignore HSTS over http, and it must never pin a local address
        added.append(HSTS)
    else:
        # Over plain http (the local stack opened at a LAN address, say) this directive
        # would send every request to an https port nobody listens on.
        added = [(n, v.replace("; upgrade-insecure-requests", "")) if n == "Content-Security-Policy" else (n, v)
                 for n, v in added]
    return added


def overridden() -> set[str]:
    return {name.lower() for name, (_v, override) in HEADERS.items() if override} | {HSTS[0].lower()}


def cloudfront_policy() -> dict:
    """The ResponseHeadersPolicyConfig's header sections, from HEADERS."""
    def value(name):
        return HEADERS[name][0]

    def override(name):
        return HEADERS[name][1]

    known = {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"}
    custom = [{"Header": n, "Value": v, "Override": o} for n, (v, o) in HEADERS.items() if n not in known]
    return {
        "SecurityHeadersConfig": {
            "ContentSecurityPolicy": {"ContentSecurityPolicy": value("Content-Security-Policy"),
                                      "Override": override("Content-Security-Policy")},
            "StrictTransportSecurity": {"AccessControlMaxAgeSec": HSTS_MAX_AGE,
                                        "IncludeSubdomains": True, "Override": True},
            "ContentTypeOptions": {"Override": override("X-Content-Type-Options")},
            "FrameOptions": {"FrameOption": value("X-Frame-Options"), "Override": override("X-Frame-Options")},
            "ReferrerPolicy": {"ReferrerPolicy": value("Referrer-Policy"), "Override": override("Referrer-Policy")},
        },
        "CustomHeadersConfig": {"Items": custom},
    }


def headers_of_cloudfront_policy(config: dict) -> dict[str, tuple[str, bool]]:
    """Read a ResponseHeadersPolicyConfig back as name -> (value, override), HSTS included:
    what a browser gets over https. Tests compare it with HEADERS."""
    security = config["SecurityHeadersConfig"]
    headers = {
        "Content-Security-Policy": (security["ContentSecurityPolicy"]["ContentSecurityPolicy"],
                                    security["ContentSecurityPolicy"]["Override"]),
        "X-Frame-Options": (security["FrameOptions"]["FrameOption"], security["FrameOptions"]["Override"]),
        "X-Content-Type-Options": ("nosniff", security["ContentTypeOptions"]["Override"]),
        "Referrer-Policy": (security["ReferrerPolicy"]["ReferrerPolicy"], security["ReferrerPolicy"]["Override"]),
    }
    hsts = security["StrictTransportSecurity"]
    headers[HSTS[0]] = (f"max-age={hsts['AccessControlMaxAgeSec']}"
                        + ("; includeSubDomains" if hsts.get("IncludeSubdomains") else ""), hsts["Override"])
    for item in config.get("CustomHeadersConfig", {}).get("Items", []):
        headers[item["Header"]] = (item["Value"], item["Override"])
    return headers
