"""Demo complaints and outcomes. Petra has three complaints at Mondzorg Centrum Oost, one in each part
of the Wkkgz path: a new one on her accepted case (the officer still has to acknowledge it), one in
handling with the term extended by two weeks (on the case whose report is final), and one decided as
partly well-founded with its letter (on her closed case). Dr. Bakker has recorded the outcome of the
three cases with a written report. Loading the demo again adds nothing."""

import datetime as dt

from secondopinion.accounts.models import User
from secondopinion.aftercare.complaints import (
    complaint_acknowledge,
    complaint_decide,
    complaint_extend,
    complaint_file,
    complaint_start_handling,
)
from secondopinion.aftercare.models import Complaint, Outcome
from secondopinion.aftercare.outcomes import outcome_record
from secondopinion.cases.models import SecondOpinionCase

# (care question of Petra's case, the complaint, how far the officer took it)
COMPLAINTS = (
    (
        "Moet 36 getrokken worden of kan een wortelkanaalbehandeling?",
        "Ik wacht al drie weken op een gever en niemand belt mij terug.",
        "received",
    ),
    (
        "Is een volledige rehabilitatie de enige optie?",
        "Het rapport gebruikt woorden die ik niet begrijp en niemand legde ze uit.",
        "extended",
    ),
    (
        "Kan mijn verstandskies blijven zitten?",
        "Vooraf is mij niet verteld wat de second opinion zou kosten.",
        "decided",
    ),
)
# (care question, diagnosis, treatment): what dr. Bakker's opinions did.
OUTCOMES = (
    ("Kan de vulling in 16 behouden blijven?", "confirmed", "refined"),
    ("Is een volledige rehabilitatie de enige optie?", "refined", "changed"),
    ("Kan mijn verstandskies blijven zitten?", "refined", "confirmed"),
)


def _case(question: str) -> SecondOpinionCase | None:
    return SecondOpinionCase.objects.filter(care_question=question).order_by("pk").first()


def demo_aftercare(users: dict[str, User]) -> None:
    officer = users["klachten"]
    for question, text, reach in COMPLAINTS:
        case = _case(question)
        if case is None or Complaint.objects.filter(case=case).exists():
            continue
        complaint = complaint_file(actor=users["petra"], case_id=case.pk, text=text, source="command")
        if reach == "received":
            continue
        complaint_acknowledge(actor=officer, complaint_id=complaint.pk, source="command")
        complaint_start_handling(actor=officer, complaint_id=complaint.pk, source="command")
        if reach == "extended":
            complaint_extend(
                actor=officer,
                complaint_id=complaint.pk,
                until=complaint.decide_by + dt.timedelta(weeks=2),
                reason="Wij vragen eerst de gever om een reactie; die is drie weken met verlof.",
                source="command",
            )
        else:
            complaint_decide(
                actor=officer,
                complaint_id=complaint.pk,
                judgment="partly_well_founded",
                decision=(
                    "De kosten (C011) staan in de uitleg die u tekende, maar zijn niet met u besproken. Dat "
                    "had wel gemoeten. Het onderzoek en het rapport zelf zijn zorgvuldig gedaan."
                ),
                source="command",
            )
    for question, diagnosis, treatment in OUTCOMES:
        case = _case(question)
        if case is None or Outcome.objects.filter(case=case).exists():
            continue
        outcome_record(
            actor=users["dr.bakker"],
            case_id=case.pk,
            diagnosis=diagnosis,
            treatment=treatment,
            source="command",
        )
