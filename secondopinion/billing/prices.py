"""What a tariff code costs (R25): the practice's own price when it states one for the day, else the
amount of the NZa tariff; amounts as integer cents. No amount is ever guessed: a day no row covers
has no price, and the expected cost then names the latest known amount as what it is."""

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Value
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext

from secondopinion.billing.models import PracticePrice, TariffAmount
from secondopinion.core.refcache import ReferenceCache
from secondopinion.core.text import Text
from secondopinion.protocols.registry import get_protocol

PRACTICE = "practice"
TARIFF = "tariff"


@dataclass(frozen=True, slots=True)
class Price:
    code: str
    amount_cents: int
    source: str  # PRACTICE or TARIFF
    valid_from: dt.date
    valid_until: dt.date | None

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@functools.lru_cache(maxsize=4096)
def euros(cents: int, language: str) -> str:
    """€ 136,56 in Dutch, €136.56 in English: the language's own number format (Django's), and the
    place of the euro sign as its translation gives it. Kept per amount and language: the formats and
    translations are the process's own, and every case read shows the expected cost."""
    with translation.override(language):
        number = number_format(Decimal(cents) / 100, decimal_pos=2, force_grouping=True)
        return gettext("€%(amount)s") % {"amount": number}


# Every priced period of a code at an organisation (its own prices and the tariff's amounts), kept in the
# process (core/refcache.py) by (code, organisation id); emptied when a tariff code, amount or practice
# price is saved (billing/apps.py).
PRICES = ReferenceCache("prices")
Periods = tuple[Price, ...]


def periods_of(codes: Iterable[str], organisation_id: int | None) -> dict[str, Periods]:
    """Every priced period of each code at the organisation, oldest first: the codes not kept yet are
    read together, in one query however many codes and lines ask."""
    keys = {code: (code, organisation_id) for code in codes}
    kept = PRICES.get_many(keys.values(), lambda missing: _read_periods(missing, organisation_id))
    return {code: kept[key] for code, key in keys.items()}


def _read_periods(keys: list[Any], organisation_id: int | None) -> dict[Any, Periods]:
    """`periods_of` from the database: a union of both tables (a code has one row a year, so the rows
    are few)."""
    codes = [code for code, _organisation in keys]
    fields = ("tariff__code", "amount_cents", "valid_from", "valid_until", "source_kind")
    tariffs = (
        TariffAmount.objects.filter(tariff__code__in=codes)
        .annotate(source_kind=Value(TARIFF))
        .values_list(*fields)
        .order_by()
    )
    rows = tariffs
    if organisation_id is not None:
        practices = (
            PracticePrice.objects.filter(tariff__code__in=codes, organisation_id=organisation_id)
            .annotate(source_kind=Value(PRACTICE))
            .values_list(*fields)
            .order_by()
        )
        rows = tariffs.union(practices, all=True).order_by()
    found: dict[str, list[Price]] = {code: [] for code in codes}
    for code, cents, start, until, source in rows:
        found[code].append(Price(code, cents, source, start, until))
    return {(code, organisation_id): tuple(sorted(found[code], key=lambda p: p.valid_from)) for code in codes}


def _newest(periods: Periods, day: dt.date) -> tuple[Price | None, Price | None]:
    """The newest practice price and the newest tariff amount that started on or before `day`. Periods
    of one code never overlap (billing/periods.py), so the newest is the only one that can cover it."""
    newest: dict[str, Price] = {}
    for price in periods:
        if price.valid_from <= day:
            newest[price.source] = price  # oldest first: a later one replaces it
    return newest.get(PRACTICE), newest.get(TARIFF)


def price_in(periods: Periods, day: dt.date) -> Price | None:
    """The price valid on `day` among a code's periods: the practice's own first, else the tariff."""
    return next((p for p in _newest(periods, day) if p is not None and p.valid_on(day)), None)


def price_on(*, code: str, organisation_id: int | None, day: dt.date) -> Price | None:
    """The price of `code` at the organisation on `day`: its own price first, else the tariff."""
    return price_in(periods_of([code], organisation_id)[code], day)


@dataclass(frozen=True, slots=True)
class Estimate:
    """The expected cost of the second opinion itself, before any other procedure."""

    code: str
    description: Text
    price: Price | None  # valid on the day asked
    latest: Price | None  # when none is: the newest amount known before it, for an indication

    def text(self, language: str) -> str:
        name = self.description.in_language(language)
        english = language.startswith("en")
        if self.price is not None:
            amount = euros(self.price.amount_cents, language)
            if self.price.source == PRACTICE:
                return (
                    f"The practice charges {amount} for the second opinion ({self.code}: {name})."
                    if english
                    else f"De praktijk rekent {amount} voor de second opinion ({self.code}: {name})."
                )
            return (
                f"The second opinion costs {amount}: the NZa tariff for {self.code} ({name})."
                if english
                else f"De second opinion kost {amount}: het NZa-tarief voor {self.code} ({name})."
            )
        if self.latest is not None:
            amount = euros(self.latest.amount_cents, language)
            year = self.latest.valid_from.year
            return (
                f"The amount for this year is not known here yet. In {year} the second opinion ({self.code}: "
                f"{name}) cost {amount}. Ask the practice what it costs now."
                if english
                else f"Het bedrag voor dit jaar is hier nog niet bekend. In {year} kostte de second opinion "
                f"({self.code}: {name}) {amount}. Vraag de praktijk wat het nu kost."
            )
        return (
            f"The practice bills the second opinion with tariff code {self.code} ({name}). The amount is not "
            "known here: ask the practice what it costs."
            if english
            else f"De praktijk rekent de second opinion met tariefcode {self.code} ({name}). Het bedrag is hier "
            "niet bekend: vraag de praktijk wat het kost."
        )


NO_CODE = Text(
    "Een ziekenhuis of huisartsenpraktijk rekent de second opinion via de eigen tariefafspraken met uw "
    "zorgverzekeraar. Het bedrag staat daarom niet vooraf vast: vraag de praktijk of het ziekenhuis wat het kost.",
    "A hospital or GP practice bills the second opinion under its own tariff agreements with your insurer. The "
    "amount is therefore not fixed beforehand: ask the practice or hospital what it costs.",
)
MORE_PROCEDURES = Text(
    "Zijn er extra röntgenfoto's nodig, dan komen die erbij. De praktijk vertelt u dat vooraf.",
    "If extra X-rays are needed, they cost extra. The practice tells you beforehand.",
)


def more_procedures(protocol: str, language: str) -> str:
    """That extra X-rays cost extra, said only under a protocol that bills them beside the second opinion
    (billing/tariffs.py PROCEDURE_CODES: the dentist's); a denturist's patient is not told of X-rays her
    practice does not bill, and a hospital or GP bills through its own agreements."""
    from secondopinion.billing.tariffs import PROCEDURE_CODES

    return MORE_PROCEDURES.in_language(language) if PROCEDURE_CODES.get(protocol) else ""


def expected_cost(*, protocol: str, organisation_id: int | None, day: dt.date) -> Estimate | None:
    """The protocol's own code on `day` (R25) and what it costs at the organisation; None for a protocol
    that bills no code here (its care is billed as a DBC)."""
    code = get_protocol(protocol).billing_code_on(day)
    if code is None:
        return None
    practice, tariff = _newest(periods_of([code.code], organisation_id)[code.code], day)
    current = next((p for p in (practice, tariff) if p is not None and p.valid_on(day)), None)
    latest = None
    if current is None:
        known = [p for p in (practice, tariff) if p is not None]
        latest = max(known, key=lambda p: p.valid_from) if known else None
    return Estimate(code.code, code.description, current, latest)
