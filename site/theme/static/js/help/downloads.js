// Restricted downloads: ask the API for a short-lived link, then follow it.
const root = document.querySelector("[data-downloads]");

if (root) {
  root.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-download]");
    if (!button) return;
    const status = button.closest("li").querySelector("[data-download-status]");
    button.disabled = true;
    status.textContent = "";
    try {
      const r = await fetch(`/api/downloads/${encodeURIComponent(button.dataset.download)}`, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (r.status === 401) {
        const back = encodeURIComponent(location.pathname + "#" + button.dataset.download);
        status.innerHTML = "";
        const link = document.createElement("a");
        link.href = `${root.dataset.login}?next=${back}`;
        link.textContent = root.dataset.signin;
        status.append(link);
        return;
      }
      if (r.status === 403) {
        status.textContent = root.dataset.denied;
        return;
      }
      if (!r.ok) throw new Error(String(r.status));
      const { url } = await r.json();
      location.assign(url);
    } catch {
      status.textContent = root.dataset.failed;
    } finally {
      button.disabled = false;
    }
  });
}
