// The audit trail (admins): every staff change, newest first; by member, by client.
import { bindForm, el, param, $ } from '../ui.js';
import { formatDate, root } from '../i18n.js';
import { reportLoadError, staffApi, start, t, word } from './console.js';

const form = $('#filter-form');
const rows = $('#rows');
const more = $('#more');
let filters = { staff_id: param('staff_id') || '', client_id: param('client_id') || '' };
let cursor = null;

function shown(field, value) {
  if (value === null || value === undefined || value === '') return '–';
  if (value === '[redacted]') return t('redacted');
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function changes(record) {
  const list = Object.entries(record.changes || {});
  if (!list.length) return '';
  return el('ul', { class: 'changes plain-list' }, list.map(([field, change]) => el('li', {},
    el('span', { class: 'field-name' }, field), ': ', shown(field, change.before), ' → ', shown(field, change.after))));
}

function row(record) {
  const client = record.client_id
    ? el('a', { href: `${root}/staff/client/?id=${encodeURIComponent(record.client_id)}` }, record.client_id)
    : '–';
  return el('tr', {},
    el('td', {}, formatDate(record.at)),
    el('td', {}, record.staff_email),
    el('td', {}, word(`audit.${record.action}`, record.action)),
    el('td', {}, `${word(`object.${record.object_type}`, record.object_type)} ${record.object_id}`),
    el('td', {}, client),
    el('td', {}, record.ip || '–'),
    el('td', {}, changes(record)));
}

async function load() {
  more.disabled = true;
  try {
    const page = await staffApi('/audit', { query: { ...filters, cursor } });
    rows.append(...page.items.map(row));
    cursor = page.next;
    more.hidden = !cursor;
    $('#empty').hidden = rows.children.length > 0;
  } finally {
    more.disabled = false;
  }
}

async function fillMembers() {
  const select = $('#f-staff_id');
  const page = await staffApi('/members', { query: { limit: 100 } });
  select.append(...page.items.map((m) => el('option', { value: m.id }, `${m.name} (${m.email})`)));
  select.value = filters.staff_id;
  $('#f-client_id').value = filters.client_id;
}

bindForm(form, async (values) => {
  filters = { staff_id: values.staff_id, client_id: values.client_id };
  cursor = null;
  rows.replaceChildren();
  history.replaceState(null, '', `?${new URLSearchParams(Object.entries(filters).filter(([, v]) => v))}`);
  await load();
});

more.addEventListener('click', () => load().catch(reportLoadError));

start().then(() => Promise.all([fillMembers(), load()])).catch(reportLoadError);
