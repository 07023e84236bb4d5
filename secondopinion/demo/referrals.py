"""The GP's work in the demo (R8, R10, R23; seeds 003, 004). Dr. Lotte Mulder (Huisartsenpraktijk
Lombok) asked, as their referrer, for a second opinion on the neurologist Dr. Sara Peeters for two of her
patients. Dr. Ahmed Yilmaz, a neurologist of another organisation who neither treats nor referred them,
gives it (R10). Wim Kok's report is final and reached her as the one who asked (R23): it waits in her
"Reports for me". Henk van Dijk is being examined. Loading the demo again adds nothing."""

from typing import Any

from secondopinion.accounts.models import User
from secondopinion.cases.inputs import StepInput, SubmitInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.directory.models import Organisation, Patient, Practitioner
from secondopinion.directory.services import independence_declare
from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS

GP, GIVER, TREATING = "12000006", "12000009", "12000008"

EPILEPSY = "Klopt de diagnose epilepsie na één aanval, en moet ik mijn leven lang medicijnen slikken?"
TREMOR = "Is het trillen van de rechterhand de ziekte van Parkinson, of iets anders?"
# (care question, patient index, the state to reach)
REFERRED = ((EPILEPSY, 3, "report_final"), (TREMOR, 1, "in_examination"))

# The steps of both requests, with what the giver wrote in Wim Kok's (Henk van Dijk's stops at the examination).
STEPS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("accepted", "coordinator", {"classification": "second_opinion"}),
    ("assigned", "coordinator", {}),
    (
        "informed",
        "dr.yilmaz",
        {
            "explanation_items": list(EXPLANATION_ITEMS),
            "written_report": True,
            "inform_own_practitioner": False,
            "copy_recipients": "De huisarts, Dr. Lotte Mulder, die verwees.",
            "records_alternative_explained": True,
            "reimbursement_explained": True,
        },
    ),
    ("in_examination", "dr.yilmaz", {}),
    (
        "report_draft",
        "dr.yilmaz",
        {
            "anamnesis_medical": "Eén aanval met bewustzijnsverlies in januari, na een nacht zonder slaap. "
            "Geen eerdere aanvallen, geen epilepsie in de familie.",
            "findings": "Neurologisch onderzoek zonder afwijkingen. EEG en MRI van de hersenen normaal.",
        },
    ),
    (
        "report_final",
        "dr.yilmaz",
        {
            "report": {
                "information_used": "Verwijsbrief van de huisarts, EEG, MRI-verslag en brief van de eigen neuroloog.",
                "deviations": "Na één aanval met een normaal EEG en een normale MRI is de diagnose epilepsie "
                "nog niet zeker; slaapgebrek kan de aanval hebben uitgelokt.",
                "consequences": "Levenslang medicijnen is nu niet nodig. Zonder medicijnen is de kans op een "
                "nieuwe aanval iets groter; met medicijnen zijn er bijwerkingen zoals moeheid.",
                "advice": "Bespreek met uw neuroloog of u de medicijnen onder controle kunt afbouwen. Slaap "
                "voldoende en rijd zes maanden geen auto.",
            }
        },
    ),
)


def _submit(
    gp: User,
    referrer: Practitioner,
    patient: Patient,
    question: str,
    org: Organisation,
    treating: Practitioner,
) -> SecondOpinionCase:
    """The GP names her patient by BSN and date of birth, as on the request form, and refers him."""
    return case_submit(
        actor=gp,
        data=SubmitInput(
            protocol="medical-specialist",
            patient_bsn=patient.bsn,
            patient_birth_date=patient.date_of_birth,
            organisation_id=org.pk,
            treating_practitioner_id=treating.pk,
            care_question=question,
            subject="diagnosis",
            treatment_started=True,
            requester_kind="referrer",
            referrer_id=referrer.pk,
            has_referral=True,
        ),
        source="command",
    )


def _walk(case: SecondOpinionCase, target: str, users: dict[str, User], giver: Practitioner) -> None:
    for to, actor, values in STEPS:
        if case.status == target:
            return
        data = StepInput(**values)
        if to == "assigned":
            data.giver_id = giver.pk
        if to == "informed":
            data.care_question = case.care_question
        case = case_transition(actor=users[actor], case_id=case.pk, to=to, data=data, source="command")
        if to == "assigned":  # R10: the giver declares independence right after assignment
            independence_declare(
                actor=users["dr.yilmaz"], case_id=case.pk, statement_confirmed=True, source="command"
            )


def demo_referrals(
    users: dict[str, User], org: Organisation, practitioners: dict[str, Practitioner], patients: list[Patient]
) -> None:
    gp, giver, treating = users["huisarts"], practitioners[GIVER], practitioners[TREATING]
    referrer = practitioners[GP]
    for question, patient_index, target in REFERRED:
        patient = patients[patient_index]
        if SecondOpinionCase.objects.filter(patient=patient, care_question=question).exists():
            continue
        _walk(_submit(gp, referrer, patient, question, org, treating), target, users, giver)
