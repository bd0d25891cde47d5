// Cambiar Contraseña: the API ends the other sessions, this one stays.
import { api, bindForm, notice, withoutRepeat, t, $ } from '../ui.js';

const form = $('#password-form');

bindForm(form, async (values) => {
  await api('/account/password', { method: 'POST', body: withoutRepeat(values, 'new_password', 'new_password2') });
  form.reset();
  notice($('[data-message]', form), t('password_changed'), 'ok');
});
