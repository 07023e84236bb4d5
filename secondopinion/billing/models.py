import datetime as dt

from django.conf import settings
from django.db import models

from secondopinion.cases.models import SecondOpinionCase


class TariffCode(models.Model):
    """A tariff code with the period it is valid in (R25: C011 now; C28 in older documents)."""

    code = models.CharField(max_length=10)
    description_nl = models.CharField(max_length=300)
    description_en = models.CharField(max_length=300)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unique_tariff_period"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="tariff_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


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
