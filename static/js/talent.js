// Autosave of a talent application's draft: the form is posted to its autosave address a few
// seconds after typing stops, and whenever a field is left. Until the server has it, what was
// typed is also kept in this browser (localStorage), so a lost session loses nothing: after
// signing in again the page puts it back and saves it.
(function () {
  "use strict";
  const form = document.querySelector("form[data-autosave]");
  if (!form) return;
  const url = form.dataset.autosave;
  const key = "talent-draft-" + form.dataset.application;
  const status = form.querySelector("[data-autosave-status]");
  const DELAY = 3000;
  let timer = null;
  let dirty = false;
  let sending = false;

  function fields() {
    return Array.from(form.elements).filter(
      (el) => el.name && el.type !== "file" && el.type !== "submit" && el.name !== "csrfmiddlewaretoken"
    );
  }

  function values() {
    const data = {};
    fields().forEach((el) => {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      data[el.name] = el.value;
    });
    return data;
  }

  function keep() {
    try {
      localStorage.setItem(key, JSON.stringify({ values: values(), at: Date.now() }));
    } catch (e) { /* private mode: the server copy is all there is */ }
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  function save() {
    if (!dirty || sending) return;
    sending = true;
    dirty = false;
    const body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    Object.entries(values()).forEach(([name, value]) => body.append(name, value));
    fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then((response) => {
        if (response.status === 401 || response.status === 403) {
          dirty = true;
          say(form.dataset.msgSession || "Your session has ended: sign in again. What you typed is kept in this browser.");
          if (status && form.dataset.login) {
            const link = document.createElement("a");
            link.href = form.dataset.login;
            link.textContent = " ↗";
            status.appendChild(link);
          }
          return null;
        }
        if (!response.ok) { dirty = true; return null; }
        return response.json();
      })
      .then((data) => {
        if (!data) return;
        if (!dirty) localStorage.removeItem(key);
        say((form.dataset.msgSaved || "Draft saved") + " " + data.saved_at);
      })
      .catch(() => { dirty = true; say(form.dataset.msgOffline || "Not saved yet (offline?)"); })
      .finally(() => { sending = false; });
  }

  function changed() {
    dirty = true;
    keep();
    clearTimeout(timer);
    timer = setTimeout(save, DELAY);
  }

  // Text typed here that the server never got (a lost session, a closed tab): put it back.
  try {
    const kept = JSON.parse(localStorage.getItem(key) || "null");
    if (kept && kept.values && !form.hasAttribute("data-bound")) {
      fields().forEach((el) => {
        if (!(el.name in kept.values)) return;
        if (el.type === "radio" || el.type === "checkbox") el.checked = el.value === kept.values[el.name];
        else el.value = kept.values[el.name];
      });
      dirty = true;
      save();
    }
  } catch (e) { /* nothing kept */ }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("focusout", () => { if (dirty) { clearTimeout(timer); save(); } });
  setInterval(save, 5000);
  form.addEventListener("submit", () => { clearTimeout(timer); localStorage.removeItem(key); });
})();
