// After a passkey is added (django-otp-webauthn's otp_webauthn_register.js fires this event), the page
// loads again: it lists the new passkey and shows the message the server set.
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.reload();
});
