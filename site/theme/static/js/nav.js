// Every page: the small-screen menu button, menus that close on Escape (focus back to
// the control that opened them) or on a click elsewhere, menus kept inside the window,
// and the signed-in hint that swaps "sign in / register" for "client area".
// No API call: public pages stay static.
import { hasSignedInHint } from './hint.js';

const header = document.querySelector('.site-header');
const toggle = document.querySelector('[data-nav-toggle]');
const menus = [...document.querySelectorAll('details.user-menu')];

function setNavOpen(open) {
  if (!toggle) return;
  header.classList.toggle('nav-open', open);
  toggle.setAttribute('aria-expanded', String(open));
}

toggle?.addEventListener('click', () => setNavOpen(toggle.getAttribute('aria-expanded') !== 'true'));

// A menu opening past the window's left edge (its bar wrapped) opens rightwards instead.
function keepInView(menu) {
  menu.classList.remove('menu-left');
  const list = menu.querySelector('ul');
  if (list && list.getBoundingClientRect().left < 0) menu.classList.add('menu-left');
}

for (const menu of menus) {
  menu.addEventListener('toggle', () => {
    if (menu.open) keepInView(menu);
  });
}

document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  const open = menus.find((menu) => menu.open);
  if (open) {
    open.open = false;
    open.querySelector('summary').focus();
  } else if (toggle?.getAttribute('aria-expanded') === 'true') {
    setNavOpen(false);
    toggle.focus();
  }
});

document.addEventListener('click', (event) => {
  for (const menu of menus) {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  }
});

// The hint cookie (hint.js) says only "this browser signed in lately"; it grants
// nothing: the client area still asks the API, which answers from the session cookie.
if (hasSignedInHint()) {
  for (const node of document.querySelectorAll('[data-signed-out]')) node.hidden = true;
  for (const node of document.querySelectorAll('[data-signed-in]')) node.hidden = false;
}
