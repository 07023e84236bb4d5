"""Files brought at intake: what the patient or representative uploads in the request wizard before
the case exists (a treatment plan, a cost estimate, photos, X-rays).

They are the patient's own upload (R17: the patient may fetch his data himself; no consent is needed
for what he brings, unlike a request to his practitioner, R16). Each file is checked like every
document (documents/detect.py: type by content, size, name); a HEIC/HEIF photo from a phone is
converted to JPEG first, so every browser and every giver can view it. The files are kept with the
wizard's draft (owner and patient) and become documents of the case at submission, in the same
transaction (intake_attach). Every upload, view and attachment is logged (NEN 7513).
"""

import io
import uuid
from typing import IO, Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from secondopinion.access.permissions import UPLOAD_ACTIONS, acting_role
from secondopinion.access.policy import acting_for, represents
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import InvalidInput, NotFound
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.documents import detect
from secondopinion.documents.models import Document, IntakeFile
from secondopinion.documents.services import STORAGE, checked_content, document_roles, upload_roles

# ISO base media "ftyp" brands of HEIC/HEIF stills, as phones write them.
HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"heif"})
# At most this many files wait in one draft: a request's plan, estimate, photos and X-rays fit easily.
MAX_FILES = 20
FILE_NOT_FOUND = Text("Dit bestand bestaat niet.", "This file does not exist.")


def is_heif(head: bytes) -> bool:
    return len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS


def heif_to_jpeg(fp: IO[bytes]) -> bytes:
    """The HEIC/HEIF photo as a JPEG (upright, as the phone showed it); a damaged file is refused."""
    import pillow_heif
    from PIL import Image, ImageOps

    pillow_heif.register_heif_opener()
    fp.seek(0)
    try:
        with Image.open(fp) as image:
            upright = ImageOps.exif_transpose(image) or image
            out = io.BytesIO()
            upright.convert("RGB").save(out, "JPEG", quality=90)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise detect.refuse(
            "Deze HEIC-foto kan niet worden gelezen; hij is beschadigd of onvolledig.",
            "This HEIC photo cannot be read; it is damaged or incomplete.",
        ) from exc
    return out.getvalue()


def _as_viewable(upload: File, name: str) -> tuple[File, str, dict[str, str]]:
    """A HEIC/HEIF photo becomes a JPEG named .jpg; anything else stays as it is."""
    upload.seek(0)
    if not is_heif(upload.read(16)):
        return upload, name, {}
    converted = ContentFile(heif_to_jpeg(upload))
    stem, dot, _extension = name.rpartition(".")
    return converted, f"{stem if dot and stem else name}.jpg", {"converted_from": "heic"}


def intake_role(actor: User, patient_id: int) -> Role | None:
    """The actor's role towards the patient whose request this is: the patient or a representative (R8)."""
    if not actor.is_authenticated:
        return None
    patient = getattr(actor, "patient", None)
    if patient is not None and patient.pk == patient_id:
        return Role.PATIENT
    return Role.REPRESENTATIVE if represents(actor, patient_id) else None


# The patient model, reached through the intake file (documents imports no directory module: the
# directory's services already import documents).
Patient = IntakeFile._meta.get_field("patient").related_model


def _patient_for(actor: User, patient_id: int) -> tuple[Any, Role]:
    role = intake_role(actor, patient_id)
    patient = Patient._default_manager.filter(pk=patient_id).first() if role is not None else None
    if patient is None or role is None:
        raise NotFound(Text("Deze patiënt is niet gevonden.", "This patient was not found."))
    return patient, role


def intake_files(*, actor: User, patient_id: int) -> list[IntakeFile]:
    """The files waiting in this user's draft for this patient (read as part of the wizard's page)."""
    if not actor.is_authenticated:
        return []
    return list(IntakeFile.objects.filter(owner=actor, patient_id=patient_id, held_at__isnull=True))


@transaction.atomic
def intake_add(*, actor: User, patient_id: int, upload: File, source: str) -> IntakeFile:
    """Check one file and keep it with the draft; a refused file leaves nothing (InvalidInput names why).
    The same content twice in one draft (the same SHA-256) is refused, naming the copy already there."""
    patient, role = _patient_for(actor, patient_id)
    draft = IntakeFile.objects.filter(owner=actor, patient=patient, held_at__isnull=True)
    if draft.count() >= MAX_FILES:
        raise detect.refuse(
            f"U kunt bij de aanvraag ten hoogste {MAX_FILES} bestanden meesturen.",
            f"You can send at most {MAX_FILES} files with the request.",
        )
    raw_name = str(upload.name or "")
    problem = detect.name_problem(raw_name)
    if problem is not None:
        raise InvalidInput(problem, field=detect.FIELD)
    detect.check_size(upload.size or 0)
    viewable, name, converted = _as_viewable(upload, detect.sanitise_name(raw_name))
    sha256, size, found = checked_content(viewable, name)
    already = draft.filter(sha256=sha256).values_list("original_name", flat=True).first()
    if already is not None:  # a reload or a second choice of the same file: one copy is enough
        raise detect.refuse(
            f"Dit bestand is al toegevoegd{'' if already == name else f' (als {already})'}; "
            "het is niet nog eens toegevoegd.",
            f"This file has already been added{'' if already == name else f' (as {already})'}; "
            "it was not added again.",
        )
    storage = storages[STORAGE]
    viewable.seek(0)
    stored = storage.save(f"intake/{uuid.uuid4().hex}.{found.extension}", viewable)
    try:
        with transaction.atomic():
            intake = IntakeFile.objects.create(
                owner=actor,
                patient=patient,
                kind=found.kind,
                content_type=found.content_type,
                size=size,
                sha256=sha256,
                original_name=name,
                storage_name=stored,
                metadata={**found.metadata, **converted},
            )
            _log(actor, "create", found.kind, patient, role, source)
    except BaseException:
        storage.delete(stored)
        raise
    return intake


def _log(actor: User, action: str, kind: str, patient: Any, role: Role, source: str) -> None:
    """An access-log event for a draft file of `patient` (a representative acts on their behalf)."""
    access_record(
        actor=actor,
        action=action,
        data=f"document:{kind}",
        source=source,
        role=role,
        basis=role,
        patient=patient,
        on_behalf_of=patient.name if role == Role.REPRESENTATIVE else "",
    )


def _own_file(actor: User, file_id: int) -> tuple[IntakeFile, Role]:
    intake = (
        IntakeFile.objects.select_related("patient")
        .filter(pk=file_id, owner_id=actor.pk, held_at__isnull=True)
        .first()
        if actor.is_authenticated
        else None
    )
    role = intake_role(actor, intake.patient_id) if intake is not None else None
    if intake is None or role is None:
        raise NotFound(FILE_NOT_FOUND)
    return intake, role


def intake_open(*, actor: User, file_id: int, source: str) -> tuple[IntakeFile, File]:
    """One of the actor's own draft files, opened to view (the preview); only its uploader sees it."""
    with transaction.atomic():
        intake, role = _own_file(actor, file_id)
        _log(actor, "read", intake.kind, intake.patient, role, source)
    return intake, storages[STORAGE].open(intake.storage_name, "rb")


@transaction.atomic
def intake_remove(*, actor: User, file_id: int, source: str) -> None:
    """Take a file out of the draft before submitting (the uploader's own choice)."""
    intake, role = _own_file(actor, file_id)
    stored = intake.storage_name
    _log(actor, "update", intake.kind, intake.patient, role, source)
    intake.delete()
    transaction.on_commit(lambda: storages[STORAGE].delete(stored))


def intake_hold(*, actor: User, patient_id: int) -> list[int]:
    """The draft's files, held for a request that waits for its practitioner to be linked; their ids."""
    draft = IntakeFile.objects.filter(owner_id=actor.pk, patient_id=patient_id, held_at__isnull=True)
    held = list(draft.values_list("pk", flat=True))
    IntakeFile.objects.filter(pk__in=held).update(held_at=timezone.now())
    return held


def intake_attach(
    *, actor: User, case: SecondOpinionCase, source: str, held: list[int] | None = None
) -> list[Document]:
    """At submission, in the caller's transaction: the draft's files (or the files held for this
    request) become the case's documents ("records the patient brought"), each logged; none stays."""
    files = IntakeFile.objects.filter(owner_id=actor.pk, patient_id=case.patient_id)
    waiting = list(files.filter(pk__in=held) if held is not None else files.filter(held_at__isnull=True))
    if not waiting:
        return []
    purpose = Document.Purpose.PATIENT_BROUGHT
    role = acting_role(UPLOAD_ACTIONS[purpose], upload_roles(actor, case, document_roles(actor, case)))
    if role is None:  # the submitter always may; refuse rather than attach under a wrong role
        raise NotFound(FILE_NOT_FOUND)
    documents = []
    for intake in waiting:
        documents.append(
            Document.objects.create(
                case=case,
                purpose=purpose,
                kind=intake.kind,
                content_type=intake.content_type,
                size=intake.size,
                sha256=intake.sha256,
                original_name=intake.original_name,
                storage_name=intake.storage_name,
                metadata=intake.metadata,
                uploaded_by=actor,
                uploaded_via=Document.Via.LOGIN,
                uploader_name=str(actor)[:200],
            )
        )
        access_record(
            actor=actor,
            action="create",
            data=f"document:{intake.kind}",
            source=source,
            role=role,
            basis=str(role),
            case=case,
            on_behalf_of=acting_for(role, case),
        )
    IntakeFile.objects.filter(pk__in=[intake.pk for intake in waiting]).delete()
    return documents
