// Activity log: sign-ins and account changes, newest first, a page at a time.
import { api, el, pagedList, reportLoadError, t, $ } from '../ui.js';
import { formatDate } from '../i18n.js';

function words(key, fallback) {
  const text = t(key);
  return text === key ? fallback : text;
}

const eventName = (event) => words(`event.${event}`, event);

// A failed sign-in was someone trying an address: not the account holder acting.
function actorName(entry) {
  if (entry.event === 'login_failed') return '–';
  const actor = entry.actor;
  if (!actor || actor === 'owner') return t('owner');
  if (actor === 'staff') return t('actor_staff'); // a member of staff: never who
  return actor;
}

// The API lists changed fields by name ("address1, city"); people read their form labels
// (field.*), or a short word where the label is a sentence or there is none (changed.*).
function fieldWords(names) {
  return names.split(/,\s*/).filter(Boolean)
    .map((name) => words(`changed.${name}`, null) ?? words(`field.${name}`, name)).join(', ');
}

function detailText(entry) {
  const detail = entry.detail || '';
  if (entry.event === 'profile_changed') return fieldWords(detail);
  if (entry.event === 'contact_changed') {
    const [who, ...fields] = detail.split(' ');
    return fields.length ? `${who}: ${fieldWords(fields.join(' '))}` : who;
  }
  if (entry.event === 'login_failed') {
    return !entry.actor || entry.actor === 'owner' ? t('failed_for_owner') : t('failed_for_contact').replace('{email}', entry.actor);
  }
  return detail;
}

pagedList({
  load: (cursor) => api('/account/activity', { query: { cursor } }),
  render(entry) {
    const device = entry.device || entry.user_agent;
    $('#rows').append(el('tr', {},
      el('td', {}, formatDate(entry.at)),
      el('td', {}, eventName(entry.event)),
      el('td', {}, actorName(entry)),
      el('td', {}, entry.ip || ''),
      el('td', {}, detailText(entry), device ? el('div', { class: 'muted', title: entry.user_agent || null }, device) : null)));
  },
  more: $('#more'),
  empty: $('#empty'),
}).catch(reportLoadError);
