// A form sent back with errors: the summary at its top takes the focus, so that a phone
// user (and a screen reader) starts from the list of what to correct; each entry links to
// its field.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
