// Registrarse: create the account (which also signs in), then go to the dashboard.
import { api, bindForm, el, leaveIfSignedIn, loginUrl, setSignedInHint, t, $ } from '../ui.js';
import { root } from '../i18n.js';

leaveIfSignedIn(`${root}/clientarea/`);

bindForm($('#register-form'), async (values) => {
  await api('/auth/register', { method: 'POST', body: values, signedOutOk: true });
  setSignedInHint(true);
  location.assign(`${root}/clientarea/`);
}, {
  omitEmpty: true,
  onError(error, form) {
    if (error.code !== 'email_taken') return;
    // The address already has an account: point to sign-in rather than a second account.
    const box = $('[data-message]', form);
    box.textContent = t('email_taken') + ' ';
    box.append(el('a', { href: loginUrl(`${root}/clientarea/`) }, t('sign_in')));
  },
});
