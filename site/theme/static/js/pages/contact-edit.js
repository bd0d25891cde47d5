// Añadir Nuevo Contacto / edit one (?id=). Giving permissions e-mails an invitation.
import { api, bindForm, fillForm, me, notice, param, reportLoadError, t, $ } from '../ui.js';
import { root } from '../i18n.js';

const form = $('#contact-form');
const id = param('id');
const path = id ? `/account/contacts/${encodeURIComponent(id)}` : '/account/contacts';
let hadPermissions = false;

bindForm(form, async (values) => {
  const contact = await api(path, { method: id ? 'PATCH' : 'POST', body: values });
  const invited = contact.permissions.length > 0 && !hadPermissions;
  location.assign(`${root}/clientarea/contacts/?saved=${invited ? 'invited' : 'yes'}`);
}, { omitEmpty: true });

// Sign-ins and their rights are the owner's to give: a contact does not see the
// permissions, and cannot edit a contact that has a sign-in (or itself).
const who = await me().catch((error) => {
  reportLoadError(error);
  return null;
});
const isContact = who?.role === 'contact';
if (isContact) $('[data-field="permissions"]', form).hidden = true;

// Nor may a contact send copies of e-mails it could not read itself to any address (the
// API refuses it): those kinds are not offered, and a contact that already gets them
// keeps its address and kinds (disabled fields are left out of the request). Each kind's
// box says the permission it needs (data-needs, from the areas' descriptors).
const kindBoxes = [...form.querySelectorAll('[name="email_preferences"]')];
const needs = Object.fromEntries(kindBoxes.map((box) => [box.value, box.dataset.needs]));
const outOfReach = (kind) => isContact && Boolean(needs[kind]) && !who.permissions.includes(needs[kind]);
for (const box of kindBoxes) box.disabled = outOfReach(box.value);

function refuse() {
  for (const control of form.elements) control.disabled = true;
  notice($('[data-page-message]'), t('owner_only'), 'info');
}

if (id) {
  const title = $('#contact-title');
  title.textContent = title.dataset.editTitle;
  document.title = `${title.dataset.editTitle} · ${document.title.split(' · ').slice(1).join(' · ')}`;
  form.setAttribute('aria-busy', 'true');
  api(path)
    .then((contact) => {
      fillForm(form, { ...contact, phone: contact.phone_display });
      hadPermissions = contact.permissions.length > 0;
      if (isContact && (hadPermissions || contact.id === who.contact_id)) refuse();
      if (contact.email_preferences.some(outOfReach)) {
        for (const control of [...kindBoxes, form.elements.email]) control.disabled = true;
      }
      form.removeAttribute('aria-busy');
    })
    .catch(reportLoadError);
}
