// Helpers every client-area page shares (docs/frontend.md): building DOM safely, forms
// with errors beside their fields, one-at-a-time submits, paged lists, rows removed by a
// button, the menu fitted to who is signed in, and the sign-out button.
import { api, ApiError, hasSignedInHint, loginUrl, setSignedInHint } from './api.js';
import { t, root } from './i18n.js';

// Attributes that load or navigate to a URL: only http(s) and relative URLs are set, so a
// value from the API (or a mistake) can never become a javascript:, data: or other
// scheme's link. A page that means to show a data: image sets it itself, visibly.
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'xlink:href']);

export function isSafeUrl(value) {
  try {
    // The URL parser reads a scheme as browsers do (case, tabs and newlines inside it,
    // leading spaces), so what it calls http(s) is what a click would open.
    return ['http:', 'https:'].includes(new URL(String(value), location.href).protocol);
  } catch {
    return false;
  }
}

/**
 * Create an element; strings become text nodes, never HTML. `on<event>` attributes take
 * functions only (never code in a string); URL attributes only http(s) or relative URLs:
 * anything else is left out (and said in the console).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    const name = key.toLowerCase();
    if (name.startsWith('on')) {
      if (typeof value === 'function') node.addEventListener(name.slice(2), value);
      else console.warn(`el(): ${key} must be a function`);
    } else if (key === 'text') node.textContent = value;
    else if (URL_ATTRIBUTES.has(name) && !isSafeUrl(value)) console.warn(`el(): refused ${key}="${value}"`);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const $ = (selector, scope = document) => scope.querySelector(selector);
export const $$ = (selector, scope = document) => [...scope.querySelectorAll(selector)];

export function param(name) {
  return new URLSearchParams(location.search).get(name);
}

/** Show a message in a [data-message] box (role=alert, so it is announced). */
export function notice(box, text, kind = 'error') {
  if (!box) return;
  box.className = `notice ${kind}`;
  box.textContent = text || '';
}

export function clearErrors(form) {
  for (const line of $$('.field-error', form)) line.textContent = '';
  for (const input of $$('[aria-invalid]', form)) input.removeAttribute('aria-invalid');
  notice($('[data-message]', form), '');
}

function fieldBox(form, name) {
  const plain = String(name).split(/[.[]/)[0];
  return $(`[data-field="${CSS.escape(name)}"]`, form) || $(`[data-field="${CSS.escape(plain)}"]`, form);
}

// Errors that are about one field although the API sends no `fields` for them.
const FIELD_OF_CODE = {
  totp_invalid: 'totp',
  invalid_password: 'current_password',
  security_answer_incorrect: 'security_answer',
  email_taken: 'email',
};

/** Put the API's message on top of the form and each field's message beside it. */
export function showErrors(form, error) {
  const box = $('[data-message]', form);
  const unplaced = [];
  let fields = error.fields || {};
  const codeField = FIELD_OF_CODE[error.code];
  if (!Object.keys(fields).length && codeField && fieldBox(form, codeField)) {
    fields = { [codeField]: error.message };
  }
  for (const [name, text] of Object.entries(fields)) {
    const field = fieldBox(form, name);
    if (!field) {
      unplaced.push(text);
      continue;
    }
    $('.field-error', field).textContent = text;
    for (const input of $$('input, select, textarea', field)) input.setAttribute('aria-invalid', 'true');
  }
  const message = [error.message || t('error'), ...unplaced].join(' ');
  notice(box, message, 'error');
  // The first field in error as the form reads, whatever order the API listed them in.
  const first = $('[aria-invalid="true"]', form);
  (first || box)?.focus();
}

/** A field's value: checkbox lists give arrays, single checkboxes booleans. */
export function formValues(form, { omitEmpty = false } = {}) {
  const values = {};
  for (const input of form.elements) {
    if (!input.name || input.disabled || input.type === 'submit' || input.closest('[hidden]')) continue;
    if (input.type === 'checkbox' && input.hasAttribute('data-list')) {
      values[input.name] ||= [];
      if (input.checked) values[input.name].push(input.value);
    } else if (input.type === 'checkbox') {
      values[input.name] = input.checked;
    } else {
      // A password is sent as typed, also while shown as text (data-password).
      const value = input.type === 'password' || 'password' in input.dataset ? input.value : input.value.trim();
      if (omitEmpty && value === '') continue;
      values[input.name] = value;
    }
  }
  return values;
}

/** Check a "repeat the password" field locally and leave it out of the request. */
export function withoutRepeat(values, first, second) {
  if (values[first] !== values[second]) {
    throw new ApiError(422, 'validation_failed', t('check_fields'), { [second]: t('passwords_differ') });
  }
  const { [second]: _repeat, ...rest } = values;
  return rest;
}

/** Fill a form's fields from an object (the inverse of formValues). */
export function fillForm(form, data) {
  for (const input of form.elements) {
    if (!input.name || !(input.name in data)) continue;
    const value = data[input.name];
    if (input.type === 'checkbox' && input.hasAttribute('data-list')) input.checked = (value || []).includes(input.value);
    else if (input.type === 'checkbox') input.checked = Boolean(value);
    else if (input.type !== 'password') input.value = value ?? '';
  }
}

/**
 * Run `handler(values, form)` on submit, one request at a time: the submit buttons are
 * disabled while it runs, and an ApiError is shown on the form.
 * options: omitEmpty (leave out empty text fields), onError(error, form) after showing it.
 */
export function bindForm(form, handler, options = {}) {
  form.noValidate = true; // the API's messages (in the client's language) are the ones shown
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clearErrors(form);
    const buttons = $$('button', form).filter((b) => b.type === 'submit');
    form.setAttribute('aria-busy', 'true');
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await handler(formValues(form, options), form);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      showErrors(form, error);
      options.onError?.(error, form);
    } finally {
      form.removeAttribute('aria-busy');
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
}

/**
 * A listing of the API ({items, next}, docs/api.md), a page at a time: each item becomes
 * `row(item)` appended to `rows`; the "more" button fetches the next page while there is
 * one, and `empty` shows when there is nothing. The listing macro's #rows, #more and
 * #empty are the defaults. Failures go to the page's message box. Answers a promise of
 * the first page.
 */
export function pagedList(path, row, { rows = $('#rows'), more = $('#more'), empty = $('#empty') } = {}) {
  let cursor = null;
  let shown = 0;
  async function next() {
    more.disabled = true;
    try {
      const page = await api(path, { query: { cursor } });
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

/**
 * A row's button that removes it: asks `confirm` first (when given), calls `call()`, then
 * removes `row` and says `done` in the page's message box; on failure the button is
 * usable again and the API's message is shown there.
 */
export function removesRow(button, row, { call, confirm, done }) {
  button.addEventListener('click', async () => {
    if (confirm && !window.confirm(confirm)) return;
    button.disabled = true;
    try {
      await call();
    } catch (error) {
      button.disabled = false;
      reportLoadError(error);
      return;
    }
    row.remove();
    if (done) notice($('[data-page-message]'), done, 'ok');
  });
  return button;
}

let whoami = null;
/** Who is signed in ({role: "owner" | "contact", permissions, ...}), asked once a page. */
export function me() {
  whoami ??= api('/auth/me');
  return whoami;
}

// The menu shows only what the signed-in person may use. The page is built as an owner
// sees it (an owner may use everything, so an owner's menu never changes); for a contact,
// each link whose data-permission it lacks is hidden once the page knows who is signed
// in (docs/frontend.md says why it is drawn this way round).
let menuWho = null;

/**
 * A page whose own answer already says who is signed in ({role, permissions}: the
 * dashboard's `me`) hands that promise over, and the menu asks /auth/me no more. Call it
 * in the page script's synchronous first lines (before any await): the menu reads it
 * right after the page's modules have run.
 */
export function menuFrom(who) {
  menuWho = who;
}

/** Hide the menu links whose data-permission `who` ({role, permissions}) lacks. */
export function fitMenu(who, nav = $('#ca-nav')) {
  const lacks = (link) => who.role !== 'owner' && !who.permissions.includes(link.dataset.permission);
  const links = $$('[data-permission]', nav);
  if (!links.some(lacks)) return;
  // The bar keeps the height it was drawn with (it may have wrapped onto a second line
  // with every link), so the page below it does not move up; until the window is resized.
  nav.style.minHeight = `${nav.offsetHeight}px`;
  window.addEventListener('resize', () => { nav.style.minHeight = ''; }, { once: true });
  for (const link of links) link.closest('li').hidden = lacks(link);
}

const nav = $('#ca-nav');
if (nav) {
  // A microtask runs once the page's module graph has been evaluated (this module is
  // evaluated before the page script that imports it), so menuFrom() has been heard, and
  // the call still starts with the page's own. A failure is the page's to report (its
  // calls fail alike); the menu then stays as drawn.
  queueMicrotask(() => (menuWho || me()).then((who) => fitMenu(who, nav), () => {}));
}

/** Show a failure to load a page's data in the page's main message box. */
export function reportLoadError(error) {
  const box = $('[data-page-message]');
  if (error instanceof ApiError && box) notice(box, error.message, 'error');
  else throw error;
}

/**
 * Sign-in and registration pages: someone already signed in goes on to `target`.
 * Only asked when the hint says so, so a signed-out visitor's page makes no call.
 */
export async function leaveIfSignedIn(target) {
  if (!hasSignedInHint()) return;
  try {
    await api('/auth/me', { signedOutOk: true });
  } catch {
    return; // not signed in after all (api() has dropped the hint)
  }
  location.replace(target);
}

async function logout() {
  try {
    await api('/auth/logout', { method: 'POST', signedOutOk: true });
  } catch {
    // Already signed out, or the server is unreachable: the sign-in page is right either way.
  }
  setSignedInHint(false);
  location.assign(`${root}/clientarea/login/`);
}

for (const button of $$('[data-logout]')) button.addEventListener('click', logout);

// "Mostrar": show or hide a password field's characters.
for (const button of $$('[data-reveal]')) {
  button.addEventListener('click', () => {
    const input = document.getElementById(button.dataset.reveal);
    const show = input.type === 'password';
    input.type = show ? 'text' : 'password';
    button.setAttribute('aria-pressed', String(show));
  });
}

// On phones a listing's rows stack as cards, each cell showing its column's name
// (site.css reads data-label). Rows come from the page scripts; label them as they land.
// Stacking sets display: block, which makes Safari/VoiceOver forget it is a table: the
// ARIA roles say so again.
function labelCells(table) {
  const names = $$('thead th', table).map((th) => th.textContent.trim());
  table.setAttribute('role', 'table');
  for (const group of [table.tHead, ...table.tBodies]) group?.setAttribute('role', 'rowgroup');
  for (const row of table.rows) {
    row.setAttribute('role', 'row');
    [...row.cells].forEach((cell, index) => {
      if (cell.tagName === 'TH') {
        cell.setAttribute('role', cell.scope === 'row' ? 'rowheader' : 'columnheader');
        return;
      }
      cell.setAttribute('role', 'cell');
      if (names[index] && !cell.dataset.label) cell.dataset.label = names[index];
    });
  }
}
for (const table of $$('table.stack')) {
  labelCells(table);
  if (table.tBodies[0]) new MutationObserver(() => labelCells(table)).observe(table.tBodies[0], { childList: true });
}

export { api, ApiError, loginUrl, setSignedInHint, t };
