import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from secondopinion.billing.periods import check_no_overlap, check_order, check_within, describe
from secondopinion.cases.models import SecondOpinionCase


class TariffCode(models.Model):
    """A tariff code with the period it is valid in (R25: C011 now; C28 in older documents)."""

    code = models.CharField(max_length=10)
    description_nl = models.CharField(max_length=300)
    description_en = models.CharField(max_length=300)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("tariff code")
        verbose_name_plural = _("tariff codes")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unique_tariff_period"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="tariff_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({describe(self)})" if self.valid_from else self.code

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def clean(self) -> None:
        if self.valid_from is None or not self.code:
            return
        check_order(self)
        check_no_overlap(self, TariffCode.objects.filter(code=self.code).exclude(pk=self.pk))


class BillingLine(models.Model):
    case = models.ForeignKey(SecondOpinionCase, on_delete=models.PROTECT, related_name="billing_lines")
    tariff = models.ForeignKey(TariffCode, on_delete=models.PROTECT)
    service_date = models.DateField()
    quantity = models.PositiveSmallIntegerField(default=1)
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["service_date", "id"]


def _cents(value: int) -> str:
    return f"€ {value // 100},{value % 100:02d}"


def _no_negative(value: int) -> None:
    if value is not None and value < 0:
        raise ValidationError(gettext("The amount is 0 or more."), code="negative")


class PricedPeriod(models.Model):
    """An amount for one tariff code over a period (the NZa tariff, or a practice's own price)."""

    tariff = models.ForeignKey(TariffCode, on_delete=models.PROTECT, verbose_name=_("tariff code"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: no end yet."))
    amount_cents = models.IntegerField(
        _("amount in cents"), validators=[_no_negative], help_text=_("In cents: 13656 is € 136.56.")
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.tariff.code} {_cents(self.amount_cents)} ({describe(self)})"

    @property
    def amount(self) -> str:
        return _cents(self.amount_cents)

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    # The fields besides the code that set the rows one row may not overlap (a practice's own
    # prices are apart from another practice's).
    overlap_scope: tuple[str, ...] = ()

    def same_code(self) -> "models.QuerySet[Any]":
        """The rows of the same code (and scope) that may not overlap this one."""
        scope = {name: getattr(self, name) for name in self.overlap_scope}
        return type(self)._default_manager.filter(tariff__code=self.tariff.code, **scope)

    def clean(self) -> None:
        if self.valid_from is None or self.tariff_id is None:
            return
        check_order(self)
        check_within(self, self.tariff, self.tariff.code)
        # The admin's inline forms check their rows against each other as they will be saved
        # (billing/admin.py); a row saved on its own is checked against the stored ones.
        if not getattr(self, "_tm_siblings_checked", False):
            check_no_overlap(self, self.same_code().exclude(pk=self.pk))


class TariffAmount(PricedPeriod):
    """R25: the amount of a tariff code in a period, as the NZa publishes it each year."""

    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the amount comes from (the NZa tariff list)."),
    )

    class Meta:
        verbose_name = _("tariff amount")
        verbose_name_plural = _("tariff amounts")
        ordering = ["tariff__code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["tariff", "valid_from"], name="unique_tariff_amount_period"),
            models.CheckConstraint(
                condition=models.Q(amount_cents__gte=0), name="tariff_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="tariff_amount_period_ordered",
            ),
        ]


class PracticePrice(PricedPeriod):
    """A practice's own price for a tariff code in a period; it comes before the NZa tariff."""

    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="prices",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("practice price")
        verbose_name_plural = _("practice prices")
        ordering = ["organisation", "tariff__code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "tariff", "valid_from"], name="unique_practice_price_period"
            ),
            models.CheckConstraint(
                condition=models.Q(amount_cents__gte=0), name="practice_price_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="practice_price_period_ordered",
            ),
        ]

    overlap_scope = ("organisation_id",)
