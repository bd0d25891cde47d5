// "¿Fue útil la respuesta?": show the count and let the visitor vote (or change the vote).
// The API remembers the visitor by a first-party cookie it sets on the first vote.
import { api } from '../api.js';

const box = document.querySelector('[data-kb-votes]');

if (box) {
  const path = `/kb/${encodeURIComponent(box.dataset.slug)}/votes`;
  const count = box.querySelector('[data-vote-count]');
  const status = box.querySelector('[data-vote-status]');
  const buttons = [...box.querySelectorAll('[data-vote]')];

  const show = (votes) => {
    const template = votes.helpful === 1 ? box.dataset.one : box.dataset.many;
    count.textContent = template.replace('{n}', String(votes.helpful));
    count.hidden = false;
    for (const button of buttons) {
      const mine = votes.my_vote !== null && votes.my_vote === (button.dataset.vote === 'yes');
      button.setAttribute('aria-pressed', String(mine));
    }
  };

  // A public page: no session needed, and a failure leaves the count out.
  api(path, { signedOutOk: true }).then(show, () => {});

  for (const button of buttons) {
    button.addEventListener('click', async () => {
      buttons.forEach((b) => { b.disabled = true; });
      try {
        show(await api(path, { method: 'POST', body: { helpful: button.dataset.vote === 'yes' }, signedOutOk: true }));
        status.textContent = box.dataset.thanks;
      } catch {
        status.textContent = box.dataset.error;
      } finally {
        buttons.forEach((b) => { b.disabled = false; });
      }
    });
  }
}
