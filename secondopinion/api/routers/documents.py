"""A case's documents: list, upload (multipart), download."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File as FileParam
from ninja import Form, Path, Router, UploadedFile
from ninja import Status as Reply

from secondopinion.api import schemas as s
from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.common import ERRORS, SOURCE, CaseId
from secondopinion.documents.models import Document
from secondopinion.documents.responses import download_response
from secondopinion.documents.services import document_list, document_open, document_upload

router = Router()


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


@router.get(
    "/cases/{case_id}/documents",
    auth=BearerToken("documents:read"),
    response={200: list[s.DocumentOut], **ERRORS},
    tags=["documents"],
    operation_id="secondopinion_api_urls_document_index",
)
def document_index(request: HttpRequest, case_id: CaseId) -> Any:
    """The case's documents this user may open, newest first."""
    documents = document_list(actor=actor(request), case_id=case_id, source=SOURCE)
    return [_document_json(document) for document in documents]


@router.post(
    "/cases/{case_id}/documents",
    auth=BearerToken("documents:write"),
    response={201: s.DocumentOut, **ERRORS},
    tags=["documents"],
    operation_id="secondopinion_api_urls_document_create",
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


@router.get(
    "/documents/{document_id}/content",
    auth=BearerToken("documents:read"),
    response={200: None, **ERRORS},
    tags=["documents"],
    operation_id="secondopinion_api_urls_document_content",
)
def document_content(request: HttpRequest, document_id: Annotated[int, Path(ge=1, le=s.MAX_ID)]) -> Any:
    """The file itself, as an attachment with its detected content type; the download is logged."""
    document, handle = document_open(actor=actor(request), document_id=document_id, source=SOURCE)
    return download_response(document, handle)
