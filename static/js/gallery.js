// The post gallery: swipe works by CSS scroll-snap alone and the previous/next links jump to
// anchors without JavaScript; this adds arrow keys and keeps the buttons and status in step.
for (const gallery of document.querySelectorAll("[data-gallery]")) {
  const track = gallery.querySelector("[data-gallery-track]");
  const slides = Array.from(track.children);
  const prev = gallery.querySelector("[data-gallery-prev]");
  const next = gallery.querySelector("[data-gallery-next]");
  const status = gallery.querySelector("[data-gallery-status]");
  const template = status ? status.textContent : "";
  let current = 0;

  const show = (index, smooth = true) => {
    current = Math.max(0, Math.min(slides.length - 1, index));
    track.scrollTo({ left: current * track.clientWidth, behavior: smooth ? "smooth" : "auto" });
    update();
  };

  const update = () => {
    if (prev) {
      prev.setAttribute("href", `#slide-${Math.max(1, current)}`);
      prev.classList.toggle("disabled", current === 0);
      prev.setAttribute("aria-disabled", String(current === 0));
    }
    if (next) {
      next.setAttribute("href", `#slide-${Math.min(slides.length, current + 2)}`);
      next.classList.toggle("disabled", current === slides.length - 1);
      next.setAttribute("aria-disabled", String(current === slides.length - 1));
    }
    if (status) {
      status.textContent = `${current + 1} / ${slides.length}`;
      status.title = template;
    }
  };

  if (prev) prev.addEventListener("click", (event) => { event.preventDefault(); show(current - 1); });
  if (next) next.addEventListener("click", (event) => { event.preventDefault(); show(current + 1); });
  for (const link of gallery.querySelectorAll("[data-gallery-goto]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      show(Number(link.dataset.galleryGoto));
      track.focus({ preventScroll: true });
    });
  }
  track.addEventListener("keydown", (event) => {
    if (event.key === "ArrowRight") { event.preventDefault(); show(current + 1); }
    if (event.key === "ArrowLeft") { event.preventDefault(); show(current - 1); }
    if (event.key === "Home") { event.preventDefault(); show(0); }
    if (event.key === "End") { event.preventDefault(); show(slides.length - 1); }
  });
  let timer;
  track.addEventListener("scroll", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const width = track.clientWidth || 1;
      const index = Math.round(track.scrollLeft / width);
      if (index !== current) { current = index; update(); }
    }, 80);
  });
  update();
}
