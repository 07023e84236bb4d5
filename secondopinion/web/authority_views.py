"""R8 and the WGBO: the coordinator's page to record (or withdraw) the check of a parent's authority or
a guardianship, reached from the page where a consent signed on paper is recorded; and the
representative's own page, "Voor wie ik handel", saying for each person why he may act, or what is
needed now. Who may is decided in access/representation.py (through directory/authority.py)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from secondopinion.access import representation as rule
from secondopinion.core.errors import DomainError, NotFound, NotPermitted
from secondopinion.directory.authority import (
    authority_page,
    authority_revoke,
    authority_verify,
    representations_of_representative,
)
from secondopinion.directory.models import Representative
from secondopinion.web.representation_forms import AuthorityForm, AuthorityRevokeForm
from secondopinion.web.representation_words import AGE_FOR_STAFF, for_representative
from secondopinion.web.views import SOURCE, AuthenticatedRequest


def _form(row: Representative, data: Any = None) -> AuthorityForm:
    return AuthorityForm(data, name=str(row.user), patient=row.patient.name)


def _page(
    request: AuthenticatedRequest,
    row: Representative,
    form: AuthorityForm | None = None,
    revoke: AuthorityRevokeForm | None = None,
    error: DomainError | None = None,
) -> HttpResponse:
    facts = rule.describe(row)
    context = {
        "row": row,
        "facts": facts,
        "age": AGE_FOR_STAFF.get(rule.age_band(row.patient.date_of_birth)),
        "parental": row.relation in rule.PARENTAL,
        "evidence": row.get_authority_evidence_display() if row.authority_evidence else "",
        "form": form or _form(row),
        "revoke": revoke or AuthorityRevokeForm(),
        "error": error,
    }
    failed = error is not None or bool((form and form.errors) or (revoke and revoke.errors))
    return render(request, "web/representation_authority.html", context, status=422 if failed else 200)


@never_cache
@login_required
def representation_authority(request: AuthenticatedRequest, representative_id: int) -> HttpResponse:
    """GET: the representation and its check; POST: the coordinator records the check."""
    row, _role = authority_page(actor=request.user, representative_id=representative_id, source=SOURCE)
    if request.method != "POST":
        return _page(request, row)
    form = _form(row, request.POST)
    if not form.is_valid():
        return _page(request, row, form=form)
    try:
        authority_verify(
            actor=request.user,
            representative_id=row.pk,
            evidence=form.cleaned_data["evidence"],
            note=form.cleaned_data["note"],
            confirmed=form.cleaned_data["confirmed"],
            source=SOURCE,
        )
    except (NotFound, NotPermitted):
        raise  # the 404 and 403 pages (web/errors.py)
    except DomainError as exc:
        if exc.field in form.fields:
            form.add_error(exc.field, str(exc.detail))
            return _page(request, row, form=form)
        return _page(request, row, form=form, error=exc)
    messages.success(
        request,
        _("The check of the authority of %(name)s has been recorded.") % {"name": row.user},
    )
    return redirect("web:representation-authority", representative_id=row.pk)


@require_POST
@login_required
def representation_authority_revoke(request: AuthenticatedRequest, representative_id: int) -> HttpResponse:
    """The coordinator withdraws the check, after ticking the confirmation."""
    row, _role = authority_page(actor=request.user, representative_id=representative_id, source=SOURCE)
    revoke = AuthorityRevokeForm(request.POST)
    if not revoke.is_valid():
        return _page(request, row, revoke=revoke)
    try:
        authority_revoke(actor=request.user, representative_id=row.pk, source=SOURCE)
    except (NotFound, NotPermitted):
        raise
    except DomainError as exc:
        return _page(request, row, revoke=revoke, error=exc)
    messages.success(
        request, _("The check of the authority of %(name)s has been withdrawn.") % {"name": row.user}
    )
    return redirect("web:representation-authority", representative_id=row.pk)


@never_cache
@login_required
def my_representations(request: AuthenticatedRequest) -> HttpResponse:
    """The representative's page: for whom he is registered, and in plain words why he may act."""
    rows = representations_of_representative(user=request.user, source=SOURCE)
    people = [{"row": row, "why": for_representative(row)} for row in rows]
    return render(request, "web/my_representations.html", {"people": people})
