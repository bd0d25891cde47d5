// Administración de contactos: the list, with edit links and deletion.
import { api, el, me, notice, pagedList, param, reportLoadError, t, $ } from '../ui.js';
import { root } from '../i18n.js';

const rows = $('#rows');
const box = $('[data-page-message]');

if (param('saved')) notice(box, t(param('saved') === 'invited' ? 'contact_invited' : 'contact_saved'), 'ok');

function tags(values, prefix) {
  return (values || []).map((value) => el('span', { class: 'tag' }, t(prefix + value)));
}

async function remove(contact, row, button) {
  if (!window.confirm(t('confirm_delete_contact'))) return;
  button.disabled = true;
  try {
    await api(`/account/contacts/${encodeURIComponent(contact.id)}`, { method: 'DELETE' });
    row.remove();
    notice(box, t('deleted'), 'ok');
  } catch (error) {
    button.disabled = false;
    reportLoadError(error);
  }
}

// As the API decides (contacts.may_manage): the owner manages every contact; a contact
// only those without a sign-in, never itself.
function mayManage(who, contact) {
  if (who.role !== 'contact') return true;
  return contact.id !== who.contact_id && !(contact.permissions || []).length;
}

function render(who, contact) {
  const name = `${contact.first_name || ''} ${contact.last_name || ''}`.trim();
  const row = el('tr');
  // The reason is read out too, not only shown on hover.
  let actions = [el('span', { class: 'muted', title: t('owner_only'), 'aria-hidden': 'true' }, '–'),
    el('span', { class: 'visually-hidden' }, t('owner_only'))];
  if (mayManage(who, contact)) {
    const del = el('button', { type: 'button', class: 'link', 'aria-label': `${t('delete')}: ${name}` }, t('delete'));
    del.addEventListener('click', () => remove(contact, row, del));
    actions = [el('a', { href: `${root}/clientarea/contacts/edit/?id=${encodeURIComponent(contact.id)}`, 'aria-label': `${t('edit')}: ${name}` }, t('edit')),
      ' · ', del];
  }
  row.append(
    el('td', {}, name),
    el('td', {}, contact.email || ''),
    el('td', {}, tags(contact.email_preferences, 'pref.')),
    el('td', {}, contact.permissions && contact.permissions.length ? tags(contact.permissions, 'perm.') : '–'),
    el('td', {}, actions),
  );
  rows.append(row);
}

const who = await me().catch((error) => {
  reportLoadError(error);
  return null;
});
if (who) pagedList({
  load: (cursor) => api('/account/contacts', { query: { cursor } }),
  render: (contact) => render(who, contact),
  more: $('#more'),
  empty: $('#empty'),
}).catch(reportLoadError);
