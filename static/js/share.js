// The phone's own share sheet (Web Share API) beside the plain LINE / X / Facebook links:
// the button stays hidden where the browser has no navigator.share, and the links work
// without this script.
for (const button of document.querySelectorAll("[data-share]")) {
  if (typeof navigator.share !== "function") continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.share({ title: button.dataset.shareTitle, url: button.dataset.shareUrl });
    } catch (error) {
      // The visitor closed the sheet (AbortError): nothing to do.
    }
  });
}
