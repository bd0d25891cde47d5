// Mis Datos: the profile form. Only changed fields are sent; a new e-mail address
// needs the current password, so that field appears when the address changes.
import { formatDate } from '../i18n.js';
import { api, bindForm, fillForm, me, notice, reportLoadError, t, $ } from '../ui.js';

const form = $('#account-form');
const passwordGroup = $('#current-password-group');
const emailInput = $('#f-email');
let saved = {};

function changedFields(values) {
  const changes = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === 'current_password') continue;
    if ((saved[name] ?? '') !== value) changes[name] = value;
  }
  return changes;
}

// What VIES said of an EU VAT number when it was saved: confirmed, not found, or no answer.
function showVatCheck(check) {
  const line = $('[data-vat-check]', form);
  line.hidden = !check;
  if (!check) return;
  const key = check.valid === true ? 'vat.valid' : check.valid === false ? 'vat.invalid' : 'vat.unknown';
  line.textContent = t(key).replace('{date}', formatDate(check.checked_at));
}

// The phone is stored in E.164; people read and edit it as the API formats it for them.
function show(account) {
  saved = { ...account, phone: account.phone_display };
  fillForm(form, saved);
  showVatCheck(account.vat_check);
}

emailInput.addEventListener('input', () => {
  passwordGroup.hidden = emailInput.value.trim().toLowerCase() === (saved.email ?? '').toLowerCase();
});

bindForm(form, async (values) => {
  const changes = changedFields(values);
  if (!Object.keys(changes).length) {
    notice($('[data-message]', form), t('saved'), 'ok');
    return;
  }
  if ('email' in changes) changes.current_password = values.current_password;
  show(await api('/account', { method: 'PATCH', body: changes }));
  $('#f-current_password').value = '';
  passwordGroup.hidden = true;
  notice($('[data-message]', form), t('saved'), 'ok');
});

// The sign-in address is the owner's alone: a contact sees it but cannot change it.
me().then((who) => {
  if (who.role !== 'contact') return;
  emailInput.readOnly = true;
  const hint = $('#f-email-hint');
  if (hint) hint.textContent = t('email_owner_only');
}).catch(reportLoadError);

api('/account')
  .then((account) => {
    show(account);
    form.removeAttribute('aria-busy');
  })
  .catch(reportLoadError);
