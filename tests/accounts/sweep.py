"""The passkey of one side of the access sweep (tests/access/test_sweep.py): its giver's, made once per side."""

from django_otp_webauthn.models import WebAuthnCredential


def passkey_ids(side) -> dict[str, int]:
    passkey, _new = WebAuthnCredential.objects.get_or_create(
        user_id=side.giver.user_id,
        credential_id=f"sweep-passkey-{side.organisation_id}".encode(),
        defaults={"name": "", "public_key": b"key", "confirmed": True},
    )
    return {"passkey_id": passkey.pk}
