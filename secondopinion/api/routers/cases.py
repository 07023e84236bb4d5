"""Cases: submit and list them, read one, take a step (with the hold of R3 and the giver's
independence of R10), and see how the case followed its protocol (R28)."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja import Status as Reply

from secondopinion.access.permissions import reads_internal_notes
from secondopinion.access.policy import can_read_report, roles_for
from secondopinion.accounts.models import User
from secondopinion.api import idempotency
from secondopinion.api import schemas as s
from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.common import ERRORS, SOURCE, CaseId
from secondopinion.api.idempotency import KeyHeader
from secondopinion.api.serializers import case_detail, case_summary, conformance_json, transitions_json
from secondopinion.cases import editing, selectors, services
from secondopinion.cases.inputs import StepInput, SubmitInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import case_timeline
from secondopinion.core.roles import Role
from secondopinion.directory.models import IndependenceDeclaration
from secondopinion.directory.services import independence_declare
from secondopinion.distribution.written import report_written_request

router = Router()


def _answer(
    user: User, case: SecondOpinionCase, roles: frozenset[Role] | None = None, *, new: bool = False
) -> dict[str, Any]:
    """The case as this reader may read it: its report (R23) and the practice's internal notes. The
    reader's roles are found only where the answer needs them (a report, a step with an internal note;
    the timeline is read for the answer anyway), and a `new` case has no report to look for."""
    noted = any(change.internal_note for change in case_timeline(case))
    if roles is None and noted:
        roles = roles_for(user, case)
    return case_detail(
        case,
        with_report=not new and can_read_report(user, case, roles),
        viewer=user,
        internal_notes=roles is not None and noted and reads_internal_notes(roles),
        roles=roles,
        new=new,
    )


@router.get(
    "/cases",
    auth=BearerToken("cases:read"),
    response={200: s.CasePage, **ERRORS},
    tags=["cases"],
    operation_id="secondopinion_api_urls_case_list",
)
def case_list(
    request: HttpRequest,
    status: s.Status | None = None,
    limit: int = Query(50, ge=1, le=100),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> Any:
    """The cases this user holds a role in, newest first."""
    cases = selectors.case_list(user=actor(request), source=SOURCE, status=status.value if status else None)
    return {"count": cases.count(), "items": [case_summary(c) for c in cases[offset : offset + limit]]}


@router.post(
    "/cases",
    auth=BearerToken("cases:write"),
    response={201: s.CaseOut, **ERRORS},
    tags=["cases"],
    operation_id="secondopinion_api_urls_case_create",
)
def case_create(
    request: HttpRequest, response: HttpResponse, payload: s.CaseIn, idempotency_key: KeyHeader = None
) -> Any:
    """Submit a request for a second opinion. A patient asking for herself need not name the patient
    (patient_id, patient_bsn): the request is hers; anyone else must. Sent again with the same
    Idempotency-Key, it answers with the case the first request made (api/idempotency.py)."""
    user = actor(request)
    data = SubmitInput(
        **{
            **payload.dict(),
            "protocol": payload.protocol.value,
            "subject": payload.subject.value,
            "requester_kind": payload.requester_kind.value,
            "under_treatment": payload.under_treatment.value,
        }
    )
    if idempotency_key is None:
        case = services.case_submit(actor=user, data=data, source=SOURCE)
        return Reply(201, _answer(user, case, new=True))
    with transaction.atomic():
        held = idempotency.claim(
            user=user, key=idempotency_key, operation="case_create", fields=payload.dict()
        )
        if not isinstance(held, int):
            case = services.case_submit(actor=user, data=data, source=SOURCE)
            idempotency.complete(held, case.pk)
            return Reply(201, _answer(user, case, new=True))
    # The same request again: the case it made, read as any read is (its access check and event).
    case, roles = selectors.case_get(user=user, case_id=held, source=SOURCE)
    response[idempotency.REPLAYED] = "true"
    return Reply(201, _answer(user, case, roles))


@router.get(
    "/cases/{case_id}",
    auth=BearerToken("cases:read"),
    response={200: s.CaseOut, **ERRORS},
    tags=["cases"],
    operation_id="secondopinion_api_urls_case_read",
)
def case_read(request: HttpRequest, case_id: CaseId) -> Any:
    case, roles = selectors.case_get(user=actor(request), case_id=case_id, source=SOURCE)
    return _answer(actor(request), case, roles)


@router.get(
    "/cases/{case_id}/transitions",
    auth=BearerToken("cases:read"),
    response={200: s.TransitionsOut, **ERRORS},
    tags=["cases"],
    operation_id="secondopinion_api_urls_transitions_list",
)
def transitions_list(request: HttpRequest, case_id: CaseId) -> Any:
    """Next states: allowed ones (with what the step's input must still supply) and blocked ones with rule ids."""
    case, roles = selectors.case_get(
        user=actor(request), case_id=case_id, source=SOURCE, data="case:transitions"
    )
    return transitions_json(case, selectors.case_step_options(case, roles))


@router.post(
    "/cases/{case_id}/transitions",
    auth=BearerToken("cases:write"),
    response={200: s.CaseOut, **ERRORS},
    tags=["cases"],
    operation_id="secondopinion_api_urls_transition_create",
)
def transition_create(request: HttpRequest, case_id: CaseId, payload: s.TransitionIn) -> Any:
    """Take the step to `to`, carrying that step's data. Refused steps change nothing."""
    values = payload.dict(exclude={"to", "expected_version", "report"})
    values = {k: (v.value if hasattr(v, "value") else v) for k, v in values.items()}
    values = {
        k: ("" if v is None and k in ("classification", "refusal_reason", "closure_decision") else v)
        for k, v in values.items()
    }
    if values["explanation_items"] is not None:
        values["explanation_items"] = [getattr(i, "value", i) for i in values["explanation_items"]]
    report = payload.report.dict(exclude_none=True) if payload.report else {}
    case = services.case_transition(
        actor=actor(request),
        case_id=case_id,
        to=payload.to.value,
        data=StepInput(**values, report=report),
        source=SOURCE,
        expected_version=payload.expected_version,
    )
    return _answer(actor(request), case)


@router.post(
    "/cases/{case_id}/prosthesis-adjustment",
    auth=BearerToken("cases:write"),
    response={200: s.CaseOut, **ERRORS},
    tags=["cases"],
    operation_id="secondopinion_api_urls_prosthesis_adjustment_create",
)
def prosthesis_adjustment_create(
    request: HttpRequest, case_id: CaseId, payload: s.ProsthesisAdjustmentIn
) -> Any:
    """R3: record that the prosthesis was adjusted while the hold stood; the case no longer follows R3."""
    user = actor(request)
    case = editing.case_record_prosthesis_adjusted(
        actor=user, case_id=case_id, adjusted_at=payload.adjusted_at, source=SOURCE
    )
    return _answer(user, case)


@router.get(
    "/cases/{case_id}/conformance",
    auth=BearerToken("cases:read"),
    response={200: list[s.ConformanceRow], **ERRORS},
    tags=["cases"],
    operation_id="secondopinion_api_urls_conformance_list",
)
def conformance_list(request: HttpRequest, case_id: CaseId) -> Any:
    """R28: for every rule of the case's protocol, whether it was followed, with the evidence."""
    case, _roles = selectors.case_get(user=actor(request), case_id=case_id, source=SOURCE, data="conformance")
    return conformance_json(selectors.case_conformance(case))


@router.post(
    "/cases/{case_id}/independence",
    auth=BearerToken("cases:write"),
    response={201: s.IndependenceOut, **ERRORS},
    tags=["cases"],
    operation_id="secondopinion_api_urls_independence_create",
)
def independence_create(request: HttpRequest, case_id: CaseId, payload: s.IndependenceIn) -> Any:
    """R10: the assigned giver declares independence; until then the case cannot proceed."""
    declaration = independence_declare(
        actor=actor(request), case_id=case_id, statement_confirmed=payload.statement_confirmed, source=SOURCE
    )
    return Reply(201, _independence_json(declaration))


def _independence_json(declaration: IndependenceDeclaration) -> dict[str, Any]:
    return {
        "case_id": declaration.case_id,
        "giver": declaration.giver.name,
        "declared_by": str(declaration.declared_by),
        "declared_at": declaration.declared_at,
        "statement": declaration.statement,
    }


@router.post(
    "/cases/{case_id}/report/in-writing",
    auth=BearerToken("cases:write"),
    response={200: s.CaseOut, **ERRORS},
    tags=["report"],
    operation_id="secondopinion_api_urls_report_in_writing",
)
def report_in_writing(request: HttpRequest, case_id: CaseId) -> Any:
    """R14: agreed that the opinion is not put in writing, the patient or her representative asks for the
    report in writing after all: recorded on the agreements (`written_requested_at`) and in the access log,
    and the final report sent to her side as the distribution sends it (R23), or at finalisation when it is
    not final yet. 409 when it is written already (`dental-knmt` always), asked before, not agreed yet, or
    the request ended without an opinion; 403 for another related role; 404 for anyone unrelated."""
    user = actor(request)
    report_written_request(actor=user, case_id=case_id, source=SOURCE)
    case, roles = selectors.case_get(user=user, case_id=case_id, source=SOURCE)
    return _answer(user, case, roles)
