// One e-mail of Mis Emails. Its HTML is its own document (/api/account/emails/{id}/html,
// served under its own CSP that allows the e-mail's inline styles and no script) in a
// sandboxed iframe (no allow-scripts), so nothing in it can run or reach this page, and
// this page's CSP stays strict.
import { api, notice, param, reportLoadError, t, $ } from '../ui.js';
import { formatDate } from '../i18n.js';

const statusWords = (status) => {
  const words = t(`mail_status.${status}`);
  return words === `mail_status.${status}` ? status : words;
};

async function show() {
  const id = param('id');
  if (!id) {
    notice($('[data-page-message]'), t('not_found'));
    return;
  }
  const mail = await api(`/account/emails/${encodeURIComponent(id)}`);
  $('#subject').textContent = mail.subject || '—';
  document.title = `${mail.subject} · ${document.title}`;
  $('#sent-at').textContent = formatDate(mail.sent_at);
  $('#to').textContent = mail.to.join(', ');
  $('#status').textContent = statusWords(mail.status);
  $('#meta').hidden = false;
  if (mail.body_html) {
    const frame = $('#mail-html');
    frame.src = `/api/account/emails/${encodeURIComponent(id)}/html`;
    frame.hidden = false;
  }
  if (mail.body_text) {
    $('#mail-text').textContent = mail.body_text;
    const box = $('#mail-text-box');
    box.hidden = false;
    box.open = !mail.body_html;
  }
}

show().catch(reportLoadError);
