"""What the billed lines of a case cost (R25): each line at the price of its code valid on the day of
service (the practice's own price, else the NZa tariff, billing/prices.py) times its quantity, and their
total. A line whose code has no amount for that day has none: it is never counted as 0."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from secondopinion.billing.models import BillingLine
from secondopinion.billing.prices import Price, euros, periods_of, price_in


@dataclass(frozen=True, slots=True)
class PricedLine:
    line: BillingLine
    price: Price | None  # valid on the line's day of service; None: no amount known for that day

    @property
    def amount_cents(self) -> int | None:
        return None if self.price is None else self.price.amount_cents * self.line.quantity


@dataclass(frozen=True, slots=True)
class Bill:
    lines: tuple[PricedLine, ...]

    @property
    def total_cents(self) -> int:
        """The sum of the lines whose amount is known."""
        return sum(p.amount_cents for p in self.lines if p.amount_cents is not None)

    @property
    def unknown(self) -> int:
        """How many lines have no amount known yet."""
        return sum(1 for p in self.lines if p.price is None)


def priced_lines(
    lines: Sequence[BillingLine], organisation_id: int | None, *, also: Iterable[str] = ()
) -> Bill:
    """The lines of one case (its organisation's prices) with their amounts, the prices read in one
    query however many lines (none once kept in the process). `also`: codes the caller prices next (the
    expected cost's), read in the same query."""
    periods = periods_of({line.tariff.code for line in lines} | set(also), organisation_id)
    return Bill(
        tuple(PricedLine(line, price_in(periods[line.tariff.code], line.service_date)) for line in lines)
    )


def amount_text(cents: int | None, language: str) -> str:
    """An amount in the language, or that it is not known yet (never a made-up 0)."""
    return euros(cents, language) if cents is not None else gettext("amount not known yet")


def total_text(bill: Bill, language: str) -> str:
    """The total in words: all amounts known, some, or none."""
    if bill.unknown == len(bill.lines):
        return gettext("Total: amount not known yet")
    total = euros(bill.total_cents, language)
    if not bill.unknown:
        return gettext("Total: %(amount)s") % {"amount": total}
    missing = ngettext(
        "The amount of %(count)s line is not known yet.",
        "The amounts of %(count)s lines are not known yet.",
        bill.unknown,
    ) % {"count": bill.unknown}
    return gettext("Total of the known amounts: %(amount)s.") % {"amount": total} + " " + missing
