// Reads a visitor's QR code with the phone's camera where the browser offers BarcodeDetector
// (Chrome on Android, among others); elsewhere the code is typed, which always works.
(() => {
  const box = document.querySelector(".qr-scan");
  const input = document.getElementById("checkin-code");
  if (!box || !input || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  box.hidden = false;
  const start = box.querySelector("[data-scan-start]");
  const video = box.querySelector("video");
  const error = box.querySelector("[data-scan-error]");

  start.addEventListener("click", async () => {
    let stream;
    try {
      const detector = new BarcodeDetector({ formats: ["qr_code"] });
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      const stop = () => stream.getTracks().forEach((track) => track.stop());
      const look = async () => {
        const codes = await detector.detect(video).catch(() => []);
        if (codes.length) {
          stop();
          video.hidden = true;
          input.value = codes[0].rawValue.trim();
          input.form.requestSubmit();
          return;
        }
        requestAnimationFrame(look);
      };
      look();
    } catch (problem) {
      if (stream) {
        stream.getTracks().forEach((track) => track.stop());
      }
      error.hidden = false;
    }
  });
})();
