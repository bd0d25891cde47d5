// Iniciar Sesión: e-mail + password, and the two-factor code once the API asks for it.
import { api, bindForm, leaveIfSignedIn, notice, param, setSignedInHint, t, $ } from '../ui.js';
import { safeNext } from '../api.js';

const form = $('#login-form');
const totpGroup = $('#totp-group');

if (param('reset') === 'done') notice($('[data-message]', form), t('reset_done'), 'ok');
if (param('signed_out') === 'all') notice($('[data-message]', form), t('signed_out_all'), 'ok');
leaveIfSignedIn(safeNext(param('next')));

bindForm(form, async (values) => {
  try {
    await api('/auth/login', { method: 'POST', body: values, signedOutOk: true });
  } catch (error) {
    if (error.code === 'totp_required') {
      totpGroup.hidden = false;
      notice($('[data-message]', form), t('totp_needed'), 'info');
      $('#f-totp').focus();
      return;
    }
    throw error;
  }
  setSignedInHint(true);
  location.assign(safeNext(param('next')));
});
