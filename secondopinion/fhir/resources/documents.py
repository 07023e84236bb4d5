"""DocumentReference for the final report (its PDF and DOCX as attachments, the seal's hash as an
identifier) and for the documents uploaded to a case, and Binary for their content. Reading the
content goes through the reports' and documents' own doors, which check and log the export."""

import base64

from django.db.models import Prefetch
from django.utils.translation import get_language
from fhir.resources.R4B.binary import Binary
from fhir.resources.R4B.documentreference import DocumentReference

from secondopinion.access.policy import can_read_report, roles_for
from secondopinion.accounts.models import User
from secondopinion.cases import selectors
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.snapshot import with_rule_facts
from secondopinion.core.errors import NotFound
from secondopinion.distribution.services import report_download
from secondopinion.documents.models import Document
from secondopinion.documents.services import document_list, document_open, document_roles, may_open
from secondopinion.fhir.kinds import Kind, int_id, not_found
from secondopinion.fhir.resources.common import OURS, SOURCE, instant, log_search, ref, visible_cases
from secondopinion.fhir.search import Page, Query, reference_id
from secondopinion.reports.models import Report

SEAL = f"{OURS}/NamingSystem/report-seal"
LOINC = "http://loinc.org"
REPORT_TYPE = {"coding": [{"system": LOINC, "code": "11488-4", "display": "Consult note"}]}
FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
PURPOSE_SYSTEM = f"{OURS}/CodeSystem/document-purpose"


def report_reference(case: SecondOpinionCase) -> DocumentReference:
    report = case.report
    finaliser = getattr(report.finalised_by, "practitioner", None) if report.finalised_by_id else None
    author = ref("Practitioner", finaliser.pk if finaliser else case.giver_id)
    return DocumentReference.model_validate(
        {
            "id": f"report-{case.pk}",
            "masterIdentifier": {"system": SEAL, "value": report.content_hash},
            "identifier": [{"system": SEAL, "value": report.content_hash}],
            "status": "current",
            "docStatus": "final",
            "type": REPORT_TYPE,
            "category": [{"text": "second opinion report"}],
            "subject": ref("Patient", case.patient_id),
            "date": instant(report.finalised_at),
            "author": [author] if author else None,
            "authenticator": author,
            "custodian": ref("Organization", case.organisation_id),
            "content": [
                {
                    "attachment": {
                        "contentType": media,
                        "url": f"Binary/report-{case.pk}-{kind}",
                        "title": f"tweede-mening-{case.reference.lower()}.{kind}",
                        "creation": instant(report.finalised_at),
                    }
                }
                for kind, media in FORMATS.items()
            ],
            "context": {"related": [ref("ServiceRequest", case.pk)]},
        }
    )


def document_reference(document: Document) -> DocumentReference:
    return DocumentReference.model_validate(
        {
            "id": f"document-{document.pk}",
            "status": "current",
            "type": {
                "coding": [{"system": PURPOSE_SYSTEM, "code": document.purpose}],
                "text": document.get_purpose_display(),
            },
            "subject": ref("Patient", document.case.patient_id),
            "date": instant(document.created_at),
            "description": document.uploader_name or None,
            "content": [
                {
                    "attachment": {
                        "contentType": document.content_type,
                        "url": f"Binary/document-{document.pk}",
                        "title": document.original_name,
                        "size": document.size,
                        "creation": instant(document.created_at),
                    }
                }
            ],
            "identifier": [{"system": "urn:ietf:rfc:3986", "value": f"urn:sha256:{document.sha256}"}],
            "context": {"related": [ref("ServiceRequest", document.case_id)]},
        }
    )


def final_report_case(user: User, case_id: int) -> SecondOpinionCase:
    """The case whose final report this user may read, its read logged (as the API's case read with
    the report); anyone else, or a report not final: 404."""
    case, roles = selectors.case_get(user=user, case_id=case_id, source=SOURCE, data="report")
    report = getattr(case, "report", None)
    if report is None or report.state != "final" or not can_read_report(user, case, roles):
        raise not_found()
    return case


def _document(user: User, document_id: int) -> Document:
    """The document, read through the documents' own list of the case (logged as the API logs it)."""
    case_id = Document.objects.filter(pk=document_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise not_found()
    try:
        visible = document_list(actor=user, case_id=case_id, source=SOURCE)
    except NotFound as error:
        raise not_found() from error
    document = next((d for d in visible if d.pk == document_id), None)
    if document is None:
        raise not_found()
    return document


def _split(raw_id: str) -> tuple[str, str]:
    kind, _, rest = raw_id.partition("-")
    if kind not in ("report", "document") or not rest:
        raise not_found()
    return kind, rest


def document_reference_read(user: User, raw_id: str) -> DocumentReference:
    kind, rest = _split(raw_id)
    if kind == "report":
        return report_reference(final_report_case(user, int_id(rest)))
    return document_reference(_document(user, int_id(rest)))


def document_reference_search(user: User, query: Query) -> Page:
    """DocumentReference?patient=: the final reports this user may read and the documents he may open,
    of the patient's cases he holds a role in; newest first; one search event."""
    patient = query.required("patient", "subject")
    cases = with_rule_facts(visible_cases(user)).select_related(
        "patient", "report__finalised_by__practitioner", "agreements"
    )
    cases = cases.filter(patient_id=reference_id(patient, "Patient", "patient"))
    documents = Document.objects.select_related("uploaded_by").order_by("-created_at", "-id")
    found = []
    for case in cases.prefetch_related(Prefetch("documents", queryset=documents)).order_by(
        "-created_at", "-id"
    ):
        roles = roles_for(user, case)
        report = getattr(case, "report", None)
        if report is not None and report.state == "final" and can_read_report(user, case, roles):
            found.append((report_reference(case), case.patient))
        doc_roles = document_roles(user, case)
        for document in case.documents.all():
            if may_open(user, doc_roles, document):
                document._state.fields_cache["case"] = case
                found.append((document_reference(document), case.patient))
    page = found[query.offset : query.offset + query.count]
    if page:
        log_search(user=user, cases=cases, data="documents", patients=[patient for _r, patient in page])
    return Page([resource for resource, _patient in page], len(found))


def binary_read(user: User, raw_id: str) -> Binary:
    """The content itself: a rendering of the final report (report-<case>-pdf, -docx) or an uploaded
    document (document-<id>), each through its own door, which logs the export."""
    kind, rest = _split(raw_id)
    if kind == "report":
        case_part, _, media = rest.rpartition("-")
        case_id = int_id(case_part)
        if media not in FORMATS or not Report.objects.filter(case_id=case_id, state="final").exists():
            raise not_found()  # only the final report is a DocumentReference; a draft is nobody's here
        export = report_download(
            user=user, case_id=case_id, kind=media, language=get_language() or "nl", source=SOURCE
        )
        return Binary.model_validate(
            {"id": raw_id, "contentType": export.content_type, "data": _b64(export.content)}
        )
    document, handle = document_open(actor=user, document_id=int_id(rest), source=SOURCE)
    with handle:
        return Binary.model_validate(
            {"id": raw_id, "contentType": document.content_type, "data": _b64(handle.read())}
        )


def _b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


KINDS = (
    Kind(
        "DocumentReference",
        "documents:read",
        document_reference_read,
        document_reference_search,
        {"patient": ("reference", "Patient"), "subject": ("reference", "Patient")},
        documentation="report-<case>: the final report (PDF and DOCX, the seal's hash); document-<id>: an upload",
    ),
    Kind(
        "Binary",
        "documents:read",
        binary_read,
        None,
        documentation="read only; Accept: application/pdf (or the document's type) for the bytes themselves",
    ),
)
