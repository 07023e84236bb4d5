"""R26: what the patient is told about costs and reimbursement, derived from the case.

Usually reimbursed; basic insurance normally only with a referral (from the treating practitioner
or the GP); supplementary insurance may cover it without one; the patient checks with the insurer
(seeds 001, 003, 004). For a second opinion on the GP, usually no other referrer exists (004).
The tariff code comes from the protocol (R25) and the lines billed so far; amounts are not kept in
this product, so the text says where the amount comes from rather than inventing one.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from secondopinion.core.text import Text
from secondopinion.protocols.general_practice import CODE as GENERAL_PRACTICE
from secondopinion.protocols.registry import get_protocol

if TYPE_CHECKING:
    from secondopinion.cases.models import SecondOpinionCase

RULE_ID = "R26"


@dataclass(frozen=True, slots=True)
class Reimbursement:
    text: Text
    has_referral: bool
    codes: tuple[str, ...]


def _referral(case: "SecondOpinionCase") -> Text:
    referrer = case.referrer
    if case.has_referral or referrer is not None:
        by = f" van {referrer.name}" if referrer is not None else ""
        by_en = f" from {referrer.name}" if referrer is not None else ""
        return Text(
            f"Er is een verwijzing{by}. Met een verwijzing vergoedt de basisverzekering een second "
            "opinion meestal.",
            f"There is a referral{by_en}. With a referral, basic insurance usually pays for a second opinion.",
        )
    if case.protocol == GENERAL_PRACTICE:
        return Text(
            "Er is geen verwijzing. Bij een second opinion over uw eigen huisarts is er meestal geen andere "
            "verwijzer, dus de basisverzekering vergoedt vaak niet. Kijk naar uw aanvullende verzekering, "
            "vraag uw huisarts zelf om een verwijzing, of overweeg een andere huisarts.",
            "There is no referral. For a second opinion on your own GP there is usually no other referrer, "
            "so basic insurance often does not pay. Check your supplementary insurance, ask your GP himself "
            "for a referral, or consider another GP.",
        )
    return Text(
        "Er is geen verwijzing. Zonder verwijzing vergoedt de basisverzekering meestal niet; een "
        "aanvullende verzekering kan de second opinion (deels) vergoeden. Een verwijzing kunt u vragen "
        "aan uw eigen behandelaar of aan de huisarts.",
        "There is no referral. Without one, basic insurance usually does not pay; a supplementary "
        "insurance may cover (part of) the second opinion. You can ask your own practitioner or your "
        "GP for a referral.",
    )


def _dental_note(case: "SecondOpinionCase") -> Text | None:
    if get_protocol(case.protocol).discipline != "dentist":
        return None
    return Text(
        "Voor volwassenen valt tandheelkundige zorg grotendeels buiten de basisverzekering; of de "
        "second opinion wordt vergoed, hangt dan vooral af van uw aanvullende tandartsverzekering.",
        "For adults most dental care is outside basic insurance; whether the second opinion is paid "
        "then depends mainly on your supplementary dental insurance.",
    )


def _billing(case: "SecondOpinionCase") -> tuple[Text, tuple[str, ...]]:
    protocol = get_protocol(case.protocol)
    current = protocol.billing_code_on(timezone.localdate())
    from secondopinion.billing.selectors import billing_lines_of  # beside the case's own door

    lines = billing_lines_of(case)
    codes = tuple(dict.fromkeys(line.tariff.code for line in lines))
    if current is None and not lines:
        return (
            Text(
                "De kosten declareert de zorgaanbieder via het eigen declaratiesysteem (DBC); de bedragen "
                "staan niet in dit dossier.",
                "The provider bills the costs through its own system (DBC); the amounts are not in this file.",
            ),
            codes,
        )
    nl, en = [], []
    if current is not None:
        nl.append(
            f"Voor de second opinion wordt prestatiecode {current.code} ({current.description.nl}) gedeclareerd."
        )
        en.append(
            f"The second opinion is billed with procedure code {current.code} ({current.description.en})."
        )
    if lines:
        nl.append(
            "Tot nu toe vastgelegd: "
            + ", ".join(f"{ln.tariff.code} (aantal {ln.quantity})" for ln in lines)
            + "."
        )
        en.append(
            "Recorded so far: "
            + ", ".join(f"{ln.tariff.code} (quantity {ln.quantity})" for ln in lines)
            + "."
        )
    nl.append(
        "Het bedrag volgt uit het tarief van de praktijk volgens de tariefbeschikking van de NZa; in dit "
        "dossier staat nog geen bedrag."
    )
    en.append(
        "The amount follows from the practice's tariff under the NZa tariff decision; this file holds no amount yet."
    )
    return Text(" ".join(nl), " ".join(en)), codes


def reimbursement_guidance(case: "SecondOpinionCase") -> Reimbursement:
    """R26 for this case: referral or not, the insurance that may pay, the codes and their amounts."""
    billing, codes = _billing(case)
    parts = [_referral(case), _dental_note(case), billing]
    check = Text(
        "Vraag uw zorgverzekeraar wat uw polis vergoedt.", "Ask your health insurer what your policy covers."
    )
    texts = [part for part in (*parts, check) if part is not None]
    return Reimbursement(
        text=Text(" ".join(t.nl for t in texts), " ".join(t.en for t in texts)),
        has_referral=case.has_referral or case.referrer_id is not None,
        codes=codes,
    )
