// Activity log: sign-ins and account changes, newest first, a page at a time.
import { api, el, pagedList, reportLoadError, t, $ } from '../ui.js';
import { formatDate } from '../i18n.js';

function eventName(event) {
  const key = `event.${event}`;
  const text = t(key);
  return text === key ? event : text;
}

function actorName(actor) {
  if (!actor || actor === 'owner') return t('owner');
  if (typeof actor === 'string') return actor;
  return actor.name || actor.email || t('owner');
}

function detailText(detail) {
  if (!detail) return '';
  if (typeof detail === 'string') return detail;
  return Object.entries(detail).map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : value}`).join('; ');
}

pagedList({
  load: (cursor) => api('/account/activity', { query: { cursor } }),
  render(entry) {
    $('#rows').append(el('tr', {},
      el('td', {}, formatDate(entry.at)),
      el('td', {}, eventName(entry.event)),
      el('td', {}, actorName(entry.actor)),
      el('td', {}, entry.ip || ''),
      el('td', {}, detailText(entry.detail), entry.user_agent ? el('div', { class: 'muted' }, entry.user_agent) : null)));
  },
  more: $('#more'),
  empty: $('#empty'),
}).catch(reportLoadError);
