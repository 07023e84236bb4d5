"""The consent rules that more than one protocol shares: records only with consent (R16), the
alternative when there is none (R17), a revoked consent allowing nothing more (R18), and a colleague
consulted only with consent (R19).

Each check returns None when the case follows the rule, else a Text saying what is missing.
"""

from secondopinion.core.text import Text
from secondopinion.protocols.common import INFORMED
from secondopinion.protocols.engine import CONSULT_COLLEAGUE, INFORM_OWN_PRACTITIONER, REQUEST_RECORDS, Rule
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.snapshot import CaseSnapshot

GATHERING_RECORDS = Status.GATHERING_RECORDS.value


def _records_consent(s: CaseSnapshot, action: str) -> Text | None:
    """R16: records are requested only after the patient's consent."""
    if "request_records" in s.revoked_consents:
        return Text(
            "De patiënt heeft de toestemming om gegevens op te vragen ingetrokken.",
            "The patient revoked the consent to request records.",
        )
    if s.records_consent:
        return None
    return Text(
        "Gegevens bij de eigen behandelaar worden pas opgevraagd na toestemming van de patiënt.",
        "Records are requested from the own practitioner only after the patient's consent.",
    )


R16 = Rule(
    id="R16",
    seeds=("000", "004"),
    text=Text(
        "Gegevens van de eigen behandelaar (röntgenfoto's, modellen, scans, zorgplan, dossier…) worden alleen na "
        "toestemming van de patiënt opgevraagd, via veilige elektronische communicatie (AVG).",
        "Data from the own practitioner (X-rays, models, scans, care plan, record…) is requested only after the "
        "patient's consent, over secure electronic communication (GDPR).",
    ),
    guards=frozenset({GATHERING_RECORDS, REQUEST_RECORDS}),
    check=_records_consent,
)


def _alternative_explained(s: CaseSnapshot, action: str) -> Text | None:
    """R17: without consent, the patient hears of own examination at his cost or fetching the records."""
    if s.records_consent or s.records_alternative_explained:
        return None
    return Text(
        "Zonder toestemming voor het opvragen van gegevens: leg uit dat eigen aanvullend onderzoek op kosten van de "
        "patiënt nodig kan zijn, of dat de patiënt de gegevens zelf kan ophalen.",
        "Without consent to request records: explain that additional examination at the patient's cost may be "
        "needed, or that the patient may fetch the records himself.",
    )


R17 = Rule(
    id="R17",
    seeds=("000", "003"),
    text=Text(
        "Zonder die toestemming kan eigen aanvullend onderzoek nodig zijn, op kosten van de patiënt; de patiënt kan "
        "de gegevens ook zelf opvragen.",
        "Without that consent the giver may need additional examination of his own, at the patient's cost; the "
        "patient may also fetch the data himself.",
    ),
    guards=frozenset({INFORMED}),
    check=_alternative_explained,
)


def _consent_in_force(s: CaseSnapshot, action: str) -> Text | None:
    """R18: a revoked consent allows nothing from then on."""
    if action in s.revoked_consents:
        return Text(
            "De toestemming voor dit doel is ingetrokken; vanaf nu gebeurt dit niet meer.",
            "The consent for this purpose was revoked; from now on this no longer happens.",
        )
    return None


R18 = Rule(
    id="R18",
    seeds=("000", "001", "002"),
    text=Text(
        "Toestemming is uitdrukkelijk, doelgebonden, schriftelijk vastgelegd (wie, wanneer, hoe) en intrekbaar; "
        "intrekken stopt vanaf dat moment wat zij toestond.",
        "Consent is explicit, purpose-bound, recorded in writing (who, when, how) and revocable; revoking stops "
        "what it allowed from then on.",
    ),
    guards=frozenset({REQUEST_RECORDS, INFORM_OWN_PRACTITIONER, CONSULT_COLLEAGUE}),
    check=_consent_in_force,
)


def _colleague_consent(s: CaseSnapshot, action: str) -> Text | None:
    """R19: consulting a colleague needs the patient's consent for it."""
    if s.colleague_consent and "consult_colleague" not in s.revoked_consents:
        return None
    return Text(
        "Een collega raadplegen kan alleen met toestemming van de patiënt voor dat doel.",
        "Consulting a colleague needs the patient's consent for that purpose.",
    )


R19 = Rule(
    id="R19",
    seeds=("001",),
    text=Text("De gever kan advies vragen aan een collega.", "The giver may ask a colleague's advice."),
    guards=frozenset({CONSULT_COLLEAGUE}),
    check=_colleague_consent,
)
