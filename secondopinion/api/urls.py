"""The JSON API under /api/v1. Endpoints are thin: parse, call a selector or service, serialise."""

import logging
from typing import Annotated, Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import get_language
from ninja import File as FileParam
from ninja import Form, Path, Query, UploadedFile
from ninja import Status as Reply
from ninja.errors import AuthenticationError, HttpError, ValidationError

from secondopinion.access.policy import can_read_report
from secondopinion.aftercare.api import router as aftercare_router
from secondopinion.api import schemas as s
from secondopinion.api.auth import (
    BearerToken,
    ScopeMissing,
    actor,
    login_for_token,
    presented_token,
    scope_missing_response,
)
from secondopinion.api.data_requests import router as data_request_router
from secondopinion.api.models import ApiToken
from secondopinion.api.problems import GENERIC, TITLES, ProblemJsonApi, from_domain_error, problem
from secondopinion.api.representation import router as representation_router
from secondopinion.api.serializers import (
    billing_line_json,
    case_detail,
    case_summary,
    conformance_json,
    protocol_json,
    report_json,
    transitions_json,
)
from secondopinion.audit.selectors import LOG_NOT_FOUND, AccessRow, access_events_for_patient, access_rows
from secondopinion.billing.selectors import billing_lines_for
from secondopinion.billing.services import billing_add_line
from secondopinion.cases import selectors, services
from secondopinion.cases.errors import CASE_NOT_FOUND, DomainError, NotFound
from secondopinion.cases.inputs import StepInput, SubmitInput
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_record, consent_revoke
from secondopinion.directory.models import IndependenceDeclaration
from secondopinion.directory.services import independence_declare
from secondopinion.distribution import selectors as distribution_selectors
from secondopinion.documents.models import Document
from secondopinion.documents.responses import download_response
from secondopinion.documents.services import document_list, document_open, document_upload
from secondopinion.protocols.registry import PROTOCOLS
from secondopinion.protocols.text import Text
from secondopinion.records.services import colleague_consult, plan_draft
from secondopinion.reports.formats import DOCX_TYPE
from secondopinion.reports.models import CollegialNotice
from secondopinion.reports.notices import collegial_notice_send, collegial_notices_for
from secondopinion.reports.rendering import report_file

logger = logging.getLogger(__name__)
SOURCE = "api"
CaseId = Annotated[int, Path(ge=1, le=s.MAX_ID)]
ERRORS = {
    400: s.Problem,
    401: s.Problem,
    403: s.Problem,
    404: s.Problem,
    409: s.Problem,
    413: s.Problem,
    422: s.Problem,
}

api = ProblemJsonApi(
    title="Tweede Mening API",
    version="1",
    description="Second-opinion cases for Dutch healthcare. Every error is application/problem+json.",
    urls_namespace="api",
    auth=BearerToken(),
)
# Data requests (R16) and consents from a signed form (R18) live in their own module.
api.add_router("", data_request_router)
api.add_router("", aftercare_router)  # messages with the coordinator (aftercare/api.py)
api.add_router("", representation_router)  # the patient's consent to representatives (R8)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return from_domain_error(exc)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = sorted(
        {".".join(str(p) for p in e.get("loc", ())[2:] or e.get("loc", ())[-1:]) for e in exc.errors}
    )
    messages = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ())[2:])}: {e.get('msg', '')}" for e in exc.errors
    )
    detail = Text(f"Controleer deze velden: {messages}", f"Check these fields: {messages}")
    return problem(422, detail, fields=fields, field=fields[0] if len(fields) == 1 else None)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(401, GENERIC[401], headers={"WWW-Authenticate": "Bearer"})


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return problem(413, GENERIC[413])


@api.exception_handler(MultiPartParserError)
def _bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    """A multipart body Django cannot parse (broken boundaries, oversized part headers): the client's fault."""
    detail = Text(
        "Het bestand kon niet worden gelezen: de multipart-opbouw van het verzoek is ongeldig.",
        "The upload could not be read: the request's multipart body is malformed.",
    )
    return problem(400, detail, field="file")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(404, GENERIC[404])


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(exc.status_code, Text(str(exc), str(exc)), title=TITLES.get(exc.status_code))


@api.exception_handler(Exception)
def _crash(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error", exc_info=exc)
    return problem(500, GENERIC[500])


@api.exception_handler(ScopeMissing)
def _scope_missing(request: HttpRequest, exc: ScopeMissing) -> HttpResponse:
    return scope_missing_response(exc)


@api.post(
    "/auth/token",
    auth=None,
    response={201: s.TokenOut, 401: s.Problem, 415: s.Problem, 422: s.Problem, 429: s.Problem},
    tags=["auth"],
)
def token_create(request: HttpRequest, payload: s.TokenIn) -> Any:
    """Exchange a username and password — and for practitioners and staff the TOTP code `otp` — for a
    bearer token with the chosen `scopes`; the secret is shown once. Repeated failures lock out (429)."""
    user = login_for_token(request, username=payload.username, password=payload.password, otp=payload.otp)
    if isinstance(user, HttpResponse):
        return user
    scopes = [scope.value for scope in payload.scopes] if payload.scopes is not None else None
    token, secret = ApiToken.issue(user=user, name=payload.name, scopes=scopes)
    return Reply(
        201, {"token": secret, "prefix": token.prefix, "expires_at": token.expires_at, "scopes": token.scopes}
    )


@api.delete(
    "/auth/token", auth=BearerToken(any_scope=True), response={204: None, 401: s.Problem}, tags=["auth"]
)
def token_revoke(request: HttpRequest) -> Any:
    """Revoke the token this request carries."""
    ApiToken.objects.filter(pk=presented_token(request).pk).update(revoked_at=timezone.now())
    return Reply(204, None)


@api.get("/cases", auth=BearerToken("cases:read"), response={200: s.CasePage, **ERRORS}, tags=["cases"])
def case_list(
    request: HttpRequest,
    status: s.Status | None = None,
    limit: int = Query(50, ge=1, le=100),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> Any:
    """The cases this user holds a role in, newest first."""
    cases = selectors.case_list(user=actor(request), source=SOURCE, status=status.value if status else None)
    return {"count": cases.count(), "items": [case_summary(c) for c in cases[offset : offset + limit]]}


@api.post("/cases", auth=BearerToken("cases:write"), response={201: s.CaseOut, **ERRORS}, tags=["cases"])
def case_create(request: HttpRequest, payload: s.CaseIn) -> Any:
    """Submit a request for a second opinion."""
    data = SubmitInput(
        **{
            **payload.dict(),
            "protocol": payload.protocol.value,
            "subject": payload.subject.value,
            "requester_kind": payload.requester_kind.value,
            "under_treatment": payload.under_treatment.value,
        }
    )
    case = services.case_submit(actor=actor(request), data=data, source=SOURCE)
    return Reply(201, case_detail(case, with_report=False, viewer=actor(request)))


@api.get(
    "/cases/{case_id}", auth=BearerToken("cases:read"), response={200: s.CaseOut, **ERRORS}, tags=["cases"]
)
def case_read(request: HttpRequest, case_id: CaseId) -> Any:
    case, _roles = selectors.case_get(user=actor(request), case_id=case_id, source=SOURCE)
    return case_detail(case, with_report=can_read_report(actor(request), case), viewer=actor(request))


@api.get(
    "/cases/{case_id}/transitions",
    auth=BearerToken("cases:read"),
    response={200: s.TransitionsOut, **ERRORS},
    tags=["cases"],
)
def transitions_list(request: HttpRequest, case_id: CaseId) -> Any:
    """Next states: allowed ones (with what the step's input must still supply) and blocked ones with rule ids."""
    case, roles = selectors.case_get(
        user=actor(request), case_id=case_id, source=SOURCE, data="case:transitions"
    )
    return transitions_json(case, selectors.case_step_options(case, roles))


@api.post(
    "/cases/{case_id}/transitions",
    auth=BearerToken("cases:write"),
    response={200: s.CaseOut, **ERRORS},
    tags=["cases"],
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
    return case_detail(case, with_report=can_read_report(actor(request), case), viewer=actor(request))


@api.post(
    "/cases/{case_id}/prosthesis-adjustment",
    auth=BearerToken("cases:write"),
    response={200: s.CaseOut, **ERRORS},
    tags=["cases"],
)
def prosthesis_adjustment_create(
    request: HttpRequest, case_id: CaseId, payload: s.ProsthesisAdjustmentIn
) -> Any:
    """R3: record that the prosthesis was adjusted while the hold stood; the case no longer follows R3."""
    user = actor(request)
    case = services.case_record_prosthesis_adjusted(
        actor=user, case_id=case_id, adjusted_at=payload.adjusted_at, source=SOURCE
    )
    return case_detail(case, with_report=can_read_report(user, case), viewer=user)


@api.put(
    "/cases/{case_id}/report",
    auth=BearerToken("reports:write"),
    response={200: s.ReportOut, **ERRORS},
    tags=["report"],
)
def report_update(request: HttpRequest, case_id: CaseId, payload: s.ReportSections) -> Any:
    """Save draft sections of the report (R24: never once final)."""
    case = services.case_save_report_draft(
        actor=actor(request),
        case_id=case_id,
        sections=payload.dict(exclude_none=True),
        source=SOURCE,
    )
    return report_json(case.report)


@api.post(
    "/cases/{case_id}/report/addenda",
    auth=BearerToken("reports:write"),
    response={201: s.AddendumOut, **ERRORS},
    tags=["report"],
)
def addendum_create(request: HttpRequest, case_id: CaseId, payload: s.AddendumIn) -> Any:
    """R24: correct a final report with an addendum beside it."""
    addendum = services.case_add_addendum(
        actor=actor(request), case_id=case_id, text=payload.text, source=SOURCE
    )
    return Reply(201, {"id": addendum.pk, "text": addendum.text, "created_at": addendum.created_at})


@api.get(
    "/cases/{case_id}/report.pdf",
    auth=BearerToken("reports:read"),
    response={200: None, **ERRORS},
    tags=["report"],
)
def report_pdf(request: HttpRequest, case_id: CaseId) -> HttpResponse:
    """The written report as PDF, for those who may read it."""
    user = actor(request)
    case, _roles = selectors.case_get(
        user=user, case_id=case_id, source=SOURCE, data="report", action="export"
    )
    if not can_read_report(user, case):
        raise NotFound(CASE_NOT_FOUND)
    response = HttpResponse(report_file(case, "pdf", get_language()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tweede-mening-{case.reference}.pdf"'
    return response


@api.get(
    "/cases/{case_id}/report.docx",
    auth=BearerToken("reports:read"),
    response={200: None, **ERRORS},
    tags=["report"],
)
def report_docx(request: HttpRequest, case_id: CaseId) -> HttpResponse:
    """The written report as DOCX (the sample report's format), for those who may read it."""
    user = actor(request)
    case, _roles = selectors.case_get(
        user=user, case_id=case_id, source=SOURCE, data="report", action="export"
    )
    if not can_read_report(user, case):
        raise NotFound(CASE_NOT_FOUND)
    response = HttpResponse(report_file(case, "docx", get_language()), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="tweede-mening-{case.reference}.docx"'
    return response


@api.get(
    "/cases/{case_id}/billing-lines",
    auth=BearerToken("billing:read"),
    response={200: list[s.BillingLineOut], **ERRORS},
    tags=["billing"],
)
def billing_line_list(request: HttpRequest, case_id: CaseId) -> Any:
    """R25: the procedures billed on the case; amounts follow from the practice's tariff."""
    _case, lines = billing_lines_for(user=actor(request), case_id=case_id, source=SOURCE)
    return [billing_line_json(line, get_language()) for line in lines]


@api.post(
    "/cases/{case_id}/billing-lines",
    auth=BearerToken("billing:write"),
    response={201: s.BillingLineOut, **ERRORS},
    tags=["billing"],
)
def billing_line_create(request: HttpRequest, case_id: CaseId, payload: s.BillingLineIn) -> Any:
    """R25: the giver or the coordinator bills a procedure with a code valid on its date."""
    line = billing_add_line(
        actor=actor(request),
        case_id=case_id,
        code=payload.code,
        quantity=payload.quantity,
        date=payload.date,
        source=SOURCE,
    )
    return Reply(201, billing_line_json(line, get_language()))


def _consent_json(consent: Consent) -> dict[str, Any]:
    fields = ("id", "purpose", "method", "given_by_name", "scope", "given_at", "revoked_at")
    return {name: getattr(consent, name) for name in fields}


@api.get(
    "/cases/{case_id}/consents",
    auth=BearerToken("consents:read"),
    response={200: list[s.ConsentOut], **ERRORS},
    tags=["consent"],
)
def consent_list(request: HttpRequest, case_id: CaseId) -> Any:
    """The case's consents, in force and revoked (R18)."""
    case, _roles = selectors.case_get(user=actor(request), case_id=case_id, source=SOURCE, data="consents")
    return [_consent_json(c) for c in case.consents.all()]


@api.post(
    "/cases/{case_id}/consents",
    auth=BearerToken("consents:write"),
    response={201: s.ConsentOut, **ERRORS},
    tags=["consent"],
)
def consent_create(request: HttpRequest, case_id: CaseId, payload: s.ConsentIn) -> Any:
    """Record a purpose-bound consent: the patient in the app, or staff from a signed form."""
    consent = consent_record(
        actor=actor(request),
        case_id=case_id,
        purpose=payload.purpose.value,
        method=payload.method.value,
        given_by_name=payload.given_by_name,
        scope=payload.scope,
        source=SOURCE,
    )
    return Reply(201, _consent_json(consent))


@api.post(
    "/cases/{case_id}/consents/{consent_id}/revoke",
    auth=BearerToken("consents:write"),
    response={200: s.ConsentOut, **ERRORS},
    tags=["consent"],
)
def consent_revoke_endpoint(
    request: HttpRequest, case_id: CaseId, consent_id: Annotated[int, Path(ge=1, le=s.MAX_ID)]
) -> Any:
    """Revoke a consent: it stops what it allowed from now on."""
    consent = consent_revoke(actor=actor(request), case_id=case_id, consent_id=consent_id, source=SOURCE)
    return _consent_json(consent)


@api.get(
    "/cases/{case_id}/conformance",
    auth=BearerToken("cases:read"),
    response={200: list[s.ConformanceRow], **ERRORS},
    tags=["cases"],
)
def conformance_list(request: HttpRequest, case_id: CaseId) -> Any:
    """R28: for every rule of the case's protocol, whether it was followed, with the evidence."""
    case, _roles = selectors.case_get(user=actor(request), case_id=case_id, source=SOURCE, data="conformance")
    return conformance_json(selectors.case_conformance(case))


def _document_json(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "case_id": document.case_id,
        "purpose": document.purpose,
        "kind": document.kind,
        "content_type": document.content_type,
        "size": document.size,
        "sha256": document.sha256,
        "name": document.original_name,
        "metadata": document.metadata,
        "uploaded_by": document.uploader_name,
        "uploaded_via": document.uploaded_via,
        "created_at": document.created_at,
    }


@api.get(
    "/cases/{case_id}/documents",
    auth=BearerToken("documents:read"),
    response={200: list[s.DocumentOut], **ERRORS},
    tags=["documents"],
)
def document_index(request: HttpRequest, case_id: CaseId) -> Any:
    """The case's documents this user may open, newest first."""
    documents = document_list(actor=actor(request), case_id=case_id, source=SOURCE)
    return [_document_json(document) for document in documents]


@api.post(
    "/cases/{case_id}/documents",
    auth=BearerToken("documents:write"),
    response={201: s.DocumentOut, **ERRORS},
    tags=["documents"],
)
def document_create(
    request: HttpRequest, case_id: CaseId, purpose: Form[s.DocumentPurpose], file: FileParam[UploadedFile]
) -> Any:
    """Upload a file (multipart: `file`, `purpose`). Its type is read from its content: JPEG, PNG,
    DICOM, PDF, DOCX, STL or PLY, with an extension that agrees; anything else is refused."""
    document = document_upload(
        actor=actor(request), case_id=case_id, upload=file, purpose=purpose.value, source=SOURCE
    )
    return Reply(201, _document_json(document))


@api.get(
    "/documents/{document_id}/content",
    auth=BearerToken("documents:read"),
    response={200: None, **ERRORS},
    tags=["documents"],
)
def document_content(request: HttpRequest, document_id: Annotated[int, Path(ge=1, le=s.MAX_ID)]) -> Any:
    """The file itself, as an attachment with its detected content type; the download is logged."""
    document, handle = document_open(actor=actor(request), document_id=document_id, source=SOURCE)
    return download_response(document, handle)


def _notice_json(notice: CollegialNotice) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "case_id": notice.case_id,
        "case_reference": notice.case.reference,
        "text": notice.text,
        "author": str(notice.author),
        "created_at": notice.created_at,
    }


@api.post(
    "/cases/{case_id}/collegial-notices",
    auth=BearerToken("notices:write"),
    response={201: s.NoticeOut, **ERRORS},
    tags=["report"],
)
def notice_create(request: HttpRequest, case_id: CaseId, payload: s.NoticeIn) -> Any:
    """R6: the giver tells the treating practitioner directly, outside the report."""
    notice = collegial_notice_send(actor=actor(request), case_id=case_id, text=payload.text, source=SOURCE)
    return Reply(201, _notice_json(notice))


@api.get(
    "/collegial-notices",
    auth=BearerToken("notices:read"),
    response={200: list[s.NoticeOut], **ERRORS},
    tags=["report"],
)
def notice_inbox(request: HttpRequest) -> Any:
    """R6: the collegial notices addressed to this practitioner as the treating one."""
    return [_notice_json(n) for n in collegial_notices_for(user=actor(request), source=SOURCE)]


@api.get(
    "/reports/inbox",
    auth=BearerToken("reports:read"),
    response={200: list[s.SendingOut], **ERRORS},
    tags=["report"],
)
def report_inbox(request: HttpRequest) -> Any:
    """R23: the reports made available to this user and not withdrawn (R18), newest first."""
    return [
        {
            "id": sending.pk,
            "case_id": sending.case_id,
            "case_reference": sending.case.reference,
            "patient": sending.case.patient.name,
            "addendum_id": sending.addendum_id,
            "recipient_kind": sending.recipient_kind,
            "rule_id": sending.rule_id,
            "basis": sending.basis,
            "sent_at": sending.sent_at,
            "content_hash": sending.content_hash,
        }
        for sending in distribution_selectors.report_inbox(user=actor(request), source=SOURCE)
    ]


@api.post(
    "/cases/{case_id}/colleague-consultations",
    auth=BearerToken("records:write"),
    response={201: s.CreatedOut, **ERRORS},
    tags=["examination"],
)
def consultation_create(request: HttpRequest, case_id: CaseId, payload: s.ConsultationIn) -> Any:
    """R19: ask a colleague's advice; needs the patient's consent for it (R18)."""
    consultation = colleague_consult(
        actor=actor(request),
        case_id=case_id,
        colleague_id=payload.colleague_id,
        question=payload.question,
        source=SOURCE,
    )
    return Reply(201, {"id": consultation.pk})


@api.post(
    "/cases/{case_id}/treatment-plans",
    auth=BearerToken("records:write"),
    response={201: s.CreatedOut, **ERRORS},
    tags=["examination"],
)
def plan_create(request: HttpRequest, case_id: CaseId, payload: s.PlanIn) -> Any:
    """R21: draft a treatment plan with the patient when no care goal or plan exists."""
    plan = plan_draft(
        actor=actor(request),
        case_id=case_id,
        description=payload.description,
        cost_estimate_cents=payload.cost_estimate_cents,
        source=SOURCE,
    )
    return Reply(201, {"id": plan.pk})


@api.post(
    "/cases/{case_id}/independence",
    auth=BearerToken("cases:write"),
    response={201: s.IndependenceOut, **ERRORS},
    tags=["cases"],
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


def _access_row_json(row: AccessRow) -> dict[str, Any]:
    event = row.event
    return {
        "at": row.at,
        "organisation": row.organisation,
        "role": event.role,
        "role_label": str(row.role),
        "person": row.person,
        "data": event.data,
        "data_label": str(row.data),
        "action": event.action,
        "action_label": str(row.action),
        "basis": event.basis,
        "basis_label": str(row.basis),
        "emergency": row.emergency,
    }


def _access_log(request: HttpRequest, patient_id: int, period: s.AccessLogQuery) -> dict[str, Any]:
    events = access_events_for_patient(
        user=actor(request), patient_id=patient_id, start=period.start, end=period.end, source=SOURCE
    )
    page = events[period.offset : period.offset + period.limit]
    return {"count": events.count(), "items": [_access_row_json(row) for row in access_rows(page)]}


@api.get(
    "/patients/me/access-log",
    auth=BearerToken("access-log:read"),
    response={200: s.AccessLogPage, **ERRORS},
    tags=["access log"],
)
def access_log_mine(request: HttpRequest, period: Query[s.AccessLogQuery]) -> Any:
    """NEN 7513: who accessed my data, newest first, filterable by period (`from`, `to`)."""
    patient = getattr(actor(request), "patient", None)
    if patient is None:
        raise NotFound(LOG_NOT_FOUND)
    return _access_log(request, patient.pk, period)


@api.get(
    "/patients/{patient_id}/access-log",
    auth=BearerToken("access-log:read"),
    response={200: s.AccessLogPage, **ERRORS},
    tags=["access log"],
)
def access_log_for(
    request: HttpRequest, patient_id: Annotated[int, Path(ge=1, le=s.MAX_ID)], period: Query[s.AccessLogQuery]
) -> Any:
    """The same, for the patient or a representative whose consent is in force (R8)."""
    return _access_log(request, patient_id, period)


@api.get("/protocols", auth=None, response={200: list[s.ProtocolOut]}, tags=["protocols"])
def protocol_list(request: HttpRequest) -> Any:
    """Every rule of every protocol, with its citation and its text in Dutch and English."""
    return [protocol_json(p) for p in PROTOCOLS.values()]
