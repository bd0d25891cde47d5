// Cambiar Pregunta de Seguridad: asked again when a password reset is completed.
import { api, bindForm, notice, reportLoadError, t, $ } from '../ui.js';

const form = $('#secq-form');

// Show the question chosen before. One typed freely before the list existed is shown as
// it was, but cannot be saved again: the customer picks one from the list to change it.
api('/account/security-question')
  .then(({ question, question_text: text }) => {
    if (!question) return;
    const select = $('#f-question');
    if (![...select.options].some((option) => option.value === question)) {
      const old = new Option(text, question);
      old.disabled = true;
      select.add(old);
    }
    select.value = question;
  })
  .catch(reportLoadError);

bindForm(form, async (values) => {
  await api('/account/security-question', { method: 'PUT', body: values });
  form.querySelector('#f-current_password').value = '';
  form.querySelector('#f-answer').value = '';
  notice($('[data-message]', form), t('secq_saved'), 'ok');
});
