"""The notification list ("Meldingen") and the e-mail settings. Each view parses, calls one selector
or service and renders; marking read answers htmx with the changed entry (and the badge), and a plain
POST with a redirect back to the list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from secondopinion.core.errors import NotFound
from secondopinion.core.paths import site_path
from secondopinion.notifications import selectors, services
from secondopinion.notifications.forms import PreferenceForm
from secondopinion.notifications.models import Preference

SOURCE = "web"
PAGE = 25


@never_cache
@login_required
@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    """The user's own notifications, newest first, one page at a time."""
    alerts = selectors.alert_list(user=request.user, source=SOURCE)  # type: ignore[arg-type]
    page = Paginator(alerts, PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the page of the list the user came from: only a path of this site ("/meldingen/?page=2");
    anything else (another site, a word such as "abc" that redirect() would take for a view's name and
    fail on) goes back to the list."""
    target = site_path(request, request.POST.get("next", ""))
    return HttpResponseRedirect(target) if target is not None else redirect("notifications:list")


@login_required
@require_POST
def alert_read(request: HttpRequest, alert_id: int) -> HttpResponse:
    """Mark one of the user's own notifications read; anyone else's is not found (404)."""
    try:
        alert = services.alert_mark_read(actor=request.user, alert_id=alert_id)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    if getattr(request, "htmx", False):
        unread = selectors.unread_count(request.user)  # type: ignore[arg-type]
        return render(request, "notifications/read.html", {"alert": alert, "unread": unread})
    return _back(request)


@login_required
@require_POST
def alerts_read_all(request: HttpRequest) -> HttpResponse:
    """Mark all of the user's notifications read (htmx follows the redirect and takes the list from it)."""
    services.alerts_mark_all_read(actor=request.user)  # type: ignore[arg-type]
    return _back(request)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """Which news the user wants by e-mail, and the language of those e-mails."""
    preference = Preference.objects.filter(user=request.user).first()  # type: ignore[misc]
    form = (
        PreferenceForm(request.POST)
        if request.method == "POST"
        else PreferenceForm.of(request.user, preference)
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_save(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("Your settings have been saved."))
        return redirect("notifications:preferences")
    status = 422 if request.method == "POST" else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)
