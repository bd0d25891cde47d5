// A member of staff chooses its password from a one-time link (?token=).
import { bindForm, notice, param, withoutRepeat, $ } from '../ui.js';
import { staffApi, t } from './console.js';

const form = $('#password-form');
const token = param('token');

if (!token) {
  notice($('[data-message]', form), t('no_token'), 'error');
  for (const control of form.elements) control.disabled = true;
}

bindForm(form, async (values) => {
  const { password } = withoutRepeat(values, 'password', 'password2');
  await staffApi('/auth/password', { method: 'POST', body: { token, password }, signedOutOk: true });
  form.reset();
  for (const field of form.querySelectorAll('.field, .actions')) field.hidden = true;
  notice($('[data-message]', form), t('password_set'), 'ok');
  $('#signin-link').hidden = false;
  $('#signin-link a').focus();
});
