/* The case page's "显示" buttons: reveal one personal field in place (an audited POST to @@reveal).
 *
 * Without JavaScript the button's form posts to @@reveal and the browser shows the value alone.
 */
(function () {
  "use strict";

  async function reveal(event) {
    const form = event.target.closest("form.sanji-reveal");
    if (!form) {
      return;
    }
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    let body = null;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      body = await response.json();
    } catch (error) {
      body = { error: { message: String(error) } };
    }
    const cell = form.closest("td");
    const value = cell.querySelector(".sanji-personal");
    if (body && body.value !== undefined) {
      value.textContent = body.value;
      value.classList.add("sanji-revealed");
      form.remove();
    } else {
      button.disabled = false;
      button.title = (body && body.error && body.error.message) || "";
    }
  }

  document.addEventListener("submit", reveal);
})();
