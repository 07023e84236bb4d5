"""The case's documents on the web: upload (from the case page's panel) and download."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from secondopinion.documents.responses import download_response
from secondopinion.documents.services import document_open, document_upload
from secondopinion.web.document_panel import KEY, DocumentForm
from secondopinion.web.views import SOURCE, AuthenticatedRequest, _act


@require_POST
@login_required
def document_add(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    form = DocumentForm(request.POST, request.FILES)

    def store() -> object:
        data = form.cleaned_data
        return document_upload(
            actor=request.user, case_id=case_id, upload=data["file"], purpose=data["purpose"], source=SOURCE
        )

    return _act(request, case_id, KEY, form, store, _("The document has been added."))


@never_cache
@login_required
def document_download(request: AuthenticatedRequest, document_id: int) -> HttpResponseBase:
    """The file as an attachment with its detected type, for those who may open it; logged."""
    document, handle = document_open(actor=request.user, document_id=document_id, source=SOURCE)
    return download_response(document, handle)
