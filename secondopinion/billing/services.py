"""Billing lines. R25: the protocol's tariff code, valid on the day of service."""

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q

from secondopinion.billing.models import BillingLine, TariffCode
from secondopinion.cases.errors import InvalidInput
from secondopinion.protocols.registry import get_protocol
from secondopinion.protocols.text import Text

if TYPE_CHECKING:
    from secondopinion.accounts.models import User
    from secondopinion.cases.models import SecondOpinionCase


def tariff_valid_on(code: str, day: dt.date) -> TariffCode | None:
    return (
        TariffCode.objects.filter(code=code, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .first()
    )


def billing_add_protocol_line(*, case: "SecondOpinionCase", actor: "User", on: dt.date) -> BillingLine:
    """Add the protocol's billing line once; a second call returns the existing line."""
    code = get_protocol(case.protocol).billing_code
    existing = case.billing_lines.filter(tariff__code=code).first()
    if existing is not None:
        return existing
    tariff = tariff_valid_on(code, on)
    if tariff is None:
        raise InvalidInput(
            Text(
                f"Tariefcode {code} is niet geldig op {on:%d-%m-%Y}.",
                f"Tariff code {code} is not valid on {on:%Y-%m-%d}.",
            ),
            field="tariff",
        )
    return BillingLine.objects.create(case=case, tariff=tariff, service_date=on, created_by=actor)
