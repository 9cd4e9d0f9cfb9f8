// A form marked data-submit-once is sent once: a second tap while the page loads does nothing.
// (The server refuses a second reservation anyway, through the form's idempotency key.)
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-submit-once")) {
    return;
  }
  if (form.dataset.submitted === "yes") {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "yes";
  form.setAttribute("aria-busy", "true");
});

// Coming back with the browser's back button shows the page as it was: let it be sent again.
window.addEventListener("pageshow", () => {
  for (const form of document.querySelectorAll("form[data-submit-once]")) {
    delete form.dataset.submitted;
    form.removeAttribute("aria-busy");
  }
});
