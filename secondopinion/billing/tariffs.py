"""The tariff codes the product ships with (R25). Migration 0002 seeds them; tests that flush the
database seed them again through this function."""

import datetime as dt

from secondopinion.billing.models import TariffCode

TARIFF_CODES = (
    (
        "C28",
        "Uitgebreid onderzoek t.b.v. opstellen en vastleggen behandelplan",
        "Extended examination to draw up and record a treatment plan",
        dt.date(2010, 1, 1),
        dt.date(2017, 12, 31),
    ),
    (
        "C011",
        "Uitgebreid onderzoek ten behoeve van een second opinion",
        "Extended examination for a second opinion",
        dt.date(2018, 1, 1),
        None,
    ),
)


def seed_tariff_codes() -> None:
    for code, nl, en, start, end in TARIFF_CODES:
        TariffCode.objects.update_or_create(
            code=code,
            valid_from=start,
            defaults={"description_nl": nl, "description_en": en, "valid_until": end},
        )
