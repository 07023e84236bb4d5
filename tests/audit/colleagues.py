"""What the tests of a collegial notice (R6) on the patient's access log share, on her web page and API
(tests/audit) and over FHIR (tests/fhir): the notice, the words she reads instead, and her own dentist
reading his notices again and again."""

from secondopinion.audit.services import access_record

NOTICE = "Collega, de indicatie voor extractie van 36 is in het dossier onvoldoende onderbouwd."
NEUTRAL = {"nl": "gegevens over uw second opinion", "en": "information about your second opinion"}
OWN_ROLE = {"nl": "rol: eigen behandelaar", "en": "role: treating practitioner"}


def notices_read(cast, case, n: int, *, source: str) -> None:
    """Her own dentist reads his collegial notices on `case` `n` times, as his inbox logs it."""
    for _ in range(n):
        access_record(
            actor=cast.treating_user,
            action="read",
            data="collegial-notices",
            source=source,
            role="treating",
            basis="addressee",
            case=case,
        )
