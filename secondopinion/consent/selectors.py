"""What the consent ledger says at this moment (R18): consent is checked when it is used."""

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.consent.models import Consent


def consent_state(case: SecondOpinionCase) -> tuple[frozenset[str], frozenset[str]]:
    """The purposes with a consent in force, and those whose every consent was revoked."""
    given: set[str] = set()
    revoked: set[str] = set()
    for purpose, revoked_at in Consent.objects.filter(case=case).values_list("purpose", "revoked_at"):
        (revoked if revoked_at is not None else given).add(purpose)
    return frozenset(given), frozenset(revoked - given)
