"""The case page's aftercare panels: the journey, the messages, the evaluation (R27), complaints (R28).

One line in each case template: `{% load aftercare %}{% aftercare_patient case %}` on the patient's
view, `{% aftercare_staff case %}` on the staff view. The case itself has been read (and logged) by the
page, and that one logged read covers what the panels show (the thread, the evaluation, complaints)."""

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from secondopinion.access.permissions import (
    PATIENT_SIDE,
    PRACTICE_SIDE,
    Action,
    acting_role,
    permitted,
    reads_as_complainant,
)
from secondopinion.access.policy import roles_for
from secondopinion.aftercare import outcomes, selectors
from secondopinion.aftercare.forms import ComplaintForm, EvaluationForm, MessageForm, OutcomeForm
from secondopinion.aftercare.models import Evaluation, Message
from secondopinion.aftercare.presenters import (
    EVALUATION_DECISIONS,
    SATISFACTION_LABELS,
    complaint_status,
    journey,
)
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.roles import ROLE_LABELS, Role
from secondopinion.directory.complaint_scheme import complaint_organisation, giver_organisation
from secondopinion.protocols.vocabulary import CLOSURE_DECISIONS, OUTCOMES

register = template.Library()
OFFICER_HOME_ROWS = 20


def _page_roles(context: template.Context, user: Any, case: SecondOpinionCase) -> frozenset[Role]:
    """The roles the case page was read with (web.presenters.case_context), else asked afresh."""
    roles = context.get("case_roles")
    if roles is not None and context.get("case") is case:
        return roles
    return roles_for(user, case)


def _thread(roles: frozenset[Role], case: SecondOpinionCase) -> list[Message] | None:
    """The thread for a member of the conversation, under the page's own logged read of the case."""
    role = acting_role(Action.MESSAGE, roles)
    if role is None:
        return None
    thread = selectors.message_thread(case, role)
    language = get_language()
    for message in thread:
        role = Role(message.author_role) if message.author_role in Role else None
        message.role_label = ROLE_LABELS[role].in_language(language) if role else message.author_role  # type: ignore[attr-defined]
    return thread


def _evaluation(
    evaluation: Evaluation | None, *, own_words: bool = False, closure_decision: str = ""
) -> dict[str, Any]:
    """The saved evaluation; on the patient's side its decision in the words the form offered ("Ik neem
    het advies over"), on the practice's side in the closure's third person ("neemt het advies over").
    R27: the practice's side also reads the decision recorded at closure when the patient's own differs
    from it; the patient's own word stands."""
    if evaluation is None:
        return {"evaluation": None}
    language = get_language()
    decisions = EVALUATION_DECISIONS if own_words else CLOSURE_DECISIONS
    differs = (
        not own_words and closure_decision in CLOSURE_DECISIONS and closure_decision != evaluation.decision
    )
    return {
        "evaluation": evaluation,
        "evaluation_decision": decisions[evaluation.decision].in_language(language),
        "evaluation_satisfaction": SATISFACTION_LABELS[evaluation.satisfaction].in_language(language),
        "closure_differs": CLOSURE_DECISIONS[closure_decision].in_language(language) if differs else "",
    }


def _complaints(user: Any, case: SecondOpinionCase, roles: frozenset[Role]) -> dict[str, Any]:
    """The case's complaints this reader reads (the staff those addressed to their own organisation, a
    complainant's side its own), with their state and dates in plain words, in the complainant's words
    for a complainant's side; the decision letter for the complainant's side and the officer."""
    complaints = selectors.complaints_of(user, case, roles)
    today, language = timezone.localdate(), get_language()
    return {
        "complaints": complaints,
        "complainant_view": reads_as_complainant(roles),
        "complaint_statuses": [complaint_status(c, today, language) for c in complaints],
        "letter": permitted(Action.READ_COMPLAINT_LETTER, roles),
    }


def _complaint_form(case: SecondOpinionCase, roles: frozenset[Role]) -> dict[str, Any]:
    """The form to file a complaint, for whom the table lets file one, with the scheme it goes to (R28:
    the giver's organisation's, or the handling one's; the page's case was read with its giver and
    organisation)."""
    if not permitted(Action.FILE_COMPLAINT, roles):
        return {"complaint_form": None}
    organisation, givers = complaint_organisation(case), giver_organisation(case)
    return {
        "complaint_form": ComplaintForm(),
        "scheme_organisation": organisation,
        # Else the handling organisation's: before a giver is assigned, or when the giver's has no
        # complaints officer in the system (directory/complaint_scheme.py).
        "scheme_of_giver": givers is not None and givers.pk == organisation.pk,
    }


def _outcome(case: SecondOpinionCase, roles: frozenset[Role]) -> dict[str, Any]:
    """What the opinion did to the diagnosis and treatment: the giver's form from the report on, and
    the recorded outcome for the practice staff."""
    may_record = permitted(Action.RECORD_OUTCOME, roles)
    if not may_record and not permitted(Action.READ_OUTCOMES, roles):
        return {"outcome_shown": False}
    outcome = outcomes.outcome_of(case)
    language = get_language()
    return {
        "outcome_shown": outcome is not None or (may_record and case.status in outcomes.RECORDABLE),
        "outcome": outcome,
        "outcome_labels": (
            OUTCOMES[outcome.diagnosis].in_language(language),
            OUTCOMES[outcome.treatment].in_language(language),
        )
        if outcome
        else None,
        "outcome_form": OutcomeForm()
        if may_record and outcome is None and case.status in outcomes.RECORDABLE
        else None,
    }


@register.inclusion_tag("aftercare/officer_home.html", takes_context=True)
def officer_complaints(context: template.Context) -> dict[str, Any]:
    """On the complaints officer's home page: the open complaints by deadline, overdue first (one
    logged search, a fixed number of queries whatever the list holds)."""
    user = context["request"].user
    complaints = selectors.complaint_list(user=user, source="web", open_only=True)
    listed = list(complaints[: OFFICER_HOME_ROWS + 1])
    today, language = timezone.localdate(), get_language()
    return {
        "statuses": [complaint_status(c, today, language) for c in listed[:OFFICER_HOME_ROWS]],
        "more": len(listed) > OFFICER_HOME_ROWS,
        "overdue": selectors.overdue(complaints, today).count() if listed else 0,
    }


@register.inclusion_tag("aftercare/patient_panel.html", takes_context=True)
def aftercare_patient(context: template.Context, case: SecondOpinionCase) -> dict[str, Any]:
    """The patient's (or representative's) panels on their case view."""
    user = context["request"].user
    roles = _page_roles(context, user, case)
    evaluation = selectors.evaluation_of(case)
    may_evaluate = permitted(Action.EVALUATE, roles)
    return {
        "request": context["request"],
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "case": case,
        "patient_view": True,
        "journey": journey(case, evaluated=evaluation is not None),
        "thread": _thread(roles, case),
        "message_form": MessageForm(),
        "evaluation_form": EvaluationForm()
        if may_evaluate and case.status == "closed" and evaluation is None
        else None,
        **_complaints(user, case, roles),
        "complainant_view": True,  # the patient's view speaks to the patient's side as the complainant
        **_complaint_form(case, roles),
        **_evaluation(evaluation, own_words=True),
    }


@register.inclusion_tag("aftercare/staff_panel.html", takes_context=True)
def aftercare_staff(context: template.Context, case: SecondOpinionCase) -> dict[str, Any]:
    """On the staff view: the coordinator's thread with the patient, the patient's evaluation, and the
    complaints (opened by the complaints officer; filed and followed by the practitioner who asked for
    the second opinion)."""
    user = context["request"].user
    roles = _page_roles(context, user, case)
    return {
        "request": context["request"],
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "case": case,
        "patient_view": False,
        "thread": _thread(roles & PRACTICE_SIDE, case),
        "message_form": MessageForm(),
        "evaluation_form": None,
        **_complaints(user, case, roles - PATIENT_SIDE),
        # R28: the practitioner who asked for the second opinion files a complaint here.
        **_complaint_form(case, roles - PATIENT_SIDE),
        "officer": permitted(Action.HANDLE_COMPLAINT, roles),
        **_outcome(case, roles),
        **_evaluation(selectors.evaluation_of(case), closure_decision=case.closure_decision),
    }
