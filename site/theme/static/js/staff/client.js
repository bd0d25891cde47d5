// A client's page: its essentials, each area's section, and the staff's notes on it.
import { bindForm, el, notice, param, $ } from '../ui.js';
import { formatDate } from '../i18n.js';
import { reportLoadError, sectionBox, staffApi, staffPagedList, start, t, tt } from './console.js';

const id = param('id');
const notes = $('#notes');

function noteItem(note) {
  return el('li', { class: 'note' },
    el('p', { class: 'note-text' }, note.text),
    el('p', { class: 'muted' }, `${formatDate(note.created_at)} · ${tt('by', { name: note.staff_name })}`));
}

async function showClient() {
  const client = await staffApi(`/clients/${encodeURIComponent(id)}`);
  document.title = `${client.name} · ${document.title}`;
  $('#client-name').textContent = client.name;
  for (const name of ['email', 'company', 'tax_id', 'id']) $(`[data-meta="${name}"]`).textContent = client[name] || '–';
  $('#client-meta').removeAttribute('aria-busy');
  $('#sections').replaceChildren(...client.sections.map(sectionBox));
}

bindForm($('#note-form'), async (values, form) => {
  const note = await staffApi(`/clients/${encodeURIComponent(id)}/notes`, { method: 'POST', body: { text: values.text } });
  form.reset();
  notes.prepend(noteItem(note));
  $('#no-notes').hidden = true;
  notice($('[data-message]', form), t('note_added'), 'ok');
});

if (!id) {
  notice($('[data-page-message]'), t('no_client'), 'error');
} else {
  start().then(() => Promise.all([
    showClient(),
    staffPagedList(`/clients/${encodeURIComponent(id)}/notes`, noteItem,
      { rows: notes, more: $('#more-notes'), empty: $('#no-notes') }),
  ])).catch(reportLoadError);
}
