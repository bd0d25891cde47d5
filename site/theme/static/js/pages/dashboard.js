// Inicio: one call, /api/dashboard (functions/chalicelib/dashboard/schemas.py), whose
// answer has `me` always and each other part only for whom may see it: the welcome by
// name, the counts, a reminder to verify the address; and the three latest announcements
// from the site's own JSON index (not the API).
import { api, el, menuFrom, reportLoadError, t, $ } from '../ui.js';
import { formatDate, formatMoney, root } from '../i18n.js';

const answer = api('/dashboard');
menuFrom(answer.then((data) => data.me)); // who is signed in, for the menu: no /auth/me

// Each count's number in its part of the answer.
const COUNTS = {
  services: (part) => part.active,
  domains: (part) => part.active,
  invoices: (part) => part.unpaid,
  tickets: (part) => part.open,
};

// A part left out of the answer (a contact without that permission) has its box removed
// rather than shown empty. Sections not open yet have no count ("Próximamente").
function showCounts(data) {
  for (const [name, count] of Object.entries(COUNTS)) {
    if (!(name in data)) {
      $(`[data-section="${name}"]`)?.remove();
      continue;
    }
    const cell = $(`[data-stat="${name}"]`);
    if (cell) cell.textContent = String(count(data[name]));
  }
  const dueCell = $('[data-stat="due"]');
  const due = data.invoices?.total_due;
  if (dueCell && due && due.amount > 0) dueCell.textContent = `(${t('amount_due')}: ${formatMoney(due)})`;
  const stats = $('#stats');
  stats.removeAttribute('aria-busy');
  if (!stats.children.length) stats.closest('section').hidden = true;
}

// Welcome by the signed-in person's own name (a contact's, not the owner's).
function showName(me) {
  if (me.first_name) $('#welcome-name').textContent = `, ${me.first_name}`;
}

// The address line is about the owner's address: filled only when the answer carries the
// owner's details (`client`, the `profile` permission); otherwise its room stays empty.
function showAddress(client) {
  if (!client) return;
  $('#account-email').textContent = client.email;
  $('#verify-reminder').hidden = client.email_verified;
  $('#email-verified').hidden = !client.email_verified;
}

answer
  .then((data) => {
    showName(data.me);
    showCounts(data);
    showAddress(data.client);
  })
  .catch(reportLoadError);

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

// Announcements are the site's, not the API's: {items: [{title, url, date, summary}]},
// newest first (the helpsite plugin writes it); no index simply means no box.
async function showNews() {
  let index;
  try {
    const response = await fetch(`${root}/announcements/index.json`, { credentials: 'same-origin' });
    if (!response.ok) return;
    index = await response.json();
  } catch {
    return;
  }
  const items = index.items.slice(0, 3);
  if (!items.length) return;
  const list = $('#news-list');
  for (const item of items) {
    list.append(el('li', {},
      el('a', { href: item.url }, item.title),
      el('span', { class: 'muted' }, ' · ', formatDate(item.date, { time: false })),
      item.summary ? el('p', { class: 'muted' }, item.summary) : null));
  }
  $('#news').hidden = false;
}

showNews();
