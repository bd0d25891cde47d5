// Restricted downloads: ask the API for a short-lived link, then follow it. A signed-out
// visitor gets a link to sign in and come back; one without the right, the page's words.
import { api, ApiError } from '../api.js';

const root = document.querySelector('[data-downloads]');

async function download(button, status) {
  try {
    const { url } = await api(`/downloads/${encodeURIComponent(button.dataset.download)}`, { signedOutOk: true });
    location.assign(url);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) {
      const back = encodeURIComponent(location.pathname + '#' + button.dataset.download);
      const link = document.createElement('a');
      link.href = `${root.dataset.login}?next=${back}`;
      link.textContent = root.dataset.signin;
      status.replaceChildren(link);
    } else {
      status.textContent = error.status === 403 ? root.dataset.denied : root.dataset.failed;
    }
  }
}

root?.addEventListener('click', async (event) => {
  const button = event.target.closest('[data-download]');
  if (!button) return;
  const status = button.closest('li').querySelector('[data-download-status]');
  button.disabled = true;
  status.textContent = '';
  try {
    await download(button, status);
  } finally {
    button.disabled = false;
  }
});
