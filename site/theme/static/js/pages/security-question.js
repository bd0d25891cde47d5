// Cambiar Pregunta de Seguridad: asked again when a password reset is completed.
import { api, bindForm, notice, t, $ } from '../ui.js';

const form = $('#secq-form');

bindForm(form, async (values) => {
  await api('/account/security-question', { method: 'PUT', body: values });
  form.reset();
  notice($('[data-message]', form), t('secq_saved'), 'ok');
});
