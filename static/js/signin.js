/* The facilitator's sign-in page: the PIN, or a pairing code that the laptop's control room shows.
   Opened from the pairing QR code, the code is in the #fragment (sent to no server): sign in with it at once. */
const error = document.getElementById("error");
const byPin = document.getElementById("signin");
const byCode = document.getElementById("pairing");

async function signIn(fields, input) {
  error.hidden = true;
  const response = await fetch("/api/session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(fields),
  });
  if (response.ok) {
    window.location.replace(window.location.pathname);
    return;
  }
  error.textContent = (await response.json()).error;
  error.hidden = false;
  input.select();
}

byPin.addEventListener("submit", (event) => {
  event.preventDefault();
  signIn({ pin: byPin.elements.pin.value }, byPin.elements.pin);
});
byCode.addEventListener("submit", (event) => {
  event.preventDefault();
  signIn({ code: byCode.elements.code.value }, byCode.elements.code);
});

const scanned = new URLSearchParams(window.location.hash.slice(1)).get("pair");
if (scanned) {
  history.replaceState(null, "", window.location.pathname);
  byCode.elements.code.value = scanned;
  signIn({ code: scanned }, byCode.elements.code);
}
