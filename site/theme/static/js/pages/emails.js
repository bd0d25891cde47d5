// Mis Emails: every e-mail sent to the client, newest first; the subject opens it.
import { el, pagedList } from '../ui.js';
import { formatDate, root } from '../i18n.js';

pagedList('/account/emails', (mail) => el('tr', {},
  el('td', {}, formatDate(mail.sent_at)),
  el('td', {}, el('a', { href: `${root}/clientarea/emails/view/?id=${encodeURIComponent(mail.id)}` }, mail.subject || '—')),
  el('td', {}, mail.to.join(', '))));
