"""R26: what the patient is told about costs and reimbursement, from the protocol, the referral and the
patient's age.

Seeds 001, 003 and 004: a second opinion is usually reimbursed; the basic insurance normally only with a
referral (from the treating practitioner or the GP); a supplementary insurance may pay without one; the
patient always checks with the insurer. For a second opinion on the GP himself there is usually no other
referrer (004). Dental care (the dentist, and the denturist of seed 002, whose costs seed 001 covers) is
the exception the seeds leave to the Dutch basic insurance (Zorgverzekeringswet): for children and young
people under 18 it covers dental care, so a referral is not what decides; for adults it covers almost no
dental care, so a referral does not help and a supplementary dental insurance is what may pay. A patient
under 18 pays no deductible (eigen risico), and care by a GP is outside it for everyone. The age is
taken on the day the guidance is given.
"""

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from secondopinion.core.text import Text
from secondopinion.protocols.general_practice import CODE as GENERAL_PRACTICE
from secondopinion.protocols.registry import get_protocol

if TYPE_CHECKING:
    from secondopinion.cases.models import SecondOpinionCase

RULE_ID = "R26"
ADULT_AGE = 18
ORAL_CARE = frozenset({"dentist", "denturist"})


@dataclass(frozen=True, slots=True)
class Reimbursement:
    text: Text
    has_referral: bool
    codes: tuple[str, ...]


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years on `day`; someone born on 29 February turns a year older on 1 March."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def is_child(birth: dt.date | None, day: dt.date) -> bool:
    """Under 18 on `day`. Without a date of birth the patient is taken to be an adult: the guidance
    then never promises cover that may not be there."""
    return birth is not None and age_on(birth, day) < ADULT_AGE


CHECK_INSURER = Text(
    "Vraag uw zorgverzekeraar wat uw polis vergoedt.", "Ask your health insurer what your policy covers."
)

ORAL_CHILD = Text(
    "De patiënt is jonger dan 18 jaar. Dan betaalt de basisverzekering de zorg van de tandarts, ook een second "
    "opinion. Een verwijzing is daarvoor niet nodig. Er is geen eigen risico.",
    "The patient is younger than 18. Then the basic insurance pays for care by the dentist, a second opinion "
    "too. No referral is needed for that. There is no deductible (eigen risico).",
)
ORAL_ADULT = Text(
    "Voor volwassenen betaalt de basisverzekering bijna geen zorg van de tandarts of tandprotheticus, ook niet "
    "met een verwijzing. Een aanvullende tandartsverzekering betaalt de second opinion vaak voor een deel. "
    "Wat die niet betaalt, betaalt u zelf.",
    "For adults the basic insurance pays for almost no care by the dentist or denturist, not even with a "
    "referral. A supplementary dental insurance often pays part of the second opinion. What it does not pay, "
    "you pay yourself.",
)
NO_DEDUCTIBLE = Text(
    "De patiënt is jonger dan 18 jaar: er is geen eigen risico.",
    "The patient is younger than 18: there is no deductible (eigen risico).",
)
DEDUCTIBLE = Text("Houd rekening met uw eigen risico.", "Your deductible (eigen risico) may apply.")
# Care by a GP is outside the deductible (Zorgverzekeringswet); tests the GP orders elsewhere are not.
GP_NO_DEDUCTIBLE = Text(
    "Zorg van de huisarts valt niet onder het eigen risico.",
    "Care by a GP does not count towards your deductible (eigen risico).",
)


def _referred(referrer_name: str) -> Text:
    return Text(
        f"Er is een verwijzing{f' van {referrer_name}' if referrer_name else ''}. Met een verwijzing betaalt de "
        "basisverzekering een second opinion meestal.",
        f"There is a referral{f' from {referrer_name}' if referrer_name else ''}. With a referral, the basic "
        "insurance usually pays for a second opinion.",
    )


NOT_REFERRED_GP = Text(
    "Er is geen verwijzing. Bij een second opinion over uw eigen huisarts is er meestal geen andere verwijzer. "
    "Dan betaalt de basisverzekering vaak niet. Kijk wat uw aanvullende verzekering betaalt, vraag uw huisarts "
    "zelf om een verwijzing, of kies een andere huisarts.",
    "There is no referral. For a second opinion on your own GP there is usually no other referrer. Then the "
    "basic insurance often does not pay. Check what your supplementary insurance pays, ask your GP himself for "
    "a referral, or choose another GP.",
)
NOT_REFERRED = Text(
    "Er is geen verwijzing. Zonder verwijzing betaalt de basisverzekering meestal niet. Een aanvullende "
    "verzekering betaalt de second opinion soms (voor een deel). Een verwijzing kunt u vragen aan uw eigen "
    "behandelaar of aan uw huisarts.",
    "There is no referral. Without one, the basic insurance usually does not pay. A supplementary insurance "
    "sometimes pays (part of) the second opinion. You can ask your own practitioner or your GP for a referral.",
)


# The short word beside the journey's step "Referral and reimbursement" when there is no referral (the
# case page's costs say the whole of it, `insurance_guidance`). It must not contradict that: for oral
# care a referral is not what decides, and for a second opinion on the GP there is usually no referrer.
REFERRAL_NOTE = Text(
    "Zonder verwijzing vergoedt de basisverzekering meestal niet; uw huisarts kan verwijzen.",
    "Without a referral the basic insurance usually does not pay; your GP can refer you.",
)
REFERRAL_NOTE_GP = Text(
    "Bij een second opinion over uw eigen huisarts is er meestal geen andere verwijzer. Kijk wat uw "
    "aanvullende verzekering betaalt.",
    "For a second opinion on your own GP there is usually no other referrer. Check what your supplementary "
    "insurance pays.",
)
REFERRAL_NOTE_ORAL = Text(
    "Bij de tandarts en de tandprotheticus hangt de vergoeding niet af van een verwijzing. Wat uw verzekering "
    "betaalt, leest u bij de kosten.",
    "With the dentist and the denturist, reimbursement does not depend on a referral. What your insurance "
    "pays is under the costs.",
)


def is_oral_care(protocol: str) -> bool:
    """The dentist's or the denturist's protocol: care the basic insurance pays for the young only."""
    return get_protocol(protocol).discipline in ORAL_CARE


def referral_note(protocol: str) -> Text:
    """R26 in one sentence, for a case without a referral, in agreement with `insurance_guidance`."""
    if is_oral_care(protocol):
        return REFERRAL_NOTE_ORAL
    return REFERRAL_NOTE_GP if protocol == GENERAL_PRACTICE else REFERRAL_NOTE


def insurance_guidance(
    *, protocol: str, has_referral: bool, referrer_name: str = "", birth: dt.date | None, on: dt.date
) -> Text:
    """R26 before and after submission: what the insurance usually pays, for this protocol, referral and
    age, ending with the advice to ask the insurer."""
    child = is_child(birth, on)
    parts: list[Text]
    if is_oral_care(protocol):
        parts = [ORAL_CHILD if child else ORAL_ADULT]
    else:
        if has_referral:
            referral = _referred(referrer_name)
        else:
            referral = NOT_REFERRED_GP if protocol == GENERAL_PRACTICE else NOT_REFERRED
        if child:
            deductible = NO_DEDUCTIBLE
        else:
            deductible = GP_NO_DEDUCTIBLE if protocol == GENERAL_PRACTICE else DEDUCTIBLE
        parts = [referral, deductible]
    parts.append(CHECK_INSURER)
    return Text(" ".join(p.nl for p in parts), " ".join(p.en for p in parts))


def _billing(case: "SecondOpinionCase") -> tuple[Text | None, tuple[str, ...]]:
    """The lines billed so far (R25), named by their codes; None when there are none."""
    from secondopinion.billing.selectors import billing_lines_of  # beside the case's own door

    lines = billing_lines_of(case)
    codes = tuple(dict.fromkeys(line.tariff.code for line in lines))
    if not lines:
        return None, codes
    return (
        Text(
            "Tot nu toe vastgelegd: "
            + ", ".join(f"{ln.tariff.code} (aantal {ln.quantity})" for ln in lines)
            + ".",
            "Recorded so far: "
            + ", ".join(f"{ln.tariff.code} (quantity {ln.quantity})" for ln in lines)
            + ".",
        ),
        codes,
    )


def case_insurance(case: "SecondOpinionCase", *, on: dt.date | None = None) -> Text:
    """R26 for this case's protocol, referral and patient's age on `on` (today)."""
    referrer = case.referrer
    return insurance_guidance(
        protocol=case.protocol,
        has_referral=case.has_referral or case.referrer_id is not None,
        referrer_name=referrer.name if referrer is not None else "",
        birth=case.patient.date_of_birth,
        on=on or timezone.localdate(),
    )


def reimbursement_guidance(case: "SecondOpinionCase", *, on: dt.date | None = None) -> Reimbursement:
    """R26 for this case: what the insurance usually pays for this protocol, referral and the patient's
    age, and the codes billed so far (R25). The amounts are the expected cost's (billing/prices.py)."""
    has_referral = case.has_referral or case.referrer_id is not None
    insurance = case_insurance(case, on=on)
    billed, codes = _billing(case)
    texts = [insurance] if billed is None else [billed, insurance]
    return Reimbursement(
        text=Text(" ".join(t.nl for t in texts), " ".join(t.en for t in texts)),
        has_referral=has_referral,
        codes=codes,
    )
