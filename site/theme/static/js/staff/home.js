// The staff home: find a client (e-mail, name, company, tax id or number), and what waits,
// one part per area (the API leaves out the empty ones).
import { bindForm, el, param, $ } from '../ui.js';
import { root } from '../i18n.js';
import { reportLoadError, sectionBox, staffApi, start, word } from './console.js';

const form = $('#search-form');
const rows = $('#result-rows');
const more = $('#more-results');
let query = '';
let cursor = null;
const asked = param('q'); // a search to show again (back from a client's page), read before any is made

function resultRow(client) {
  const link = el('a', { href: `${root}/staff/client/?id=${encodeURIComponent(client.id)}` }, client.name);
  return el('tr', {},
    el('td', {}, link), el('td', {}, client.email), el('td', {}, client.company || '–'),
    el('td', {}, client.tax_id || '–'), el('td', {}, word(`matched.${client.matched}`, client.matched)));
}

async function loadResults() {
  more.disabled = true;
  try {
    const page = await staffApi('/clients', { query: { q: query, cursor } });
    rows.append(...page.items.map(resultRow));
    cursor = page.next;
    more.hidden = !cursor;
    $('#no-results').hidden = rows.children.length > 0;
    $('#results').hidden = false;
  } finally {
    more.disabled = false;
  }
}

bindForm(form, async (values) => {
  query = values.q;
  cursor = null;
  rows.replaceChildren();
  history.replaceState(null, '', `?q=${encodeURIComponent(query)}`);
  await loadResults();
  $('#results-title').focus();
});

more.addEventListener('click', () => loadResults().catch(reportLoadError));

async function showParts() {
  const { parts } = await staffApi('/home');
  const holder = $('#parts');
  holder.replaceChildren(...parts.map(sectionBox));
  holder.removeAttribute('aria-busy');
  $('#nothing').hidden = parts.length > 0;
}

start().then(() => {
  showParts().catch(reportLoadError);
  if (asked && !query) {
    $('#f-q').value = asked;
    query = asked;
    loadResults().catch(reportLoadError);
  }
}).catch(reportLoadError);
