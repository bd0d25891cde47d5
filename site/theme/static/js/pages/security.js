// Seguridad: turn two-factor on (password → secret + QR → code → backup codes, shown
// once) or off (password + code), and the active sessions.
import { api, bindForm, el, me, notice, pagedList, reportLoadError, t, $ } from '../ui.js';
import { formatDate, root } from '../i18n.js';

const startForm = $('#tfa-start');
const confirmForm = $('#tfa-confirm');
const disableForm = $('#tfa-disable');

function showState(enabled) {
  $('#tfa-status').textContent = t(enabled ? '2fa_on' : '2fa_off');
  startForm.hidden = enabled;
  disableForm.hidden = !enabled;
  confirmForm.hidden = true;
}

// The QR code is our own server's SVG; shown as an image it cannot run anything.
function showQr(svg) {
  const holder = $('#tfa-qr');
  holder.replaceChildren();
  if (!svg) return;
  holder.append(el('img', { src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg), alt: t('qr_alt') }));
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
  const list = $('#tfa-code-list');
  list.replaceChildren(...(result.backup_codes || []).map((code) => el('li', {}, code)));
  $('#tfa-codes').hidden = false;
  $('#tfa-codes h3').focus();
});

bindForm(disableForm, async (values) => {
  await api('/account/two-factor', { method: 'DELETE', body: values });
  disableForm.reset();
  $('#tfa-codes').hidden = true;
  showState(false);
});

function renderSession(session) {
  const row = el('tr', {},
    el('td', {}, session.device || '–', session.current ? [' ', el('span', { class: 'tag' }, t('this_session'))] : null),
    el('td', {}, session.ip || ''),
    el('td', {}, formatDate(session.created_at)),
    el('td', {}, formatDate(session.last_seen_at)));
  const cell = el('td');
  if (!session.current) {
    const end = el('button', { type: 'button', class: 'link' }, t('end_session'));
    end.addEventListener('click', async () => {
      end.disabled = true;
      try {
        await api(`/auth/sessions/${encodeURIComponent(session.id)}`, { method: 'DELETE' });
        row.remove();
        notice($('[data-page-message]'), t('session_ended'), 'ok');
      } catch (error) {
        end.disabled = false;
        reportLoadError(error);
      }
    });
    cell.append(end);
  }
  row.append(cell);
  $('#sessions').append(row);
}

const logoutAll = $('#logout-all');
logoutAll.addEventListener('click', async () => {
  logoutAll.disabled = true;
  try {
    await api('/auth/logout-all', { method: 'POST' });
  } catch (error) {
    logoutAll.disabled = false;
    reportLoadError(error);
    return;
  }
  location.assign(`${root}/clientarea/login/`);
});

// The signed-in person's own sign-in (a contact's, not the owner's): /auth/me tells it,
// and needs no permission, unlike the owner's profile.
me().then((who) => showState(Boolean(who.two_factor_enabled))).catch(reportLoadError);
pagedList({
  load: (cursor) => api('/auth/sessions', { query: { cursor } }),
  render: renderSession,
  more: $('#more'),
}).catch(reportLoadError);
