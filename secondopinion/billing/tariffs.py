"""The tariff codes the product ships with (R25): the codes the protocols bill for the second opinion
itself, and the other procedures a protocol may bill beside it "per the tariff decision" (seed 000).
Migrations 0002 and 0003 seed them, 0005 the one amount with a source (C011 in 2025, €136.56, as
issue 12 states the NZa tariff); tests that flush the database seed them again through
`seed_tariff_codes`. Every other amount is entered by an administrator from the NZa's yearly list, and a
practice may state its own price (billing/prices.py): this product never invents one.
"""

import datetime as dt

from secondopinion.billing.models import TariffAmount, TariffCode
from secondopinion.core.text import Text
from secondopinion.protocols.engine import BillingCode
from secondopinion.protocols.registry import PROTOCOLS

# Dental X-rays from the NZa's list of dental procedure codes (prestatiecodelijst tandheelkunde):
# X10 covers one small intra-oral X-ray (a bitewing or a periapical/solo image), made and judged;
# X21 a panoramic X-ray of the jaws (orthopantomogram, OPT), made and judged. The list has carried
# both for many years; they are recorded here from 2018, when C011 replaced C28, because that is the
# period this product bills. A practice that needs an older period adds it in the admin.
PROCEDURE_CODES: dict[str, tuple[BillingCode, ...]] = {
    "dental-knmt": (
        BillingCode(
            "X10",
            Text(
                "Maken en beoordelen kleine röntgenfoto (bitewing of solofoto)",
                "Making and judging a small X-ray (bitewing or periapical image)",
            ),
            dt.date(2018, 1, 1),
        ),
        BillingCode(
            "X21",
            Text(
                "Maken en beoordelen kaakoverzichtsfoto (panoramische opname, OPT)",
                "Making and judging a panoramic X-ray of the jaws (OPT)",
            ),
            dt.date(2018, 1, 1),
        ),
    ),
}


def billable_codes(protocol: str) -> tuple[BillingCode, ...]:
    """Every code a case under `protocol` may carry: its own (R25) and its other procedures."""
    return (*PROTOCOLS[protocol].billing_codes, *PROCEDURE_CODES.get(protocol, ()))


def _all_codes() -> tuple[tuple[str, str, str, dt.date, dt.date | None], ...]:
    """Each (code, validity) once, however many protocols bill it."""
    seen: dict[tuple[str, dt.date], tuple[str, str, str, dt.date, dt.date | None]] = {}
    for code in PROTOCOLS:
        for c in billable_codes(code):
            seen.setdefault(
                (c.code, c.valid_from),
                (c.code, c.description.nl, c.description.en, c.valid_from, c.valid_until),
            )
    return tuple(seen.values())


TARIFF_CODES = _all_codes()

# (code, first day of the amount, last day, cents, source): what migration 0005 loads.
TARIFF_AMOUNTS: tuple[tuple[str, dt.date, dt.date, int, str], ...] = (
    ("C011", dt.date(2025, 1, 1), dt.date(2025, 12, 31), 13656, "NZa-tarief 2025 (issue 12)"),
)


def seed_tariff_codes() -> None:
    for code, nl, en, start, end in TARIFF_CODES:
        TariffCode.objects.update_or_create(
            code=code,
            valid_from=start,
            defaults={"description_nl": nl, "description_en": en, "valid_until": end},
        )
    for code, start, end, cents, source in TARIFF_AMOUNTS:
        tariff = TariffCode.objects.filter(code=code, valid_from__lte=start).order_by("-valid_from").first()
        if tariff is not None:
            TariffAmount.objects.update_or_create(
                tariff=tariff,
                valid_from=start,
                defaults={"valid_until": end, "amount_cents": cents, "source": source},
            )
