// Inicio: the account's counts from /api/dashboard, a reminder to verify the address,
// and the three latest announcements from the site's own JSON index.
import { api, el, me, reportLoadError, t, $ } from '../ui.js';
import { formatDate, formatMoney, root } from '../i18n.js';

// The dashboard's fields are read leniently (first match wins), so the page keeps
// working while the API's exact shape settles: see the list beside each count.
const SOURCES = {
  services: ['services.active', 'active_services', 'services_active', 'services'],
  domains: ['domains.active', 'domains.count', 'active_domains', 'domains'],
  invoices: ['invoices.unpaid', 'unpaid_invoices.count', 'unpaid_invoices', 'invoices.count'],
  tickets: ['tickets.open', 'open_tickets.count', 'open_tickets', 'tickets'],
  due: ['invoices.due', 'invoices.total_due', 'unpaid_invoices.total_due', 'unpaid_invoices.amount_due', 'total_due', 'amount_due'],
};

function lookup(data, path) {
  return path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), data);
}

function asCount(value) {
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.length;
  if (value && typeof value.count === 'number') return value.count;
  return undefined;
}

function pick(data, name, convert) {
  for (const path of SOURCES[name]) {
    const value = convert(lookup(data, path));
    if (value !== undefined) return value;
  }
  return undefined;
}

// The API leaves out each part the signed-in person may not see (a contact without
// that permission): its box is removed rather than shown empty or as an error.
async function showCounts() {
  const data = await api('/dashboard');
  // Sections not open yet have no count on the page ("Próximamente"), so none is filled.
  for (const name of ['services', 'domains', 'invoices', 'tickets']) {
    if (!(name in data)) {
      $(`[data-section="${name}"]`)?.remove();
      continue;
    }
    const cell = $(`[data-stat="${name}"]`);
    const count = pick(data, name, asCount);
    if (cell) cell.textContent = count === undefined ? '–' : String(count);
  }
  const due = pick(data, 'due', (v) => (v && typeof v.amount === 'number' ? v : undefined));
  const dueCell = $('[data-stat="due"]');
  if (dueCell && due && due.amount > 0) dueCell.textContent = `(${t('amount_due')}: ${formatMoney(due)})`;
  const stats = $('#stats');
  stats.removeAttribute('aria-busy');
  if (!stats.children.length) stats.closest('section').hidden = true;
  showAddress(data.client);
}

// The address line is about the owner's address: filled only when the answer carries the
// owner's details (the `profile` permission); otherwise its reserved room stays empty.
function showAddress(client) {
  if (!client) return;
  $('#account-email').textContent = client.email || '';
  $('#verify-reminder').hidden = client.email_verified !== false;
  $('#email-verified').hidden = client.email_verified === false;
}

// Welcome by the signed-in person's own name (a contact's, not the owner's).
async function showName() {
  const who = await me();
  if (who.first_name) $('#welcome-name').textContent = `, ${who.first_name}`;
}

const resend = $('#resend-verification');
resend.addEventListener('click', async () => {
  resend.disabled = true;
  try {
    await api('/account/verification-email', { method: 'POST' });
    resend.replaceWith(t('resent'));
  } catch (error) {
    resend.disabled = false;
    reportLoadError(error);
  }
});

// Announcements are the site's, not the API's; no index simply means no box.
async function showNews() {
  let index;
  try {
    const response = await fetch(`${root}/announcements/index.json`, { credentials: 'same-origin' });
    if (!response.ok) return;
    index = await response.json();
  } catch {
    return;
  }
  const items = (Array.isArray(index) ? index : index.items || []).slice(0, 3);
  if (!items.length) return;
  const list = $('#news-list');
  for (const item of items) {
    list.append(el('li', {},
      el('a', { href: item.url }, item.title),
      item.date ? el('span', { class: 'muted' }, ' · ', formatDate(item.date, { time: false })) : null,
      item.summary ? el('p', { class: 'muted' }, item.summary) : null));
  }
  $('#news').hidden = false;
}

showName().catch(reportLoadError);
showCounts().catch(reportLoadError);
showNews();
