// Upload progress for the Smart Navi post form. Without JavaScript the form posts as usual;
// with it, a post that carries photos goes through XMLHttpRequest so that a bar shows how
// much of the upload is done (phones on a factory's mobile line can take a while).
const form = document.querySelector("[data-upload-form]");

if (form) {
  const input = form.querySelector("input[type=file]");
  const box = form.querySelector("[data-upload-progress]");
  const bar = box ? box.querySelector("progress") : null;
  const percent = box ? box.querySelector("[data-upload-percent]") : null;

  form.addEventListener("submit", (event) => {
    if (!input || !input.files || input.files.length === 0 || !box || !window.FormData) {
      return; // nothing to upload: the ordinary submit is as quick
    }
    event.preventDefault();
    const data = new FormData(form, event.submitter || undefined);
    const request = new XMLHttpRequest();
    request.open("POST", form.getAttribute("action") || window.location.href);
    // The server answers a redirect as {"redirect": url} (core.http.redirect_for_script):
    // this script navigates there, so that the page's one-time message is read by that page.
    request.setRequestHeader("X-Script-Navigates", "1");
    box.classList.remove("d-none");
    form.querySelectorAll("button[type=submit]").forEach((button) => {
      button.disabled = true;
    });
    request.upload.addEventListener("progress", (progress) => {
      if (progress.lengthComputable) {
        const value = Math.round((progress.loaded / progress.total) * 100);
        bar.value = value;
        percent.textContent = `${value}%`;
      }
    });
    request.addEventListener("load", () => {
      const type = request.getResponseHeader("Content-Type") || "";
      if (request.status < 400 && type.startsWith("application/json")) {
        window.location.assign(JSON.parse(request.responseText).redirect);
        return;
      }
      // The form came back with messages beside the fields: show it as the page.
      const page = new DOMParser().parseFromString(request.responseText, "text/html");
      if (page && page.body && page.body.children.length) {
        document.title = page.title;
        document.body.replaceWith(document.adoptNode(page.body));
        window.scrollTo(0, 0);
      } else {
        window.location.reload();
      }
    });
    request.addEventListener("error", () => {
      box.classList.add("d-none");
      form.querySelectorAll("button[type=submit]").forEach((button) => {
        button.disabled = false;
      });
      form.submit();
    });
    request.send(data);
  });
}
