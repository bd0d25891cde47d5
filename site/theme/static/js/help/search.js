// Load Pagefind's UI only when someone searches: with ?q= in the address, or on the
// first focus or keystroke in the search box. Until then the page loads no search code.
const form = document.querySelector("[data-search-form]");
const target = document.querySelector("[data-search-ui]");
let started = null;

function start() {
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
      // Whatever was typed while Pagefind loaded carries over into its own box.
      const typed = form.querySelector("input[name=q]").value;
      form.hidden = true;
      if (typed) ui.triggerSearch(typed);
      const input = target.querySelector("input");
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
    start();
  } else {
    input.addEventListener("focus", start, { once: true });
    input.addEventListener("input", start, { once: true });
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    start().then((ui) => ui.triggerSearch(input.value));
  });
}
