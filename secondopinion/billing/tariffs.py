"""The tariff codes the product ships with (R25), taken from the protocols that bill them.
Migration 0002 seeds them; tests that flush the database seed them again through this function."""

import datetime as dt

from secondopinion.billing.models import TariffCode
from secondopinion.protocols.registry import PROTOCOLS


def _protocol_codes() -> tuple[tuple[str, str, str, dt.date, dt.date | None], ...]:
    """Each (code, validity) once, however many protocols bill it."""
    seen: dict[tuple[str, dt.date], tuple[str, str, str, dt.date, dt.date | None]] = {}
    for protocol in PROTOCOLS.values():
        for c in protocol.billing_codes:
            seen.setdefault(
                (c.code, c.valid_from),
                (c.code, c.description.nl, c.description.en, c.valid_from, c.valid_until),
            )
    return tuple(seen.values())


TARIFF_CODES = _protocol_codes()


def seed_tariff_codes() -> None:
    for code, nl, en, start, end in TARIFF_CODES:
        TariffCode.objects.update_or_create(
            code=code,
            valid_from=start,
            defaults={"description_nl": nl, "description_en": en, "valid_until": end},
        )
