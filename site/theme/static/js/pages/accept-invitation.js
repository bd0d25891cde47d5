// A contact invited with permissions chooses its password (?token= from the e-mail).
import { api, bindForm, notice, param, withoutRepeat, t, $ } from '../ui.js';

const form = $('#invite-form');
const token = param('token');

if (!token) notice($('[data-message]', form), t('no_token'));

bindForm(form, async (values) => {
  const body = { token, ...withoutRepeat(values, 'password', 'password2') };
  await api('/auth/accept-invitation', { method: 'POST', body, signedOutOk: true });
  notice($('[data-message]', form), t('invite_done'), 'ok');
  for (const field of form.querySelectorAll('.field, .actions')) field.hidden = true;
  $('#invite-done').hidden = false;
});
