// Administración de contactos: the list, with edit links and deletion.
import { api, el, me, notice, pagedList, param, removesRow, reportLoadError, t, $ } from '../ui.js';
import { root } from '../i18n.js';

if (param('saved')) notice($('[data-page-message]'), t(param('saved') === 'invited' ? 'contact_invited' : 'contact_saved'), 'ok');

function tags(values, prefix) {
  return values.map((value) => el('span', { class: 'tag' }, t(prefix + value)));
}

// As the API decides (contacts.may_manage): the owner manages every contact; a contact
// only those without a sign-in, never itself.
function mayManage(who, contact) {
  if (who.role !== 'contact') return true;
  return contact.id !== who.contact_id && !contact.permissions.length;
}

function row(who, contact) {
  const name = `${contact.first_name} ${contact.last_name}`.trim();
  const tr = el('tr');
  // The reason is read out too, not only shown on hover.
  let actions = [el('span', { class: 'muted', title: t('owner_only'), 'aria-hidden': 'true' }, '–'),
    el('span', { class: 'visually-hidden' }, t('owner_only'))];
  if (mayManage(who, contact)) {
    const path = `/account/contacts/${encodeURIComponent(contact.id)}`;
    const del = removesRow(el('button', { type: 'button', class: 'link', 'aria-label': `${t('delete')}: ${name}` }, t('delete')), tr, {
      call: () => api(path, { method: 'DELETE' }),
      confirm: t('confirm_delete_contact'),
      done: t('deleted'),
    });
    actions = [el('a', { href: `${root}/clientarea/contacts/edit/?id=${encodeURIComponent(contact.id)}`, 'aria-label': `${t('edit')}: ${name}` }, t('edit')),
      ' · ', del];
  }
  tr.append(
    el('td', {}, name),
    el('td', {}, contact.email),
    el('td', {}, tags(contact.email_preferences, 'pref.')),
    el('td', {}, contact.permissions.length ? tags(contact.permissions, 'perm.') : '–'),
    el('td', {}, actions),
  );
  return tr;
}

const who = await me().catch((error) => {
  reportLoadError(error);
  return null;
});
if (who) pagedList('/account/contacts', (contact) => row(who, contact));
