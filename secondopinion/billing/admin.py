"""Administrators keep the tariff codes and their yearly amounts here (R25); a practice's own prices are
kept with the organisation (directory/admin.py). Every period is checked as it will be saved: ordered,
inside its code's validity, an amount of 0 or more, and never two amounts for one code on one day."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from secondopinion.billing.models import PracticePrice, TariffAmount, TariffCode
from secondopinion.billing.periods import check_no_overlap


class PeriodFormSet(BaseInlineFormSet):
    """Checks the periods of the inline rows against each other as they will be saved, and against the
    stored rows of the same code outside this form (another period of the code, another practice's row
    is never compared). A row's own clean() then leaves the overlap to this check."""

    def _construct_form(self, i: int, **kwargs: Any) -> Any:
        form = super()._construct_form(i, **kwargs)  # type: ignore[misc]
        form.instance._tm_siblings_checked = True
        return form

    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        edited = {form.instance.pk for form in self.forms if form.instance.pk is not None}
        for index, form in enumerate(kept):
            row = form.instance
            if row.tariff_id is None or row.valid_from is None:
                continue
            earlier = [
                other.instance
                for other in kept[:index]
                if other.instance.tariff_id is not None and other.instance.tariff.code == row.tariff.code
            ]
            stored = list(row.same_code().exclude(pk__in=edited))
            try:
                check_no_overlap(row, [*earlier, *stored])
            except ValidationError as exc:  # it names valid_from
                form.add_error(None, exc)


class TariffAmountInline(admin.TabularInline):
    model = TariffAmount
    formset = PeriodFormSet
    extra = 0
    fields = ("valid_from", "valid_until", "amount_cents", "source")


@admin.register(TariffCode)
class TariffCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "description_nl", "valid_from", "valid_until", "amounts")
    search_fields = ("code", "description_nl", "description_en")
    inlines = (TariffAmountInline,)

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).prefetch_related("tariffamount_set")

    @admin.display(description=_("amounts"))
    def amounts(self, obj: TariffCode) -> str:
        return "; ".join(str(a) for a in obj.tariffamount_set.all()) or "—"


class PracticePriceInline(admin.TabularInline):
    """A practice's own price for a code, shown with the organisation (directory/admin.py)."""

    model = PracticePrice
    formset = PeriodFormSet
    extra = 0
    fields = ("tariff", "valid_from", "valid_until", "amount_cents")
