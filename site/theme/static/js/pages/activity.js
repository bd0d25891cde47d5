// Activity log: sign-ins and account changes, newest first, a page at a time. Each entry
// is the shape functions/chalicelib/activity/schemas.py documents (ActivityEntry).
import { el, pagedList, t } from '../ui.js';
import { formatDate } from '../i18n.js';

function words(key, fallback) {
  const text = t(key);
  return text === key ? fallback : text;
}

// Every event an area declares has its words (js.event.*, from the descriptors).
const eventName = (event) => words(`event.${event}`, event);

// A failed sign-in was someone trying an address: not the account holder acting.
function actorName(entry) {
  if (entry.event === 'login_failed') return '–';
  return entry.actor === 'owner' ? t('owner') : entry.actor;
}

// The API lists changed fields by name ("address1, city"); people read their form labels
// (field.*), or a short word where the label is a sentence or there is none (changed.*).
function fieldWords(names) {
  return names.split(/,\s*/).filter(Boolean)
    .map((name) => words(`changed.${name}`, null) ?? words(`field.${name}`, name)).join(', ');
}

function detailText(entry) {
  const detail = entry.detail;
  if (entry.event === 'profile_changed') return fieldWords(detail);
  if (entry.event === 'contact_changed') {
    const [who, ...fields] = detail.split(' ');
    return fields.length ? `${who}: ${fieldWords(fields.join(' '))}` : who;
  }
  if (entry.event === 'login_failed') {
    return entry.actor === 'owner' ? t('failed_for_owner') : t('failed_for_contact').replace('{email}', entry.actor);
  }
  return detail;
}

pagedList('/account/activity', (entry) => el('tr', {},
  el('td', {}, formatDate(entry.at)),
  el('td', {}, eventName(entry.event)),
  el('td', {}, actorName(entry)),
  el('td', {}, entry.ip),
  el('td', {}, detailText(entry),
    entry.device ? el('div', { class: 'muted', title: entry.user_agent || null }, entry.device) : null)));
