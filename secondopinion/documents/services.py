"""Storing and opening documents: the only doors to a case's files.

Who may upload what (by purpose):
- a record from the treating practitioner (R16): the treating practitioner himself, only while the
  patient's consent to request records is in force in the ledger (R18), and the giver and the
  coordinator, who receive records by other ways;
- a signed consent form (R18): the patient, the representative (R8), and the giver and the
  coordinator, who record a signed form in the ledger;
- the giver's own examination (R17, R20): the giver and the coordinator;
- records the patient brought (R17): the patient, the representative, the giver and the coordinator.

Who may open them: the patient and the representative (it is the patient's file), the giver and
the coordinator, and the complaints officer, who judges a complaint on what the giver had before
him (R28); the treating practitioner opens only what he supplied himself (the rest reaches him,
if at all, through the report, R23). Anyone else related to the case sees no documents (403);
a stranger learns nothing (404).
"""

import hashlib
import uuid

from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction

from secondopinion.access.doors import locked_case
from secondopinion.access.permissions import (
    UPLOAD_ACTIONS,
    Action,
    acting_role,
    permitted,
    primary_role,
    refusal,
)
from secondopinion.access.policy import acting_for, roles_for
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.snapshot import consents_read_with
from secondopinion.consent.models import Consent
from secondopinion.core.errors import CASE_NOT_FOUND, InvalidInput, NotFound, NotPermitted
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.documents import detect
from secondopinion.documents.models import Document

STORAGE = "documents"
CHUNK = 64 * 1024
P = Document.Purpose
DOCUMENT_NOT_FOUND = Text(
    "Dit document bestaat niet of u heeft er geen toegang toe.",
    "This document does not exist or you have no access to it.",
)


def records_consent_in_force(case: SecondOpinionCase) -> bool:
    """R16/R18: the patient's consent to request records from the treating practitioner, now."""
    in_force = consents_read_with(case)
    if in_force is not None:  # the case was read with its consents in force (cases.selectors.case_get)
        return Consent.Purpose.REQUEST_RECORDS in in_force
    return Consent.objects.filter(
        case_id=case.pk, purpose=Consent.Purpose.REQUEST_RECORDS, revoked_at__isnull=True
    ).exists()


def supplies_records(user: User, case: SecondOpinionCase) -> bool:
    """The user is the case's treating practitioner and the consent to request records is in force."""
    practitioner = getattr(user, "practitioner", None)
    return (
        user.is_authenticated
        and user.is_active
        and practitioner is not None
        and case.treating_practitioner_id == practitioner.pk
        and records_consent_in_force(case)
    )


def document_roles(user: User, case: SecondOpinionCase) -> frozenset[Role]:
    """The user's roles towards the case's documents: roles_for, and the treating practitioner
    as the supplier of records while the patient's consent to request them is in force."""
    roles = roles_for(user, case)
    return roles | {Role.TREATING} if supplies_records(user, case) else roles


def upload_roles(user: User, case: SecondOpinionCase, roles: frozenset[Role]) -> frozenset[Role]:
    """The roles that count for an upload: the treating practitioner supplies only under consent."""
    return roles if supplies_records(user, case) else roles - {Role.TREATING}


def may_open(user: User, roles: frozenset[Role], document: Document) -> bool:
    if permitted(Action.READ_DOCUMENTS, roles):
        return True
    return permitted(Action.READ_OWN_SUPPLIED_DOCUMENTS, roles) and document.uploaded_by_id == user.pk


def may_upload(roles: frozenset[Role]) -> list[str]:
    """The purposes these roles may upload, in the order of Document.Purpose."""
    return [purpose for purpose in P.values if permitted(UPLOAD_ACTIONS[purpose], roles)]


def _basis(role: Role) -> str:
    return "consent:request_records" if role == Role.TREATING else str(role)


def _hash_and_size(upload: File) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if size > detect.size_limit():
            detect.check_size(size)
    return digest.hexdigest(), size


def checked_content(upload: File, name: str) -> tuple[str, int, detect.Detected]:
    """(SHA-256, size, what it is) of an upload whose name is already checked: read once, within
    the size limits, of a kind the product takes, named with a fitting extension; else InvalidInput."""
    sha256, size = _hash_and_size(upload)
    detect.check_size(size)
    found = detect.detect(upload, size)
    detect.check_size(size, found.kind)
    detect.check_extension(name, found)
    return sha256, size, found


@transaction.atomic
def document_store(
    *,
    case: SecondOpinionCase,
    upload: File,
    purpose: str,
    source: str,
    actor: User | None,
    role: str,
    basis: str,
    uploader_name: str = "",
    via: str = "login",
    on_behalf_of: str = "",
    once: bool = False,
) -> Document:
    """Check the file's content and size, store it under a name of our own, and log it; no access
    check (the caller decides). A refused file leaves nothing: no row, no file, no event.

    The file is written before the row; if the row or its event fails, the file is deleted here.
    A caller whose own transaction rolls back later leaves a file no row names, which nothing
    serves: every read goes through a row. With `once`, the same file (name and content) that this
    actor already added for this purpose is not stored again: that document is the answer."""
    if purpose not in P.values:
        raise InvalidInput(
            Text("Kies waarvoor dit document dient.", "Choose what this document is for."), field="purpose"
        )
    if via not in Document.Via.values:
        raise InvalidInput(Text("Onbekende manier van aanleveren.", "Unknown way of supplying."), field="via")
    raw_name = str(upload.name or "")
    problem = detect.name_problem(raw_name)
    if problem is not None:
        raise InvalidInput(problem, field=detect.FIELD)
    name = detect.sanitise_name(raw_name)
    declared = upload.size or 0
    detect.check_size(declared)
    sha256, size, found = checked_content(upload, name)
    if once and actor is not None:
        # The same file sent again by the same person for the same purpose (a double click, a client
        # retrying an upload whose answer it lost) is the document already there, stored once. The
        # caller has locked the case (document_upload), so two such sends at once cannot both pass.
        same = Document.objects.filter(
            case=case, purpose=purpose, sha256=sha256, original_name=name, uploaded_by=actor, uploaded_via=via
        )
        if (earlier := same.order_by("pk").first()) is not None:
            return earlier

    storage = storages[STORAGE]
    upload.seek(0)
    stored = storage.save(f"documents/{case.pk}/{uuid.uuid4().hex}.{found.extension}", upload)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                case=case,
                purpose=purpose,
                kind=found.kind,
                content_type=found.content_type,
                size=size,
                sha256=sha256,
                original_name=name,
                storage_name=stored,
                metadata=found.metadata,
                uploaded_by=actor,
                uploaded_via=via,
                uploader_name=(uploader_name or (str(actor) if actor is not None else ""))[:200],
            )
            access_record(
                actor=actor,
                action="create",
                data=f"document:{found.kind}",
                source=source,
                role=role,
                basis=basis,
                case=case,
                on_behalf_of=on_behalf_of,
                actor_name=uploader_name,  # who, where no account uploads (an upload link)
            )
    except BaseException:
        # The row never came to be: the file must not outlive it.
        storage.delete(stored)
        raise
    return document


@transaction.atomic
def document_upload(*, actor: User, case_id: int, upload: File, purpose: str, source: str) -> Document:
    """A logged-in user adds a document to a case, for a purpose their role may supply. The same file
    sent again for the same purpose (a double click, a retried upload) adds nothing: the answer is the
    document it added the first time."""
    case = locked_case(case_id)
    roles = document_roles(actor, case)
    if not roles:
        raise NotFound(CASE_NOT_FOUND)
    if purpose not in P.values:
        raise InvalidInput(
            Text("Kies waarvoor dit document dient.", "Choose what this document is for."), field="purpose"
        )
    role = acting_role(UPLOAD_ACTIONS[purpose], upload_roles(actor, case, roles))
    if role is None:
        raise NotPermitted(refusal(UPLOAD_ACTIONS[purpose]), field="purpose")
    return document_store(
        case=case,
        upload=upload,
        purpose=purpose,
        source=source,
        actor=actor,
        role=role,
        basis=_basis(role),
        via=Document.Via.LOGIN,
        on_behalf_of=acting_for(role, case),
        once=True,
    )


def document_open(*, actor: User, document_id: int, source: str) -> tuple[Document, File]:
    """The document and its opened file, for one who may open it; the download is logged (export)."""
    with transaction.atomic():
        document = Document.objects.select_related("case__patient").filter(pk=document_id).first()
        if document is None:
            raise NotFound(DOCUMENT_NOT_FOUND)
        case = document.case
        roles = document_roles(actor, case)
        if not roles:
            raise NotFound(DOCUMENT_NOT_FOUND)
        if not may_open(actor, roles, document):
            raise NotPermitted(refusal(Action.READ_DOCUMENTS))
        role = acting_role(Action.READ_DOCUMENTS, roles) or acting_role(
            Action.READ_OWN_SUPPLIED_DOCUMENTS, roles
        )
        assert role is not None  # may_open holds, so one of these roles does
        access_record(
            actor=actor,
            action="export",
            data=f"document:{document.kind}",
            source=source,
            role=role,
            basis=_basis(role),
            case=case,
            on_behalf_of=acting_for(role, case),
        )
    return document, storages[STORAGE].open(document.storage_name, "rb")


def documents_visible(user: User, case: SecondOpinionCase, roles: frozenset[Role]) -> list[Document]:
    """The case's documents this user may open; read as part of a page or list the caller logs."""
    documents = list(case.documents.select_related("uploaded_by").order_by("-created_at", "-id"))
    return [document for document in documents if may_open(user, roles, document)]


def document_list(*, actor: User, case_id: int, source: str) -> list[Document]:
    """The documents of one case this user may open, logged as one read."""
    case = SecondOpinionCase.objects.select_related("patient").filter(pk=case_id).first()
    roles = document_roles(actor, case) if case is not None else frozenset()
    if case is None or not roles:
        raise NotFound(CASE_NOT_FOUND)
    role = primary_role(roles)
    assert role is not None
    with transaction.atomic():
        access_record(
            actor=actor,
            action="read",
            data="documents",
            source=source,
            role=role,
            basis=_basis(role),
            case=case,
            on_behalf_of=acting_for(role, case),
        )
    return documents_visible(actor, case, roles)
