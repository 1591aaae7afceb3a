/* The station's capture page: live document-camera preview, snapshots and uploads without reloading.
 *
 * Progressive enhancement: without this script every form on the page still posts and the server
 * answers with the page again. With it, the same endpoints are called with fetch and answer JSON.
 * The document camera (高拍仪) presents itself as an ordinary camera, so getUserMedia is enough.
 */
(function () {
  "use strict";

  const root = document.getElementById("sanji-capture");
  if (!root) {
    return;
  }
  const video = root.querySelector(".sanji-video");
  const canvas = root.querySelector(".sanji-canvas");
  const status = root.querySelector(".sanji-camera-status");
  const choice = root.querySelector(".sanji-camera-choice");
  const select = choice.querySelector("select");
  const pageTemplate = document.getElementById("sanji-page-template");
  const token = root.querySelector("input[name=_authenticator]").value;
  const CAMERA_KEY = "sanji.capture.camera";
  let stream = null;

  root.classList.add("sanji-js");

  /* Camera ---------------------------------------------------------------------------------- */

  function stopCamera() {
    if (stream) {
      stream.getTracks().forEach((track) => track.stop());
      stream = null;
    }
  }

  async function listCameras() {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const cameras = devices.filter((device) => device.kind === "videoinput");
    select.replaceChildren(
      ...cameras.map((camera, index) => new Option(camera.label || `#${index + 1}`, camera.deviceId)),
    );
    const current = stream && stream.getVideoTracks()[0].getSettings().deviceId;
    if (current) {
      select.value = current;
    }
    choice.hidden = cameras.length < 2;
  }

  async function startCamera(deviceId) {
    stopCamera();
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      status.textContent = root.dataset.msgCameraUnavailable;
      return;
    }
    status.textContent = root.dataset.msgCameraStarting;
    // Ask for a large frame: a document camera's default 640×480 is too coarse for an ID card.
    const videoConstraints = { width: { ideal: 1920 }, height: { ideal: 1440 } };
    if (deviceId) {
      videoConstraints.deviceId = { exact: deviceId };
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: videoConstraints });
    } catch (error) {
      if (deviceId) {
        return startCamera(null); // the remembered camera is gone: take the default one
      }
      status.textContent = root.dataset.msgCameraUnavailable;
      return;
    }
    video.srcObject = stream;
    await video.play().catch(() => {});
    status.textContent = "";
    root.classList.add("sanji-camera-on");
    listCameras().catch(() => {});
  }

  function snapshot() {
    return new Promise((resolve, reject) => {
      if (!stream || !video.videoWidth) {
        reject(new Error(root.dataset.msgCameraUnavailable));
        return;
      }
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
      root.classList.remove("sanji-flash");
      void root.offsetWidth; // restart the flash animation
      root.classList.add("sanji-flash");
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error(root.dataset.msgFailed))),
        "image/jpeg",
        0.9,
      );
    });
  }

  select.addEventListener("change", () => {
    try {
      localStorage.setItem(CAMERA_KEY, select.value);
    } catch (error) {
      // storage disabled: the choice lasts for this page only
    }
    startCamera(select.value);
  });
  window.addEventListener("pagehide", stopCamera);

  /* Server ---------------------------------------------------------------------------------- */

  async function post(url, fields) {
    const body = fields instanceof FormData ? fields : new FormData();
    if (!(fields instanceof FormData)) {
      Object.entries(fields).forEach(([name, value]) => body.append(name, value));
    }
    body.set("_authenticator", token);
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
    } catch (error) {
      throw new Error(root.dataset.msgFailed);
    }
    // Anything but our JSON (a login page after the session ended, a proxy's error page) is a failure.
    const isJson = (response.headers.get("Content-Type") || "").startsWith("application/json");
    const data = isJson ? await response.json().catch(() => ({})) : {};
    if (!response.ok || !isJson) {
      throw new Error(data.error || root.dataset.msgFailed);
    }
    showMissing(data.missing || []);
    return data;
  }

  /* Page ------------------------------------------------------------------------------------ */

  function say(row, message, isError) {
    const line = row.querySelector(".sanji-row-message");
    line.textContent = message || "";
    line.hidden = !message;
    line.classList.toggle("text-danger", Boolean(isError));
  }

  function busy(row, on) {
    row.classList.toggle("is-busy", on);
    row.querySelectorAll("button, input").forEach((control) => {
      control.disabled = on;
    });
    say(row, on ? root.dataset.msgUploading : "", false);
  }

  function showPages(row, pages) {
    const list = row.querySelector(".sanji-pages");
    list.replaceChildren(
      ...pages.map((page) => {
        const item = pageTemplate.content.firstElementChild.cloneNode(true);
        item.dataset.pageId = page.id;
        const link = item.querySelector(".sanji-page-link");
        link.href = page.url;
        link.title = page.filename;
        const thumb = item.querySelector(".sanji-thumb");
        thumb.hidden = !page.image;
        item.querySelector(".sanji-pdf").hidden = page.image;
        if (page.image) {
          thumb.src = page.url;
        }
        item.querySelector(".sanji-page-n").textContent = page.number;
        item.querySelector("input[name=id]").value = page.id;
        return item;
      }),
    );
  }

  function showMissing(missing) {
    root.querySelector(".sanji-missing-list").textContent = missing.join("、");
    root.classList.toggle("sanji-complete", missing.length === 0);
    root.querySelectorAll(".sanji-material").forEach((row) => {
      row.classList.toggle("is-missing", missing.includes(row.dataset.material));
    });
  }

  async function run(row, action) {
    busy(row, true);
    try {
      const data = await action();
      busy(row, false);
      if (data && data.pages) {
        showPages(row, data.pages);
      }
    } catch (error) {
      busy(row, false);
      say(row, error.message, true);
    }
  }

  function upload(row, file, filename) {
    const body = new FormData();
    body.append("material", row.dataset.material);
    body.append("file", file, filename);
    return post(root.dataset.uploadUrl, body);
  }

  /* Events ---------------------------------------------------------------------------------- */

  root.addEventListener("click", (event) => {
    const button = event.target.closest(".sanji-snap, .sanji-retake");
    if (!button) {
      return;
    }
    const row = button.closest(".sanji-material");
    const old = button.classList.contains("sanji-retake") ? button.closest(".sanji-page").dataset.pageId : null;
    run(row, async () => {
      const data = await upload(row, await snapshot(), "camera.jpg");
      if (!old) {
        return data;
      }
      // Retake: the new page is safe on the server before the old one goes.
      try {
        return await post(root.dataset.deleteUrl, { id: old });
      } catch (error) {
        showPages(row, data.pages);
        throw error;
      }
    });
  });

  root.addEventListener("submit", (event) => {
    const form = event.target;
    const row = form.closest(".sanji-material");
    if (!row) {
      return; // the checklist's own button (hidden with this script) posts normally
    }
    event.preventDefault();
    // Read the form before run() disables its controls: disabled controls are not submitted.
    if (form.classList.contains("sanji-delete")) {
      const body = new FormData(form);
      run(row, () => post(root.dataset.deleteUrl, body));
    } else if (form.classList.contains("sanji-upload") && form.elements.file.files.length) {
      const file = form.elements.file.files[0];
      run(row, () => upload(row, file, file.name)).then(() => form.reset());
    }
  });

  root.addEventListener("change", (event) => {
    const input = event.target;
    if (input.type === "file" && input.files.length) {
      input.form.requestSubmit();
    } else if (input.type === "checkbox") {
      const body = new FormData(input.form);
      run(input.closest(".sanji-material"), () => post(root.dataset.checklistUrl, body));
    }
  });

  let remembered = null;
  try {
    remembered = localStorage.getItem(CAMERA_KEY);
  } catch (error) {
    // storage disabled: use the default camera
  }
  startCamera(remembered);
})();
