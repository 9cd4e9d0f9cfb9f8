// Reads a visitor's QR code with the phone's camera. Browsers that offer BarcodeDetector
// (Chrome on Android, among others) decode it themselves; elsewhere (Safari on iPhone,
// Firefox) jsQR, vendored in static/vendor/jsqr, reads the camera's frames from a canvas.
// Typing the code always works, with or without a camera.
(() => {
  const box = document.querySelector(".qr-scan");
  const input = document.getElementById("checkin-code");
  if (!box || !input || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  const native = "BarcodeDetector" in window;
  if (!native && typeof window.jsQR !== "function") {
    return;
  }
  box.hidden = false;
  const start = box.querySelector("[data-scan-start]");
  const video = box.querySelector("video");
  const error = box.querySelector("[data-scan-error]");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });

  const detectorFor = () => {
    if (native) {
      const detector = new BarcodeDetector({ formats: ["qr_code"] });
      return async () => {
        const codes = await detector.detect(video).catch(() => []);
        return codes.length ? codes[0].rawValue : null;
      };
    }
    return async () => {
      if (!video.videoWidth) {
        return null;
      }
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const frame = context.getImageData(0, 0, canvas.width, canvas.height);
      const code = window.jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "dontInvert" });
      return code ? code.data : null;
    };
  };

  start.addEventListener("click", async () => {
    let stream;
    error.hidden = true;
    try {
      const read = detectorFor();
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      const stop = () => stream.getTracks().forEach((track) => track.stop());
      const look = async () => {
        const value = await read();
        if (value) {
          stop();
          video.hidden = true;
          input.value = value.trim();
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
