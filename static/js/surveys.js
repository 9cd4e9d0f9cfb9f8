// The survey page: questions shown only for a given earlier answer appear when it is given,
// and the bar at the top counts the questions answered. The server decides again on its own
// (an answer to a hidden question is ignored), so this is comfort, not a rule.
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

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
