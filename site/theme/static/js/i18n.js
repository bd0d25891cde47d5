// The page's language and words. The words come from the catalogue (site/i18n/, keys
// "js.*"), written into each page as <script type="application/json" id="i18n">.

const html = document.documentElement;
export const lang = html.lang || 'es';
// Path prefix of this language: "" for Spanish, "/en" for English.
export const root = html.dataset.root || '';

let strings = null;
export function t(key) {
  if (strings === null) {
    const node = document.getElementById('i18n');
    strings = node ? JSON.parse(node.textContent) : {};
  }
  return strings[key] ?? key;
}

// A date-only value ("2026-11-26") is a calendar day: show it as such, not shifted by
// the reader's time zone.
export function formatDate(value, { time = true } = {}) {
  if (!value) return '';
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? value + 'T00:00:00Z' : value);
  if (Number.isNaN(date.getTime())) return value;
  const options = dateOnly || !time
    ? { dateStyle: 'medium', ...(dateOnly ? { timeZone: 'UTC' } : {}) }
    : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(lang, options).format(date);
}

// Money is {amount, currency} in minor units (docs/api.md).
export function formatMoney(money) {
  if (!money || typeof money.amount !== 'number') return '';
  const format = new Intl.NumberFormat(lang, { style: 'currency', currency: money.currency || 'EUR' });
  const digits = format.resolvedOptions().maximumFractionDigits;
  return format.format(money.amount / 10 ** digits);
}
