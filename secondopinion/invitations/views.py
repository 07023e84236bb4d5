"""The invitation pages: the coordinator's team page (invite, revoke, deactivate, reactivate), the
patient's page to invite a representative, and the link's page where the invitee accepts.

A DomainError these views let through becomes the 404, 403 or error page (web/errors.py); a refusal
of what was typed re-renders the form with the error on its field."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from secondopinion.access.policy import coordinator_organisations
from secondopinion.audit.models import SecurityEvent
from secondopinion.audit.security import security_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import case_list
from secondopinion.core.errors import DomainError, NotFound, NotPermitted
from secondopinion.core.ids import id_from
from secondopinion.directory.models import Organisation
from secondopinion.invitations.accepting import invitation_by_token, staff_invitation_accept
from secondopinion.invitations.forms import AcceptForm, RepresentativeInviteForm, StaffInviteForm
from secondopinion.invitations.models import StaffInvitation
from secondopinion.invitations.representation import (
    patient_of,
    representative_invitation_accept,
    representative_invitation_revoke,
    representative_invite,
)
from secondopinion.invitations.selectors import (
    representative_invitations_of_patient,
    staff_invitations_of_organisation,
    staff_of_organisation,
)
from secondopinion.invitations.services import (
    INVALID_LINK,
    NO_SUCH_ORGANISATION,
    staff_deactivate,
    staff_invitation_revoke,
    staff_invite,
    staff_reactivate,
)

SOURCE = "web"
# Logging in without django-axes' request-bound backend: the password was just set by this person.
BACKEND = "secondopinion.access.backends.IdentityBackend"


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _form_error(form: Any, exc: DomainError) -> bool:
    """Put a refusal on its field when the form has it; False when it belongs above the form."""
    if exc.field and exc.field in form.fields:
        form.add_error(exc.field, str(exc.detail))
        return True
    return False


# -- the coordinator's team page --------------------------------------------------------------------


def _organisation(request: HttpRequest) -> Organisation:
    """The organisation the page is about: the one asked for (?organisation=), else the coordinator's first."""
    organisations = sorted(coordinator_organisations(request.user)) if request.user.is_active else []
    asked = request.GET.get("organisation") or request.POST.get("organisation_id")
    if asked:
        asked_id = id_from(asked)
        if asked_id is None or asked_id not in organisations:
            raise NotFound(NO_SUCH_ORGANISATION)
        return Organisation.objects.get(pk=asked_id)
    if not organisations:
        raise NotFound(NO_SUCH_ORGANISATION)
    return Organisation.objects.get(pk=organisations[0])


def _team_page(
    request: HttpRequest,
    form: StaffInviteForm | None = None,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    organisation = _organisation(request)
    user: Any = request.user
    choices = list(
        Organisation.objects.filter(pk__in=coordinator_organisations(user)).values_list("pk", "name")
    )
    _org, colleagues = staff_of_organisation(actor=user, organisation_id=organisation.pk)
    _org, invitations = staff_invitations_of_organisation(actor=user, organisation_id=organisation.pk)
    context = {
        "organisation": organisation,
        "organisations": choices,
        "colleagues": colleagues,
        "invitations": invitations,
        "form": form or StaffInviteForm(organisations=choices, initial={"organisation_id": organisation.pk}),
        "error": error,
        "link": getattr(request, "_invitation_link", ""),
    }
    return render(request, "invitations/staff.html", context, status=status)


@never_cache
@login_required
def staff(request: HttpRequest) -> HttpResponse:
    """The coordinator's team: who works here, the invitations, and a form to invite a colleague."""
    if request.method != "POST":
        return _team_page(request)
    organisation = _organisation(request)
    user: Any = request.user
    choices = list(
        Organisation.objects.filter(pk__in=coordinator_organisations(user)).values_list("pk", "name")
    )
    form = StaffInviteForm(request.POST, organisations=choices)
    if not form.is_valid():
        return _team_page(request, form=form, status=422)
    data = form.cleaned_data
    try:
        created = staff_invite(
            actor=user,
            organisation_id=data.get("organisation_id") or organisation.pk,
            email=data["email"],
            name=data["name"],
            function=data["function"],
            discipline=data["discipline"],
            specialism=data["specialism"],
            agb_code=data["agb_code"],
            big_number=data["big_number"],
            language=_language(),
        )
    except (NotFound, NotPermitted):
        raise
    except DomainError as exc:
        shown = _form_error(form, exc)
        return _team_page(request, form=form, error=None if shown else exc, status=exc.status)
    messages.success(
        request,
        _("An invitation was sent to %(email)s. The link works once and expires after %(days)s days.")
        % {
            "email": created.invitation.email,
            "days": (created.invitation.expires_at - created.invitation.created_at).days,
        },
    )
    return redirect(f"{reverse('web:staff')}?{urlencode({'organisation': organisation.pk})}")


@require_POST
@login_required
def staff_invitation_revoke_view(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = staff_invitation_revoke(actor=request.user, invitation_id=invitation_id)  # type: ignore[arg-type]
    messages.success(request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email})
    return redirect(f"{reverse('web:staff')}?{urlencode({'organisation': invitation.organisation_id})}")


def _set_active(request: HttpRequest, user_id: int, active: bool) -> HttpResponse:
    service = staff_reactivate if active else staff_deactivate
    colleague = service(actor=request.user, user_id=user_id)  # type: ignore[arg-type]
    text = _("%(name)s can log in again.") if active else _("%(name)s can no longer log in.")
    messages.success(request, text % {"name": colleague})
    return redirect(reverse("web:staff") + (f"?{request.GET.urlencode()}" if request.GET else ""))


@require_POST
@login_required
def staff_deactivate_view(request: HttpRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, False)


@require_POST
@login_required
def staff_reactivate_view(request: HttpRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, True)


# -- the patient's invitations ----------------------------------------------------------------------


QUESTION_SHOWN = 80  # characters of the care question beside the reference, as on the home page's cards


def _case_choices(request: HttpRequest) -> list[tuple[int, str]]:
    """The patient's own requests, each by reference and the start of its question, so that a patient
    can tell them apart (a reference alone means nothing to them). The question is patient data: it
    is read through the case list's door, which logs the read."""
    patient = patient_of(request.user)  # type: ignore[arg-type]
    cases = (
        case_list(user=request.user, source=SOURCE)  # type: ignore[arg-type]
        .filter(patient=patient)
        .order_by("-created_at", "-pk")
        .select_related(None)
        .only("pk", "created_at", "care_question")
    )
    return [(case.pk, _case_choice_label(case)) for case in cases]


def _case_choice_label(case: SecondOpinionCase) -> str:
    question = " ".join(case.care_question.split())
    return f"{case.reference} · {Truncator(question).chars(QUESTION_SHOWN)}" if question else case.reference


@never_cache
@login_required
def representative_invitations(request: HttpRequest) -> HttpResponse:
    """The patient invites someone to act for them, and sees (and ends) the invitations sent."""
    cases = _case_choices(request)
    form = RepresentativeInviteForm(request.POST or None, cases=cases)
    error, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = representative_invite(
                    actor=request.user,  # type: ignore[arg-type]
                    email=data["email"],
                    name=data["name"],
                    relation=data["relation"],
                    case_id=data["case_id"],
                    source=SOURCE,
                    language=_language(),
                )
            except (NotFound, NotPermitted):
                raise
            except DomainError as exc:
                error = None if _form_error(form, exc) else exc
                status = exc.status
            else:
                messages.success(
                    request,
                    _("%(name)s has been invited by e-mail. They can act for you once they accept.")
                    % {"name": created.invitation.name},
                )
                return redirect("web:representative-invitations")
        else:
            status = 422
    rows = representative_invitations_of_patient(actor=request.user, source=SOURCE)  # type: ignore[arg-type]
    context = {"form": form, "error": error, "invitations": rows}
    return render(request, "invitations/representative_invitations.html", context, status=status)


@require_POST
@login_required
def representative_invitation_revoke_view(
    request: HttpRequest, representative_invitation_id: int
) -> HttpResponse:
    try:
        invitation = representative_invitation_revoke(
            actor=request.user,  # type: ignore[arg-type]
            invitation_id=representative_invitation_id,
            source=SOURCE,
        )
    except (NotFound, NotPermitted):
        raise
    except DomainError as exc:
        messages.error(request, str(exc.detail))
        return redirect("web:representative-invitations")
    if invitation.revoked_at is not None:
        messages.success(request, _("The invitation to %(name)s was withdrawn.") % {"name": invitation.name})
    else:
        messages.success(request, _("%(name)s can no longer act for you.") % {"name": invitation.name})
    return redirect("web:representative-invitations")


# -- accepting --------------------------------------------------------------------------------------


def _signup_url(next_url: str) -> str:
    """Patient self-registration (django-allauth), where it is installed."""
    try:
        return f"{reverse('account_signup')}?{urlencode({'next': next_url})}"
    except NoReverseMatch:
        return ""


@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link's page (no login needed). Unknown, used, expired or revoked: one "not valid" page (404),
    recorded in the security log as a refused attempt."""
    try:
        return _accept(request, token)
    except NotFound as exc:
        if exc.detail is not INVALID_LINK:
            raise
        security_record(request, SecurityEvent.Kind.NOT_FOUND, detail=INVALID_LINK.en)
        return render(request, "invitations/invalid.html", {"detail": INVALID_LINK}, status=404)


def _accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_by_token(token)
    user: Any = request.user
    form = AcceptForm(request.POST or None)
    error, status = None, 200
    is_staff = isinstance(invitation, StaffInvitation)
    if request.method == "POST":
        try:
            if not is_staff and user.is_authenticated and request.POST.get("action") == "accept":
                _user, _row = representative_invitation_accept(
                    token=token, user=user, source=SOURCE, language=_language()
                )
                messages.success(
                    request,
                    _("You accepted the invitation. You can now act for %(name)s.")
                    % {
                        "name": invitation.patient.name  # type: ignore[union-attr]
                    },
                )
                return redirect("web:home")
            if form.is_valid():
                data = form.cleaned_data
                if is_staff:
                    new_user = staff_invitation_accept(
                        token=token,
                        username=data["username"],
                        password=data["password"],
                        language=_language(),
                    )
                    login(request, new_user, backend=BACKEND)
                    messages.success(request, _("Your account is ready. Now set up your authenticator app."))
                    return redirect(f"{reverse('web:otp-enrol')}?{urlencode({'next': reverse('web:home')})}")
                new_user, _row = representative_invitation_accept(
                    token=token,
                    username=data["username"],
                    password=data["password"],
                    source=SOURCE,
                    language=_language(),
                )
                login(request, new_user, backend=BACKEND)
                messages.success(
                    request,
                    _("You accepted the invitation. You can now act for %(name)s.")
                    % {
                        "name": invitation.patient.name  # type: ignore[union-attr]
                    },
                )
                return redirect("web:home")
            status = 422
        except (NotFound, NotPermitted):
            raise
        except DomainError as exc:
            error = None if _form_error(form, exc) else exc
            status = exc.status
    here = request.get_full_path()
    context = {
        "invitation": invitation,
        "is_staff": is_staff,
        "form": form,
        "error": error,
        "login_url": f"{reverse('web:login')}?{urlencode({'next': here})}",
        "signup_url": _signup_url(here),
    }
    return render(request, "invitations/accept.html", context, status=status)
