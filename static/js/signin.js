/* The facilitator's PIN page: sign in through the JSON API, then open the control room. */
const form = document.getElementById("signin");
const error = document.getElementById("error");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const response = await fetch("/api/session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ pin: form.elements.pin.value }),
  });
  if (response.ok) {
    window.location.reload();
    return;
  }
  error.textContent = (await response.json()).error;
  error.hidden = false;
  form.elements.pin.select();
});
