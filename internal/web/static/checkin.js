// Caravan check-in: scan a check-in QR code with the device's camera and
// send it through the page's code form. The page works without this
// script (type the code, or search the name); this only adds the camera.
// It uses jsQR (jsqr-1.4.0.js, Apache-2.0) to read the video frames.
(function () {
  "use strict";
  var box = document.getElementById("scanner");
  var form = document.getElementById("code-form");
  var input = document.getElementById("code");
  if (!box || !form || !input || typeof window.jsQR !== "function" ||
      !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  var start = document.getElementById("scan-start");
  var stop = document.getElementById("scan-stop");
  var status = document.getElementById("scan-status");
  var video = document.getElementById("scan-video");
  var canvas = document.getElementById("scan-canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  box.hidden = false;

  function say(key) { status.textContent = status.getAttribute("data-" + key) || ""; }

  function halt() {
    if (stream) {
      stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
    }
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  }

  function frame() {
    if (!stream) { return; }
    if (video.readyState === video.HAVE_ENOUGH_DATA && video.videoWidth > 0) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      if (code && code.data) {
        halt();
        say("found");
        input.value = code.data;
        form.submit();
        return;
      }
    }
    window.requestAnimationFrame(frame);
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        start.hidden = true;
        stop.hidden = false;
        say("looking");
        return video.play();
      })
      .then(function () { window.requestAnimationFrame(frame); })
      .catch(function () { halt(); say("no-camera"); });
  });
  stop.addEventListener("click", function () { halt(); status.textContent = ""; });
})();
