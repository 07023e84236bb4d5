"""The billing panel's form on the case page (R25): the giver and the coordinator add a line.

The form offers the codes of the case's protocol that are valid today; the service decides the rest
(the code belongs to the protocol and is valid on the day of service, the quantity, the date, the
state of the case) and its refusal is shown on the field it names. Read as part of the case page,
whose read is logged.
"""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from secondopinion.access.permissions import Action, permitted
from secondopinion.billing.models import TariffCode
from secondopinion.billing.selectors import billing_lines_of
from secondopinion.billing.services import BILLING_STATES, MAX_QUANTITY
from secondopinion.billing.tariffs import billable_codes
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.day_field import DayField
from secondopinion.core.errors import DomainError
from secondopinion.core.roles import Role
from secondopinion.protocols.registry import get_protocol
from secondopinion.web.forms import WebForm

KEY = "billing"
EARLIEST_SERVICE_DAY = dt.date(2000, 1, 1)


class BillingLineForm(WebForm):
    """R25: one procedure billed on the case. The code is a plain value here, offered as a list of
    today's codes; a code the list does not offer reaches the service, which says why it is refused."""

    id_prefix = "billing"
    code = forms.CharField(label=_("Tariff code"), max_length=10, widget=forms.Select)
    quantity = forms.IntegerField(
        label=_("Quantity"), initial=1, widget=forms.NumberInput(attrs={"min": 1, "max": MAX_QUANTITY})
    )
    # The day the procedure was done: not after today, and not before the request. The form is
    # posted without its case, so it stops only what no case can have (before 2000, when no request
    # in this product existed); the service names the request's own day (billing/services.py).
    date = DayField(
        label=_("Date of service"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Between the request and today."),
        earliest=EARLIEST_SERVICE_DAY,
        latest=timezone.localdate,
        error_messages={
            "too_early": _("The date of service cannot be before the request: check the year."),
            "too_late": _("The date of service cannot be in the future."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        # A list has no length; the field's own max_length still bounds what is posted.
        self.fields["code"].widget.attrs.pop("maxlength", None)

    def offer(self, codes: list[tuple[str, str]]) -> "BillingLineForm":
        """The codes the select lists: (code, label) pairs."""
        widget = self.fields["code"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = codes
        return self


def codes_valid_today(case: SecondOpinionCase) -> list[tuple[str, str]]:
    """The protocol's codes (its own and its other procedures) with a tariff valid today; the
    protocol's own code only while it is not billed yet (it is billed once, R25)."""
    codes = {c.code for c in billable_codes(case.protocol)}
    own = get_protocol(case.protocol).billing_code
    # The lines the page shows anyway (billing/selectors.py reads them once per request).
    if own and any(line.tariff.code == own for line in billing_lines_of(case)):
        codes.discard(own)
    today = timezone.localdate()
    english = (get_language() or "nl").startswith("en")
    tariffs = (
        TariffCode.objects.filter(code__in=codes, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("code")
    )
    return [(t.code, f"{t.code} — {t.description_en if english else t.description_nl}") for t in tariffs]


def billing_panel(
    case: SecondOpinionCase,
    roles: frozenset[Role],
    *,
    bound: tuple[str, forms.Form] | None = None,
    error: DomainError | None = None,
) -> dict[str, Any]:
    """The form for a giver or coordinator of a case in examination or report, when the protocol
    bills codes here (a DBC-billed protocol has none); nothing for anyone else."""
    is_bound = bound is not None and bound[0] == KEY
    form: BillingLineForm | None = None
    codes = codes_valid_today(case) if permitted(Action.BILL, roles) and case.status in BILLING_STATES else []
    if codes:
        posted = bound[1] if bound is not None and is_bound else None
        form = (posted if isinstance(posted, BillingLineForm) else BillingLineForm()).offer(codes)
    context: dict[str, Any] = {
        "billing_form": form,
        "billing_error": error if is_bound and form is not None else None,
    }
    if is_bound and form is not None:
        # Shown in the panel, beside the form, rather than at the top of the page.
        context |= {"page_error": None, "unshown_form": None}
    return context
