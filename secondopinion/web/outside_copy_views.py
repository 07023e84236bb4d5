"""R14 on the web: the coordinator records that a copy of the final report went to a recipient agreed
beforehand, outside the portal (web/outside_copy_panel.py shows the panel)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _

from secondopinion.distribution.copies import outside_copy_record
from secondopinion.web.confirmation import post_only
from secondopinion.web.outside_copy_panel import KEY, OutsideCopyForm
from secondopinion.web.views import SOURCE, AuthenticatedRequest, _act


@post_only
@login_required
def outside_copy_add(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    form = OutsideCopyForm(request.POST)

    def record() -> object:
        data = form.cleaned_data
        return outside_copy_record(
            actor=request.user,
            case_id=case_id,
            recipient_name=data["recipient_name"],
            channel=data["channel"],
            sent_on=data["sent_on"],
            source=SOURCE,
        )

    return _act(request, case_id, KEY, form, record, _("The copy has been recorded."))
