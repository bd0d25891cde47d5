// The staff (admins): invite a member, change a role, disable or enable, reset a second
// factor, send a password link. Never on one's own account (the API refuses it too).
import { ApiError, bindForm, el, notice, $ } from '../ui.js';
import { reportLoadError, staffApi, start, t, tt, word } from './console.js';

const rows = $('#rows');
const more = $('#more');
const pageMessage = $('[data-page-message]');
let myId = null;
let cursor = null;
const roles = [...$('#f-role').options].map((o) => [o.value, o.textContent]);

function status(member) {
  if (member.disabled) return 'disabled';
  if (!member.password_set) return 'invited';
  if (!member.two_factor_enabled) return 'two_factor_pending';
  return 'active';
}

async function act(action, success) {
  try {
    const answer = await action();
    notice(pageMessage, success, 'ok');
    return answer;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    notice(pageMessage, Object.values(error.fields || {})[0] || error.message, 'error');
    pageMessage.focus();
    return null;
  }
}

function memberRow(member) {
  const row = el('tr', { 'data-member': member.id });
  const mine = member.id === myId;
  const role = el('select', { 'aria-label': tt('role_of', { name: member.name }), disabled: mine },
    roles.map(([value, text]) => el('option', { value, selected: value === member.role }, text)));
  role.addEventListener('change', async () => {
    const changed = await act(() => staffApi(`/members/${member.id}`, { method: 'PATCH', body: { role: role.value } }), t('saved'));
    if (!changed) role.value = member.role;
    else Object.assign(member, changed);
  });
  const actions = el('td', { class: 'member-actions' });
  if (!mine) {
    const toggle = el('button', { type: 'button', class: member.disabled ? 'secondary' : 'danger' }, t(member.disabled ? 'enable' : 'disable'));
    toggle.addEventListener('click', async () => {
      if (!member.disabled && !window.confirm(tt('confirm_disable', { email: member.email }))) return;
      const changed = await act(() => staffApi(`/members/${member.id}`, { method: 'PATCH', body: { disabled: !member.disabled } }), t('saved'));
      if (changed) row.replaceWith(memberRow(changed));
    });
    const reset = el('button', { type: 'button', class: 'secondary' }, t('reset_2fa'));
    reset.addEventListener('click', async () => {
      if (!window.confirm(tt('confirm_reset', { email: member.email }))) return;
      const changed = await act(() => staffApi(`/members/${member.id}/two-factor-reset`, { method: 'POST' }), tt('reset_done', { email: member.email }));
      if (changed) row.replaceWith(memberRow(changed));
    });
    const link = el('button', { type: 'button', class: 'secondary' }, t('send_link'));
    link.addEventListener('click', () => act(() => staffApi(`/members/${member.id}/password-link`, { method: 'POST' }), tt('link_sent', { email: member.email })));
    actions.append(toggle, reset, link);
  }
  row.append(el('td', {}, member.name), el('td', {}, member.email), el('td', {}, role),
    el('td', {}, word(`status.${status(member)}`, status(member))), actions);
  return row;
}

async function load() {
  more.disabled = true;
  try {
    const page = await staffApi('/members', { query: { cursor } });
    rows.append(...page.items.map(memberRow));
    cursor = page.next;
    more.hidden = !cursor;
  } finally {
    more.disabled = false;
  }
}

bindForm($('#invite-form'), async (values, form) => {
  const member = await staffApi('/members', { method: 'POST', body: values });
  form.reset();
  rows.prepend(memberRow(member));
  notice($('[data-message]', form), tt('invited', { email: member.email }), 'ok');
});

more.addEventListener('click', () => load().catch(reportLoadError));

start().then((who) => {
  myId = who.id;
  return load();
}).catch(reportLoadError);
