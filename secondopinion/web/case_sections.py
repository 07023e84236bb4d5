"""The parts of the case page beside the steps, as the templates show them: the giver's independence
declaration, the examination, the collegial notice, the consents and the prosthesis hold (R3). Each
offers its form only where access/permissions.py lets the reader act; no access decision is made here.
"""

from typing import Any

from django import forms

from secondopinion.access.permissions import (
    Action,
    acting_role,
    permitted,
)
from secondopinion.cases import selectors
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.consent.awaited import consents_awaited
from secondopinion.core.errors import DomainError
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.directory.models import IndependenceDeclaration
from secondopinion.protocols.lifecycle import TRANSITIONS, Status
from secondopinion.records.services import EXAMINING
from secondopinion.web.panel_forms import (
    CollegialNoticeForm,
    ConsentForm,
    ConsultationForm,
    IndependenceForm,
    PlanForm,
    ProsthesisAdjustmentForm,
)

# The state each step leads to, read from the core's transition table.
STEP_TARGETS: dict[str, Status] = {step.name: to for (_from, to), step in TRANSITIONS.items()}
STEP_LABELS: dict[str, Text] = {step.name: step.label for step in TRANSITIONS.values()}
# The steps of the ordinary path; the first of them a user may take is shown opened.

_UNREAD = object()


def _loaded(case: SecondOpinionCase, relation: str) -> Any:
    """A one-to-one row the case was read with (selectors.case_get), None if it has none, or
    _UNREAD when the case was read without it."""
    field = SecondOpinionCase._meta.get_field(relation)
    if not field.is_cached(case):  # type: ignore[union-attr]
        return _UNREAD
    return getattr(case, relation, None)


def independence_context(
    case: SecondOpinionCase,
    roles: frozenset[Role],
    bound: tuple[str, forms.Form] | None,
    error: DomainError | None,
) -> dict[str, Any]:
    """R10: the assigned giver's declaration of independence; its form while it is due."""
    declaration = _loaded(case, "independence_declaration")
    if declaration is _UNREAD:
        declaration = (
            IndependenceDeclaration.objects.filter(case=case).select_related("giver", "declared_by").first()
        )
    is_bound = bound is not None and bound[0] == "independence"
    form: forms.Form | None = None
    if (
        declaration is None
        and permitted(Action.DECLARE_INDEPENDENCE, roles)
        and case.status == Status.ASSIGNED
    ):
        form = bound[1] if bound is not None and is_bound else IndependenceForm()
    return {
        "independence_declaration": declaration,
        "independence_form": form,
        "independence_error": error if is_bound and form is not None else None,
    }


def examination_context(
    case: SecondOpinionCase,
    roles: frozenset[Role],
    bound: tuple[str, forms.Form] | None,
    error: DomainError | None,
) -> dict[str, Any]:
    """R19, R21: the giver's own steps while examining."""
    if case.status not in EXAMINING:
        return {"examination_forms": {}}
    forms_by_key: dict[str, forms.Form] = {}
    if permitted(Action.CONSULT_COLLEAGUE, roles):
        forms_by_key["consult"] = ConsultationForm()
    if permitted(Action.DRAFT_PLANS, roles):
        forms_by_key["plan"] = PlanForm()
    if not forms_by_key:
        return {"examination_forms": {}}
    if bound is not None and bound[0] in forms_by_key:
        forms_by_key[bound[0]] = bound[1]
    return {
        "examination_forms": forms_by_key,
        "examination_error": error if bound is not None and bound[0] in forms_by_key else None,
        "treatment_plans": list(case.treatment_plans.all()),
    }


def notice_context(
    case: SecondOpinionCase,
    roles: frozenset[Role],
    bound: tuple[str, forms.Form] | None,
    error: DomainError | None,
) -> dict[str, Any]:
    """R6: only the giver sees and sends collegial notices on the case page."""
    if not permitted(Action.SEND_COLLEGIAL_NOTICE, roles):
        return {"notice_form": None, "notices": []}
    is_bound = bound is not None and bound[0] == "notice"
    return {
        "notice_form": bound[1] if bound is not None and is_bound else CollegialNoticeForm(),
        "notice_error": error if is_bound else None,
        "notices": list(case.collegial_notices.select_related("author")),
    }


def consent_context(
    case: SecondOpinionCase,
    roles: frozenset[Role],
    bound: tuple[str, forms.Form] | None,
    error: DomainError | None,
) -> dict[str, Any]:
    """R18: the case's consents, those it still waits for from the patient (R8, R16, R23), and the form
    to record one for those who may; the patient gives an awaited one with its one button in the awaited
    list, and her own form offers the other purposes."""
    may_record = permitted(Action.RECORD_CONSENT, roles)
    by_patient = acting_role(Action.RECORD_CONSENT, roles) == Role.PATIENT
    form = bound[1] if bound is not None and bound[0] == "consent" else None
    consents = list(case.consents.all())
    awaited = consents_awaited(case, consents)
    if form is None and may_record:
        form = ConsentForm(by_patient=by_patient)
        if by_patient:  # what the awaited list offers a button for is given there, not here as well
            form = form.offering_none_of({item.purpose for item in awaited})
    return {
        "consents": consents,
        "awaited_consents": awaited,
        "may_give_consent": by_patient,
        "consent_form": form,
        "consent_error": error if form is not None and bound is not None and bound[0] == "consent" else None,
        "may_revoke_consent": permitted(Action.REVOKE_CONSENT, roles),
    }


def hold_context(
    case: SecondOpinionCase, roles: frozenset[Role], bound: tuple[str, forms.Form] | None
) -> dict[str, Any]:
    """R3: the prosthesis hold, and for the coordinator, giver or treating practitioner the form to
    record that the prosthesis was adjusted while it stood."""
    hold = selectors.case_hold(case)
    form = bound[1] if bound is not None and bound[0] == "prosthesis" else None
    if (
        form is None
        and hold is not None
        and hold.standing
        and hold.followed
        and permitted(Action.RECORD_PROSTHESIS_ADJUSTED, roles)
    ):
        form = ProsthesisAdjustmentForm()
    return {"hold": hold, "hold_form": form}
