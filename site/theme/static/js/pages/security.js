// Seguridad: turn two-factor on (password → secret + QR → code → backup codes, shown
// once: copy, download or print them, and say they are saved before moving on), renew the
// backup codes (password), cancel a set-up, turn it off (password + code), and sessions.
import { api, ApiError, bindForm, el, me, notice, pagedList, removesRow, reportLoadError, setSignedInHint, t, $ } from '../ui.js';
import { formatDate, root } from '../i18n.js';

const startForm = $('#tfa-start');
const confirmForm = $('#tfa-confirm');
const disableForm = $('#tfa-disable');
const renewForm = $('#tfa-renew');
const codesBox = $('#tfa-codes');
const savedCheck = $('#f-codes-saved_codes');
const codesDone = $('#tfa-codes-done');
let codes = [];

function showState(enabled) {
  $('#tfa-status').textContent = t(enabled ? '2fa_on' : '2fa_off');
  startForm.hidden = enabled;
  disableForm.hidden = !enabled;
  renewForm.hidden = !enabled;
  confirmForm.hidden = true;
}

// Until the customer says the codes are saved, nothing else is offered and leaving warns.
function warnUnsaved(event) {
  event.preventDefault();
  event.returnValue = t('codes_unsaved');
}

function showCodes(list) {
  codes = list || [];
  $('#tfa-code-list').replaceChildren(...codes.map((code) => el('li', {}, code)));
  savedCheck.checked = false;
  codesDone.disabled = true;
  $('#tfa-codes-status').textContent = '';
  disableForm.hidden = true;
  renewForm.hidden = true;
  codesBox.hidden = false;
  window.addEventListener('beforeunload', warnUnsaved);
  $('#tfa-codes h3').focus();
}

function codesText() {
  return `${t('codes_file_title')}\n\n${codes.join('\n')}\n`;
}

savedCheck.addEventListener('change', () => { codesDone.disabled = !savedCheck.checked; });

codesDone.addEventListener('click', () => {
  window.removeEventListener('beforeunload', warnUnsaved);
  codes = [];
  $('#tfa-code-list').replaceChildren();
  codesBox.hidden = true;
  showState(true);
  $('#tfa-status').focus();
});

$('#tfa-copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(codesText());
    $('#tfa-codes-status').textContent = t('codes_copied');
  } catch {
    // No clipboard access (a browser setting): select the codes for the customer to copy.
    const range = document.createRange();
    range.selectNodeContents($('#tfa-code-list'));
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
  }
});

// A file made here, not a link from the API: its data: URL is set directly (el() takes
// only http(s) and relative URLs).
$('#tfa-download').addEventListener('click', () => {
  const link = el('a', { download: 'portico-backup-codes.txt' });
  link.href = 'data:text/plain;charset=utf-8,' + encodeURIComponent(codesText());
  document.body.append(link);
  link.click();
  link.remove();
});

$('#tfa-print').addEventListener('click', () => {
  document.body.classList.add('print-codes');
  window.print();
  document.body.classList.remove('print-codes');
});

$('#tfa-cancel').addEventListener('click', async () => {
  try {
    await api('/account/two-factor/setup', { method: 'DELETE' });
  } catch (error) {
    // In the set-up form's own box, like its other failures, not at the top of the page.
    if (!(error instanceof ApiError)) throw error;
    notice($('[data-message]', confirmForm), error.message, 'error');
    return;
  }
  confirmForm.reset();
  showQr('');
  $('#tfa-secret').textContent = '';
  showState(false);
  $('#f-start-current_password').focus();
});

// The QR code is our own server's SVG; shown as an image it cannot run anything. Its
// data: URL is set directly (el() takes only http(s) and relative URLs).
function showQr(svg) {
  const holder = $('#tfa-qr');
  holder.replaceChildren();
  if (!svg) return;
  const image = el('img', { alt: t('qr_alt') });
  image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
  holder.append(image);
}

bindForm(startForm, async (values) => {
  const setup = await api('/account/two-factor', { method: 'POST', body: values });
  startForm.reset();
  startForm.hidden = true;
  showQr(setup.qr_svg);
  $('#tfa-secret').textContent = setup.secret;
  confirmForm.hidden = false;
  $('#f-confirm-code').focus();
});

bindForm(confirmForm, async (values) => {
  const result = await api('/account/two-factor/confirm', { method: 'POST', body: values });
  confirmForm.reset();
  showState(true);
  showCodes(result.backup_codes);
});

bindForm(renewForm, async (values) => {
  const result = await api('/account/two-factor/backup-codes', { method: 'POST', body: values });
  renewForm.reset();
  showCodes(result.backup_codes);
});

bindForm(disableForm, async (values) => {
  await api('/account/two-factor', { method: 'DELETE', body: values });
  disableForm.reset();
  codesBox.hidden = true;
  showState(false);
});

function sessionRow(session) {
  const row = el('tr', {},
    el('td', {}, session.device || '–', session.current ? [' ', el('span', { class: 'tag' }, t('this_session'))] : null),
    el('td', {}, session.ip),
    el('td', {}, formatDate(session.created_at)),
    el('td', {}, formatDate(session.last_seen_at)));
  const cell = el('td');
  if (!session.current) {
    cell.append(removesRow(el('button', { type: 'button', class: 'link' }, t('end_session')), row, {
      call: () => api(`/auth/sessions/${encodeURIComponent(session.id)}`, { method: 'DELETE' }),
      done: t('session_ended'),
    }));
  }
  row.append(cell);
  return row;
}

const logoutAll = $('#logout-all');
logoutAll.addEventListener('click', async () => {
  if (!window.confirm(t('confirm_logout_all'))) return;
  logoutAll.disabled = true;
  try {
    await api('/auth/logout-all', { method: 'POST' });
  } catch (error) {
    logoutAll.disabled = false;
    reportLoadError(error);
    return;
  }
  setSignedInHint(false);
  location.assign(`${root}/clientarea/login/?signed_out=all`);
});

// The signed-in person's own sign-in (a contact's, not the owner's): /auth/me tells it,
// and needs no permission, unlike the owner's profile.
me().then((who) => showState(Boolean(who.two_factor_enabled))).catch(reportLoadError);
pagedList('/auth/sessions', sessionRow, { rows: $('#sessions') });
