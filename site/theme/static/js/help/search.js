// Load Pagefind's UI only when someone searches: with ?q= in the address, or on the
// first focus or keystroke in the search box. Until then the page loads no search code.
const form = document.querySelector("[data-search-form]");
const target = document.querySelector("[data-search-ui]");
let started = null;

function start(query) {
  if (started) return started;
  const bundle = target.dataset.bundle;
  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = `${bundle}pagefind-ui.css`;
  document.head.append(css);
  started = new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = `${bundle}pagefind-ui.js`;
    script.onload = () => {
      // eslint-disable-next-line no-undef
      const ui = new PagefindUI({
        element: "#search",
        bundlePath: bundle,
        showImages: false,
        resetStyles: false,
        translations: { placeholder: target.dataset.placeholder },
      });
      form.hidden = true;
      const input = target.querySelector("input");
      if (query) ui.triggerSearch(query);
      if (input) input.focus();
      resolve(ui);
    };
    script.onerror = reject;
    document.head.append(script);
  });
  return started;
}

if (form && target) {
  const input = form.querySelector("input[name=q]");
  const query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    start(query);
  } else {
    const once = () => start(input.value);
    input.addEventListener("focus", once, { once: true });
    input.addEventListener("input", once, { once: true });
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    start(input.value).then((ui) => ui.triggerSearch(input.value));
  });
}
