// What every staff console page shares: calls to /api/staff (the only path the staff
// cookie is sent to), who is signed in (menu entries for some roles appear once the role
// is known), signing out, and showing the parts and sections the areas add, all the same
// way (a table, or label/value pairs for one record). No customer cookie or hint is read
// or written here: a staff session and a customer's never meet.
import { ApiError } from '../api.js';
import { formatDate, formatMoney, root, t } from '../i18n.js';
import { el, $, $$ } from '../ui.js';

export { t };

/** t() with {name} placeholders filled. */
export function tt(key, values = {}) {
  return Object.entries(values).reduce((text, [name, value]) => text.replaceAll(`{${name}}`, value), t(key));
}

/** A word if the catalogue has one, else the value itself (a status the console does not name). */
export function word(key, fallback) {
  const text = t(key);
  return text === key ? fallback : text;
}

export const home = `${root}/staff/`;

export function loginUrl(next = location.pathname + location.search) {
  return `${root}/staff/login/?next=${encodeURIComponent(next)}`;
}

/** Only a page of the staff console may be where sign-in leads. */
export function staffNext(value) {
  if (!value || !value.startsWith(`${root}/staff/`) || value.includes('//') || value.includes('\\')) return home;
  return value;
}

let leaving = false; // on the way to the sign-in page

/**
 * Call /api/staff + path (not api.js's api(): that one keeps the customers' signed-in
 * hint and sends a signed-out visitor to the client area's sign-in); resolve with the JSON body or reject with an ApiError. Signed
 * out, the page goes to the staff sign-in (unless `signedOutOk`).
 */
export async function staffApi(path, { method = 'GET', body, query, signedOutOk = false } = {}) {
  let url = '/api/staff' + path;
  if (query) {
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    if ([...params].length) url += '?' + params;
  }
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': document.documentElement.lang } };
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
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (response.ok) return data;
  const error = (data && data.error) || {};
  const failure = new ApiError(response.status, error.code || 'internal_error', error.message || t('error'), error.fields || {});
  if (response.status === 401 && failure.code === 'unauthenticated' && !signedOutOk) {
    // Once per page: parallel calls all answer 401, and a second navigation would cancel
    // whatever was started after the first.
    if (!leaving) {
      leaving = true;
      location.assign(loginUrl());
    }
    return new Promise(() => {}); // the page is going away
  }
  throw failure;
}

let whoami = null;
/** The signed-in member ({id, email, name, role, ...}), asked once a page. */
export function me() {
  whoami ??= staffApi('/me');
  return whoami;
}

/**
 * A staff listing ({items, next}), a page at a time: each item becomes `row(item)` in
 * `rows`; "more" fetches the next page while there is one; `empty` shows when there is
 * nothing. Answers a promise of the first page (failures go to the page's message box).
 */
export function staffPagedList(path, row, { rows, more, empty, query = {} }) {
  let cursor = null;
  let shown = 0;
  async function next() {
    more.disabled = true;
    try {
      const page = await staffApi(path, { query: { ...query, cursor } });
      for (const item of page.items) {
        rows.append(row(item));
        shown += 1;
      }
      cursor = page.next;
      more.hidden = !cursor;
      if (empty) empty.hidden = shown > 0;
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', () => next().catch(reportLoadError));
  return next().catch(reportLoadError);
}

/** Show a failure in the page's message box. */
export function reportLoadError(error) {
  const box = $('[data-page-message]');
  if (!(error instanceof ApiError) || !box) throw error;
  box.className = 'notice error';
  box.textContent = error.message;
}

/**
 * Every signed-in page starts here: who is signed in, the menu for its role. A session
 * still setting up its second factor may reach nothing else (403): back to the set-up.
 */
export async function start() {
  let who;
  try {
    who = await me();
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      location.assign(`${root}/staff/login/?setup=1&next=${encodeURIComponent(location.pathname + location.search)}`);
      return new Promise(() => {});
    }
    throw error;
  }
  const name = $('[data-staff-name]');
  if (name) name.textContent = who.name;
  for (const item of $$('[data-roles]')) {
    item.hidden = !(who.role === 'admin' || item.dataset.roles.split(' ').includes(who.role));
  }
  return who;
}

async function logout() {
  try {
    await staffApi('/auth/logout', { method: 'POST', signedOutOk: true });
  } catch {
    // Signed out already, or unreachable: the sign-in page is right either way.
  }
  location.assign(`${root}/staff/login/`);
}

for (const button of $$('[data-staff-logout]')) button.addEventListener('click', logout);

/** A cell's content, as its column's type says. */
export function cellContent(row, column) {
  const value = row[column.key];
  if (value === null || value === undefined || value === '') return '–';
  switch (column.type) {
    case 'datetime': return formatDate(value);
    case 'date': return formatDate(value, { time: false });
    case 'money': return formatMoney(value);
    case 'status': return word(`status.${value}`, word(`role.${value}`, String(value)));
    case 'client': return row.client_id ? el('a', { href: `${root}/staff/client/?id=${encodeURIComponent(row.client_id)}` }, String(value)) : String(value);
    default: return String(value);
  }
}

let sections = 0;
/** A part of the home or a section of a client's page, as the API describes it. */
export function sectionBox(section) {
  sections += 1;
  const id = `section-${sections}`;
  const box = el('section', { class: 'box staff-section', 'aria-labelledby': id, 'data-section': `${section.area}.${section.key}` },
    el('h2', { id }, section.title));
  const rows = section.rows || [];
  if (section.layout === 'fields') {
    const row = rows[0] || {};
    box.append(el('dl', { class: 'meta' }, section.columns.flatMap((column) => [el('dt', {}, column.label), el('dd', {}, cellContent(row, column))])));
  } else if (!rows.length) {
    box.append(el('p', { class: 'muted' }, t('empty')));
  } else {
    box.append(el('div', { class: 'table-wrap' }, table(section.columns, rows)));
  }
  if (section.total) box.append(el('p', { class: 'muted' }, tt('total', { shown: rows.length, total: section.total })));
  return box;
}

/** A table whose cells carry their column's name (stacked as cards on narrow screens). */
export function table(columns, rows) {
  return el('table', { class: 'stack', role: 'table' },
    el('thead', { role: 'rowgroup' }, el('tr', { role: 'row' }, columns.map((c) => el('th', { scope: 'col', role: 'columnheader' }, c.label)))),
    el('tbody', { role: 'rowgroup' }, rows.map((row) => el('tr', { role: 'row' },
      columns.map((c) => el('td', { role: 'cell', 'data-label': c.label }, cellContent(row, c)))))));
}
