// Write requests need a token when the server listens beyond localhost: ask for it once, keep it.
import { el, setToken } from "../util.js";

export function askToken(container, retry) {
  container.querySelector(".token-form")?.remove();
  const form = el(`<form class="filters token-form card">
    <p class="error" role="alert" style="flex:1 1 100%">This server needs an API token for changes (it was started with <code>--token</code>).</p>
    <label>API token <input name="token" type="password" autocomplete="off" required></label>
    <button type="submit" class="primary">Use token</button></form>`);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    setToken(new FormData(form).get("token"));
    form.remove();
    retry();
  });
  container.append(form);
  form.querySelector("input").focus();
}
