// My account (every member): change the password (the other sessions end), new backup
// codes, sign out the other sessions.
import { bindForm, el, notice, $ } from '../ui.js';
import { reportLoadError, staffApi, start, t } from './console.js';

bindForm($('#password-form'), async (values, form) => {
  await staffApi('/me/password', { method: 'POST', body: values });
  form.reset();
  notice($('[data-message]', form), t('password_changed'), 'ok');
});

bindForm($('#renew-form'), async (values, form) => {
  const answer = await staffApi('/me/backup-codes', { method: 'POST', body: values });
  form.reset();
  $('#code-list').replaceChildren(...answer.backup_codes.map((code) => el('li', {}, code)));
  $('#codes').hidden = false;
  $('#codes h3').focus();
});

$('#logout-others').addEventListener('click', async () => {
  try {
    await staffApi('/auth/logout-others', { method: 'POST' });
    $('#sessions-status').textContent = t('others_ended');
  } catch (error) {
    reportLoadError(error);
  }
});

start().catch(reportLoadError);
