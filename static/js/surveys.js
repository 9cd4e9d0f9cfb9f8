// The survey page: questions shown only for a given earlier answer appear when it is given,
// and the bar at the top counts the questions answered. The server decides again on its own
// (an answer to a hidden question is ignored), so this is comfort, not a rule.
// Answers are kept in the tab's sessionStorage while they are given, so that a reload (or a
// phone bringing the tab back) shows them again; sending the form forgets them. A page the
// server sent back with messages shows what was sent, not what was kept.
(() => {
  const form = document.querySelector("form[data-survey-form]");
  if (!form) {
    return;
  }
  const questions = [...form.querySelectorAll("[data-question-id]")];
  const progress = document.querySelector("[data-survey-progress]");
  const count = document.querySelector("[data-progress-count]");

  const valuesOf = (id) => {
    const inputs = form.querySelectorAll(`[name="q${id}"]`);
    const values = [];
    for (const input of inputs) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) {
        continue;
      }
      if (input.value.trim() !== "") {
        values.push(input.value.trim());
      }
    }
    return values;
  };

  const update = () => {
    const shown = new Set();
    let answered = 0;
    for (const fieldset of questions) {
      const id = fieldset.dataset.questionId;
      const parent = fieldset.dataset.conditionQuestion;
      const visible =
        !parent || (shown.has(parent) && valuesOf(parent).includes(fieldset.dataset.conditionValue));
      fieldset.hidden = !visible;
      if (visible) {
        shown.add(id);
        if (valuesOf(id).length > 0) {
          answered += 1;
        }
      }
    }
    if (progress) {
      progress.max = shown.size;
      progress.value = answered;
    }
    if (count) {
      count.textContent = `${answered} / ${shown.size}`;
    }
  };

  const KEEP = `survey-answers:${location.pathname}`;
  const SKIP = new Set(["csrfmiddlewaretoken", "idempotency_key"]);

  const keep = () => {
    const answers = {};
    for (const [name, value] of new FormData(form)) {
      if (!SKIP.has(name)) {
        (answers[name] ||= []).push(String(value));
      }
    }
    try {
      sessionStorage.setItem(KEEP, JSON.stringify(answers));
    } catch {
      // Storage full or refused (private mode): the answers stay on the page all the same.
    }
  };

  const restore = () => {
    let answers;
    try {
      answers = JSON.parse(sessionStorage.getItem(KEEP) || "null");
    } catch {
      answers = null;
    }
    if (!answers || form.hasAttribute("data-bound")) {
      return;
    }
    for (const input of form.elements) {
      const values = answers[input.name];
      if (!values || SKIP.has(input.name)) {
        continue;
      }
      if (input.type === "radio" || input.type === "checkbox") {
        input.checked = values.includes(input.value);
      } else if (input.tagName === "SELECT") {
        for (const option of input.options) {
          option.selected = values.includes(option.value);
        }
      } else {
        input.value = values[0];
      }
    }
  };

  form.addEventListener("input", () => {
    update();
    keep();
  });
  form.addEventListener("change", () => {
    update();
    keep();
  });
  form.addEventListener("submit", () => sessionStorage.removeItem(KEEP));
  restore();
  update();
})();
