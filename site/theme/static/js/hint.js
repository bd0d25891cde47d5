// A hint, not a credential: "this browser signed in lately", so public pages can offer
// the client area instead of sign-in without asking the API (they stay static). The
// session cookie itself is HttpOnly and is what the API trusts; this one grants nothing.
// No imports: nav.js loads it on every public page.
const HINT = 'signed_in_hint';
const HINT_MAX_AGE = 30 * 24 * 3600; // the session's lifetime

export function hasSignedInHint() {
  return new RegExp(`(?:^|;\\s*)${HINT}=1(?:;|$)`).test(document.cookie);
}

export function setSignedInHint(on) {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${HINT}=${on ? 1 : ''}; Path=/; Max-Age=${on ? HINT_MAX_AGE : 0}; SameSite=Lax${secure}`;
}
