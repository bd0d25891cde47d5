// Forgotten password: ask for a link, or (with ?token=) choose the new password.
import { api, bindForm, notice, param, reportLoadError, withoutRepeat, t, $ } from '../ui.js';
import { root } from '../i18n.js';

const requestForm = $('#reset-request');
const confirmForm = $('#reset-confirm');
const answerGroup = $('#answer-group');
const token = param('token');

if (token) {
  requestForm.hidden = true;
  confirmForm.hidden = false;
  showQuestion().catch(reportLoadError);
}

// Ask the account's security question up front, rather than only after a failed try.
async function showQuestion() {
  try {
    const { question_text: question } = await api('/auth/password-reset/question', { method: 'POST', body: { token }, signedOutOk: true });
    if (!question) return;
    $('#f-security_answer-hint').textContent = question;
    answerGroup.hidden = false;
  } catch (error) {
    // A used or expired link: say so now, not after the customer has typed a password.
    if (error.code) notice($('[data-message]', confirmForm), error.message, 'error');
    else throw error;
  }
}

bindForm(requestForm, async (values) => {
  await api('/auth/password-reset', { method: 'POST', body: values, signedOutOk: true });
  // The same answer whether or not the address has an account.
  notice($('[data-message]', requestForm), t('reset_sent'), 'ok');
});

bindForm(confirmForm, async (values) => {
  const body = { token, ...withoutRepeat(values, 'new_password', 'new_password2') };
  await api('/auth/password-reset/confirm', { method: 'POST', body, signedOutOk: true });
  location.assign(`${root}/clientarea/login/?reset=done`);
}, {
  onError(error) {
    if (error.code === 'security_answer_incorrect' || 'security_answer' in error.fields) {
      answerAgain().catch(reportLoadError);
    }
  },
});

// The answer was missing or wrong: back to its field. It is normally shown up front; if
// asking failed then (a network blip), ask again now so the field shows its question.
async function answerAgain() {
  if (answerGroup.hidden) await showQuestion();
  answerGroup.hidden = false; // even if asking failed again: the field's error names it
  $('#f-security_answer').focus();
}
