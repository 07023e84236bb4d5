"""R14 on the web: the patient, or her representative, asks for the advice in writing after all
(web/in_writing.py shows the button; distribution/written.py records it and sends the report)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _

from secondopinion.distribution.written import report_written_request
from secondopinion.web.confirmation import post_only
from secondopinion.web.views import SOURCE, AuthenticatedRequest, _act

KEY = "in_writing"


@post_only
@login_required
def report_in_writing(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    def ask() -> object:
        return report_written_request(actor=request.user, case_id=case_id, source=SOURCE)

    done = _("You receive the advice in writing.")
    return _act(request, case_id, KEY, forms.Form(request.POST), ask, done, confirm="report-in-writing")
