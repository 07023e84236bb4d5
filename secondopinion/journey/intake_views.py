"""The wizard's documents step: the treatment plan, cost estimate, photos and X-rays the patient brings,
several at once or straight from a phone's camera, kept with the draft until the request is submitted
(documents/intake.py). A refused file is named with the reason; the others are kept."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from secondopinion.core.errors import InvalidInput, NotFound
from secondopinion.core.text import Text
from secondopinion.documents.intake import intake_add, intake_files, intake_open, intake_remove
from secondopinion.documents.responses import content_disposition
from secondopinion.web.views import AuthenticatedRequest

SOURCE = "web"
# The form's two file inputs: files chosen from the device, and a photo taken with the camera.
INPUTS = ("files", "photo")


@dataclass(frozen=True)
class Refused:
    name: str
    reason: Text


def draft_patient_id(user: Any, answers: dict[str, Any]) -> int | None:
    """The patient whose draft this is: the user, or the patient a representative chose."""
    if answers.get("requester_kind") == "representative":
        represented = answers.get("represented")
        return represented if isinstance(represented, int) else None
    patient = getattr(user, "patient", None)
    return patient.pk if patient is not None else None


def intake_step(
    request: AuthenticatedRequest, answers: dict[str, Any], *, acting_for: str = "", **nav: Any
) -> HttpResponse:
    """Show the draft's files; on POST store each chosen file, then go on, or back to this step by
    a redirect (POST-redirect-GET: a reload or Back never sends the files again). A refused file is
    shown at once, named with its reason; the same file twice is refused (intake_add)."""
    patient_id = draft_patient_id(request.user, answers)
    if patient_id is None:
        return redirect("journey:request-who")
    refused: list[Refused] = []
    added = 0
    if request.method == "POST":
        for upload in [file for key in INPUTS for file in request.FILES.getlist(key)]:
            try:
                intake_add(actor=request.user, patient_id=patient_id, upload=upload, source=SOURCE)
            except NotFound as exc:
                raise Http404 from exc
            except InvalidInput as exc:
                refused.append(Refused(str(upload.name or ""), exc.detail))
            else:
                added += 1
        if not refused:
            if "next" in request.POST:
                return redirect("journey:request-summary")
            if added:
                messages.success(
                    request,
                    ngettext("%(counter)s file added.", "%(counter)s files added.", added)
                    % {"counter": added},
                )
            return redirect("journey:request-documents")
    context = {
        **nav,
        "acting_for": acting_for,
        "files": intake_files(actor=request.user, patient_id=patient_id),
        "refused": refused,
        "added": added,
        "limit": settings.TM_MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return render(request, "journey/step_documents.html", context, status=422 if refused else 200)


@never_cache
def intake_preview(request: AuthenticatedRequest, file_id: int) -> FileResponse:
    """A photo or X-ray of the draft, shown inline to its uploader only (a stranger: 404)."""
    try:
        intake, handle = intake_open(actor=request.user, file_id=file_id, source=SOURCE)
    except NotFound as exc:
        raise Http404 from exc
    if not intake.is_image:
        handle.close()
        raise Http404
    response = FileResponse(handle, content_type=intake.content_type)
    response["Content-Disposition"] = content_disposition(intake.original_name).replace(
        "attachment", "inline", 1
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def intake_delete(request: AuthenticatedRequest, file_id: int) -> HttpResponse:
    """Take one file out of the draft (its uploader only)."""
    try:
        intake_remove(actor=request.user, file_id=file_id, source=SOURCE)
    except NotFound as exc:
        raise Http404 from exc
    return redirect("journey:request-documents")
