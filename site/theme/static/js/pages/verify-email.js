// Confirm the e-mail address from the link's ?token= as soon as the page opens.
import { api, notice, param, t, $ } from '../ui.js';

const box = $('[data-page-message]');
const token = param('token');

async function verify() {
  if (!token) {
    notice(box, t('no_token'));
    return;
  }
  notice(box, t('verifying'), 'info');
  try {
    await api('/auth/verify-email', { method: 'POST', body: { token }, signedOutOk: true });
    notice(box, t('verified'), 'ok');
    $('#verify-next').hidden = false;
  } catch (error) {
    notice(box, error.message || t('error'));
  }
}

verify();
