// Cambiar Pregunta de Seguridad: asked again when a password reset is completed.
import { api, bindForm, notice, reportLoadError, t, $ } from '../ui.js';

const form = $('#secq-form');

// Show the question chosen before, adding it if it is not one of ours.
api('/account/security-question')
  .then(({ question }) => {
    if (!question) return;
    const select = $('#f-question');
    if (![...select.options].some((option) => option.value === question)) select.add(new Option(question, question));
    select.value = question;
  })
  .catch(reportLoadError);

bindForm(form, async (values) => {
  await api('/account/security-question', { method: 'PUT', body: values });
  form.querySelector('#f-current_password').value = '';
  form.querySelector('#f-answer').value = '';
  notice($('[data-message]', form), t('secq_saved'), 'ok');
});
