// The one way pages talk to the API: same origin, JSON, the page's language, and the
// error envelope {"error": {"code", "message", "fields"}} turned into an ApiError.
import { lang, root, t } from './i18n.js';
import { hasSignedInHint, setSignedInHint } from './hint.js';

export class ApiError extends Error {
  constructor(status, code, message, fields = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export function loginUrl(next = location.pathname + location.search) {
  return `${root}/clientarea/login/?next=${encodeURIComponent(next)}`;
}

// Only a path on this site may be a redirect target, never another origin.
export function safeNext(value, fallback = `${root}/clientarea/`) {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  try {
    const url = new URL(value, location.origin);
    const path = url.pathname + url.search + url.hash;
    if (url.origin !== location.origin || path.startsWith('//')) return fallback;
    return path;
  } catch {
    return fallback;
  }
}

export { hasSignedInHint, setSignedInHint };

async function readBody(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

let leaving = false; // on the way to the sign-in page

/**
 * Call /api + path. Resolves with the JSON body (null when there is none) or rejects
 * with an ApiError. A signed-out visitor is sent to the sign-in page, unless
 * `signedOutOk` (the sign-in and sign-up pages themselves).
 */
export async function api(path, { method = 'GET', body, query, signedOutOk = false, headers = {} } = {}) {
  let url = '/api' + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params.set(key, value);
    }
    if ([...params].length) url += '?' + params;
  }
  const init = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Accept-Language': lang, ...headers },
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, 'network', t('network'));
  }
  const data = await readBody(response);
  if (response.ok) {
    // A signed-in page's call answered: keep the hint (e.g. a session older than it).
    if (!signedOutOk) setSignedInHint(true);
    return data;
  }

  const error = (data && data.error) || {};
  const failure = new ApiError(response.status, error.code || 'internal_error', error.message || t('error'), error.fields || {});
  if (response.status === 401 && failure.code === 'unauthenticated') setSignedInHint(false);
  if (response.status === 401 && failure.code === 'unauthenticated' && !signedOutOk) {
    // Once per page: parallel calls all answer 401, and a second navigation to the same
    // place would cancel whatever the visitor (or a test) started after the first.
    if (!leaving) {
      leaving = true;
      location.assign(loginUrl());
    }
    return new Promise(() => {}); // the page is going away; nothing more should run
  }
  throw failure;
}
