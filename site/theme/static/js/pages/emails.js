// Mis Emails: every e-mail sent to the client, newest first; the subject opens it. An
// e-mail shows from when it is queued (it is delivered in the background), with its state.
import { el, pagedList, t } from '../ui.js';
import { formatDate, root } from '../i18n.js';

const statusWords = (status) => {
  const words = t(`mail_status.${status}`);
  return words === `mail_status.${status}` ? status : words;
};

pagedList('/account/emails', (mail) => el('tr', {},
  el('td', {}, formatDate(mail.sent_at)),
  el('td', {}, el('a', { href: `${root}/clientarea/emails/view/?id=${encodeURIComponent(mail.id)}` }, mail.subject || '—')),
  el('td', {}, mail.to.join(', ')),
  el('td', {}, statusWords(mail.status))));
