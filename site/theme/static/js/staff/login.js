// Staff sign-in: e-mail, password and the second factor's code; a member without a second
// factor yet sets it up here (QR code, a code, then its backup codes shown once).
import { bindForm, el, notice, param, $ } from '../ui.js';
import { staffApi, staffNext, t } from './console.js';

const form = $('#login-form');
const setup = $('#setup');
const codes = $('#codes');
const next = () => staffNext(param('next'));

async function startSetup() {
  form.hidden = true;
  setup.hidden = false;
  $('#setup-title').focus();
  try {
    const answer = await staffApi('/auth/two-factor', { method: 'POST', signedOutOk: true });
    // Our own server's SVG, shown as an image: it cannot run anything. (el() sets no
    // data: URL, so this one is set here, visibly.)
    const image = el('img', { alt: t('qr_alt') });
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(answer.qr_svg);
    $('#setup-qr').replaceChildren(image);
    $('#setup-secret').textContent = answer.secret;
  } catch (error) {
    if (error.status === 409) {
      location.assign(next()); // set up already (another tab)
      return;
    }
    setup.hidden = true;
    form.hidden = false;
    notice($('[data-message]', form), error.status === 401 ? t('setup_needed') : error.message, 'error');
  }
}

bindForm(form, async (values) => {
  const who = await staffApi('/auth/login', { method: 'POST', body: values, signedOutOk: true });
  if (who.two_factor_setup_required) {
    await startSetup();
    return;
  }
  location.assign(next());
});

bindForm($('#setup-confirm'), async (values) => {
  const answer = await staffApi('/auth/two-factor/confirm', { method: 'POST', body: values, signedOutOk: true });
  setup.hidden = true;
  $('#code-list').replaceChildren(...answer.backup_codes.map((code) => el('li', {}, code)));
  codes.hidden = false;
  $('#codes-title').focus();
});

const saved = $('#f-codes-saved_codes');
saved.addEventListener('change', () => { $('#codes-done').disabled = !saved.checked; });
$('#codes-done').addEventListener('click', () => location.assign(next()));
$('#codes-copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText([...$('#code-list').children].map((li) => li.textContent).join('\n'));
    $('#codes-status').textContent = t('codes_copied');
  } catch {
    const range = document.createRange();
    range.selectNodeContents($('#code-list'));
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
  }
});

if (param('setup') === '1') startSetup();
