"""The patient's letters page (make a letter, see the ones made) and the downloads. A stranger, and
staff of any organisation, get 404; a related role that may not make letters gets the refusal (403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from secondopinion.accounts.models import User
from secondopinion.core.downloads import attachment
from secondopinion.core.errors import DomainError, NotFound, NotPermitted
from secondopinion.letters.forms import LetterForm
from secondopinion.letters.selectors import letter_export, letters_page_case
from secondopinion.letters.services import CASE_ENDED, letter_create, record_parts
from secondopinion.protocols.lifecycle import FINAL_STATES

SOURCE = "web"


@never_cache
@login_required
def letters_page(request, case_id: int) -> HttpResponse:
    """GET: the form and the letters made; POST: make one, then back here to download it."""
    user: User = request.user
    try:
        page = letters_page_case(user=user, case_id=case_id, source=SOURCE)
    except NotFound as exc:
        raise Http404 from exc
    except NotPermitted as exc:
        return render(request, "403.html", {"detail": exc.detail}, status=403)
    parts = record_parts(page.case)
    form = LetterForm(request.POST if request.method == "POST" else None, parts=parts)
    status = 200
    error = None
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                letter_create(
                    actor=user,
                    case_id=case_id,
                    kind=data["kind"],
                    language=get_language() or "nl",
                    parts=data["parts"] if data["kind"] == "records" else (),
                    own_sentence=data["own_sentence"],
                    source=SOURCE,
                )
            except NotFound as exc:
                raise Http404 from exc
            except DomainError as exc:
                status, error = exc.status, exc
                if exc.field in form.fields:
                    form.add_error(exc.field, str(exc.detail))
                    error = None
            else:
                messages.success(request, _("Your letter is ready. Download it below to print or send it."))
                return redirect("letters:letters", case_id=case_id)
    ended = CASE_ENDED if page.case.status in FINAL_STATES else None
    context = {"case": page.case, "letters": page.letters, "form": form, "error": error, "ended": ended}
    return render(request, "letters/letters.html", context, status=status)


@never_cache
@login_required
def letter_download(request, letter_id: int, kind: str) -> HttpResponse:
    try:
        export = letter_export(user=request.user, letter_id=letter_id, kind=kind, source=SOURCE)
    except NotFound as exc:
        raise Http404 from exc
    return attachment(export)
