"""`general-practice`: a second opinion on the GP himself (seed 004)."""

from dataclasses import replace

from secondopinion.core.text import Text
from secondopinion.protocols.engine import Protocol
from secondopinion.protocols.medical_specialist import RULES
from secondopinion.protocols.shared import R26
from secondopinion.protocols.snapshot import CaseSnapshot

CODE = "general-practice"

# R16: what the giver may request from the patient's own GP.
RECORDS: dict[str, Text] = {
    "gp_record": Text("huisartsdossier (journaal, episodes)", "GP record (journal, episodes)"),
    "medication": Text("medicatieoverzicht", "medication overview"),
    "lab_results": Text("laboratoriumuitslagen", "laboratory results"),
    "specialist_letters": Text("brieven van specialisten", "letters from specialists"),
    "care_plan": Text("zorgplan", "care plan"),
}


GP_CAVEAT = Text(
    "Een second opinion over uw eigen huisarts: meestal is er geen andere verwijzer, dus de basisverzekering "
    "vergoedt vaak niet. Kijk naar uw aanvullende verzekering, vraag uw huisarts zelf om een verwijzing, of "
    "overweeg een andere huisarts.",
    "A second opinion on your own GP: usually there is no other referrer, so basic insurance often does not "
    "pay. Check your supplementary insurance, ask your GP himself for a referral, or consider another GP.",
)


def _gp_reimbursement(s: CaseSnapshot, action: str) -> Text | None:
    """R26: for a second opinion on the GP himself, usually no other referrer exists (advisory)."""
    if s.has_referral or s.reimbursement_explained:
        return None
    return GP_CAVEAT


# Written for the patient already: the caveat is what the patient's page says too.
R26_GP = replace(R26, check=_gp_reimbursement, for_patient=GP_CAVEAT)

PROTOCOL = Protocol(
    code=CODE,
    name=Text("Huisarts", "General practitioner"),
    discipline="gp",
    seeds=("004",),
    rules=tuple(R26_GP if rule.id == "R26" else rule for rule in RULES),
    records=RECORDS,
)
