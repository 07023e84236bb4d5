"""Billing lines. R25: the protocol's tariff code, and other procedures per the tariff decision,
each valid on the day of service."""

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from secondopinion.access.doors import case_for
from secondopinion.access.permissions import Action
from secondopinion.audit.services import access_record
from secondopinion.billing.models import BillingLine, TariffCode
from secondopinion.billing.tariffs import billable_codes
from secondopinion.core.errors import InvalidInput, TransitionNotAllowed
from secondopinion.core.text import Text
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.registry import get_protocol

if TYPE_CHECKING:
    from secondopinion.accounts.models import User
    from secondopinion.cases.models import SecondOpinionCase

# Procedures are done and billed while the giver examines and reports; a closed case is settled.
BILLING_STATES = frozenset({Status.IN_EXAMINATION, Status.REPORT_DRAFT, Status.REPORT_FINAL})
MAX_QUANTITY = 50


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


def _periods(code: str) -> Text:
    """When `code` is valid, for the message that refuses it on another day."""
    nl, en = [], []
    for t in TariffCode.objects.filter(code=code).order_by("valid_from"):
        start = f"{t.valid_from:%d-%m-%Y}"
        nl.append(f"{start} t/m {t.valid_until:%d-%m-%Y}" if t.valid_until else f"vanaf {start}")
        en.append(f"{start} to {t.valid_until:%d-%m-%Y}" if t.valid_until else f"from {start}")
    return Text(", ".join(nl), ", ".join(en))


def _tariff_for(case: "SecondOpinionCase", code: str, day: dt.date) -> TariffCode:
    """R25: the code exists, is one this protocol bills, and is valid on the day of service."""
    allowed = sorted({c.code for c in billable_codes(case.protocol)})
    if not allowed:
        raise InvalidInput(
            Text(
                "Voor dit protocol worden geen prestatiecodes in deze toepassing gedeclareerd; de zorg "
                "wordt via het eigen declaratiesysteem (DBC) gedeclareerd.",
                "This protocol bills no procedure codes in this application; the care is billed through "
                "the provider's own system (DBC).",
            ),
            field="code",
        )
    if code not in allowed:
        raise InvalidInput(
            Text(
                f"Code {code} hoort niet bij dit protocol; kies uit: {', '.join(allowed)}.",
                f"Code {code} does not belong to this protocol; choose from: {', '.join(allowed)}.",
            ),
            field="code",
        )
    tariff = tariff_valid_on(code, day)
    if tariff is None:
        periods = _periods(code)
        raise InvalidInput(
            Text(
                f"Code {code} is niet geldig op {day:%d-%m-%Y} (geldig: {periods.nl}).",
                f"Code {code} is not valid on {day:%d-%m-%Y} (valid: {periods.en}).",
            ),
            field="code",
        )
    return tariff


def _check_line(case: "SecondOpinionCase", code: str, quantity: int, day: dt.date) -> None:
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidInput(
            Text(
                f"Het aantal ligt tussen 1 en {MAX_QUANTITY}.",
                f"The quantity is between 1 and {MAX_QUANTITY}.",
            ),
            field="quantity",
        )
    requested_on = timezone.localdate(case.created_at)
    if day > timezone.localdate() or day < requested_on:
        raise InvalidInput(
            Text(
                f"De datum ligt tussen de aanvraag ({requested_on:%d-%m-%Y}) en vandaag.",
                f"The date lies between the request ({requested_on:%d-%m-%Y}) and today.",
            ),
            field="date",
        )
    protocol_code = get_protocol(case.protocol).billing_code
    if code == protocol_code and (quantity > 1 or case.billing_lines.filter(tariff__code=code).exists()):
        raise InvalidInput(
            Text(
                f"{code} wordt één keer per second opinion gedeclareerd (R25).",
                f"{code} is billed once per second opinion (R25).",
            ),
            field="code",
        )


@transaction.atomic
def billing_add_line(
    *, actor: "User", case_id: int, code: str, quantity: int, date: dt.date, source: str
) -> BillingLine:
    """Bill a procedure on the case (R25): by the giver or the coordinator, with a code valid that day."""
    case, role = case_for(actor, case_id, Action.BILL)
    if case.status not in BILLING_STATES:
        raise TransitionNotAllowed(
            Text(
                "Declaratieregels worden vastgelegd tijdens het onderzoek en de rapportage.",
                "Billing lines are recorded during the examination and the report.",
            ),
            field="status",
        )
    code = code.strip().upper()
    tariff = _tariff_for(case, code, date)
    _check_line(case, code, quantity, date)
    line = BillingLine.objects.create(
        case=case, tariff=tariff, service_date=date, quantity=quantity, created_by=actor
    )
    access_record(
        actor=actor, action="create", data="billing-line", source=source, role=role, basis=role, case=case
    )
    return line
