"""The giver's steps during the examination: consulting a colleague (R19), drafting plans (R21)."""

from django.db import transaction

from secondopinion.access.doors import case_for, judge
from secondopinion.access.permissions import Action
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.evidence import action_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import InvalidInput, TransitionNotAllowed
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.core.textcheck import is_blank
from secondopinion.directory.independence import consultation_reasons
from secondopinion.directory.models import Practitioner
from secondopinion.protocols.engine import CONSULT_COLLEAGUE, DRAFT_PLANS, Decision
from secondopinion.protocols.lifecycle import Status
from secondopinion.records.models import ColleagueConsultation, TreatmentPlan

EXAMINING = frozenset({Status.IN_EXAMINATION, Status.REPORT_DRAFT})
STEP_ACTIONS = {CONSULT_COLLEAGUE: Action.CONSULT_COLLEAGUE, DRAFT_PLANS: Action.DRAFT_PLANS}


def _giver_step(actor: User, case_id: int, action: str) -> tuple[SecondOpinionCase, Decision]:
    """Lock the case, check the giver takes this step while examining, and judge the action's rules."""
    case, _role = case_for(actor, case_id, STEP_ACTIONS[action])
    if case.status not in EXAMINING:
        raise TransitionNotAllowed(
            Text("Dit kan alleen tijdens het onderzoek.", "This can only be done during the examination."),
            field="status",
        )
    return case, judge(case, action)


def _not_another_colleague(reasons: list[Text]) -> Text:
    """The giver's error (rule ids are for staff) when the colleague is connected to the treating one."""
    return Text(
        "Kies een andere collega: deze collega "
        + " en ".join(r.nl for r in reasons)
        + ". Raadpleeg alleen een collega die los staat van de eigen behandelaar (R19, R10). Toestemming om "
        "een collega te raadplegen is geen toestemming om de eigen behandelaar te informeren (R18).",
        "Choose another colleague: this colleague "
        + " and ".join(r.en for r in reasons)
        + ". Consult only a colleague who is independent of the treating practitioner (R19, R10). Consent "
        "to consult a colleague is not consent to inform the treating practitioner (R18).",
    )


@transaction.atomic
def colleague_consult(
    *, actor: User, case_id: int, colleague_id: int, question: str, source: str
) -> ColleagueConsultation:
    """R19: ask a colleague's advice; R18/R19 require the patient's consent for that purpose."""
    case, decision = _giver_step(actor, case_id, CONSULT_COLLEAGUE)
    colleague = Practitioner.objects.filter(pk=colleague_id).first()
    if colleague is None or colleague.pk == case.giver_id:
        raise InvalidInput(
            Text("Kies een andere behandelaar.", "Choose another practitioner."), field="colleague_id"
        )
    connected = consultation_reasons(colleague, case.treating_practitioner)
    if connected:
        raise InvalidInput(_not_another_colleague(connected), field="colleague_id")
    if is_blank(question):
        raise InvalidInput(Text("Stel uw vraag.", "Ask your question."), field="question")
    consultation = ColleagueConsultation.objects.create(
        case=case, colleague=colleague, question=question.strip(), asked_by=actor
    )
    action_record(case=case, action=CONSULT_COLLEAGUE, decision=decision, actor=actor, role=Role.GIVER)
    access_record(
        actor=actor,
        action="send",
        data="colleague-consultation",
        source=source,
        role=Role.GIVER,
        basis="consent",
        case=case,
    )
    return consultation


@transaction.atomic
def plan_draft(
    *, actor: User, case_id: int, description: str, cost_estimate_cents: int | None, source: str
) -> TreatmentPlan:
    """R21: without a care goal and plan, the giver drafts treatment plans with the patient."""
    case, decision = _giver_step(actor, case_id, DRAFT_PLANS)
    if is_blank(description):
        raise InvalidInput(
            Text("Beschrijf het behandelplan.", "Describe the treatment plan."), field="description"
        )
    plan = TreatmentPlan.objects.create(
        case=case, description=description.strip(), cost_estimate_cents=cost_estimate_cents, drafted_by=actor
    )
    action_record(case=case, action=DRAFT_PLANS, decision=decision, actor=actor, role=Role.GIVER)
    access_record(
        actor=actor,
        action="create",
        data="treatment-plan",
        source=source,
        role=Role.GIVER,
        basis=Role.GIVER,
        case=case,
    )
    return plan
