"""What a tariff code costs (R25): the practice's own price when it states one for the day, else the
amount of the NZa tariff; amounts as integer cents. No amount is ever guessed: a day no row covers
has no price, and the expected cost then names the latest known amount as what it is."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, Value

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


def euros(cents: int, language: str) -> str:
    """€ 136,56 in Dutch, €136.56 in English."""
    whole, rest = divmod(cents, 100)
    if language.startswith("en"):
        return f"€{whole:,}.{rest:02d}"
    return f"€ {whole:,}".replace(",", ".") + f",{rest:02d}"


# The prices of a code at an organisation on a day, kept in the process (core/refcache.py); emptied
# when a tariff code, amount or practice price is saved (billing/apps.py).
PRICES = ReferenceCache("prices")


def _prices(code: str, organisation_id: int | None, day: dt.date) -> tuple[Price | None, Price | None]:
    """The newest practice price and the newest tariff amount that started on or before `day`."""
    return PRICES.get((code, organisation_id, day), lambda: _read_prices(code, organisation_id, day))


def _read_prices(code: str, organisation_id: int | None, day: dt.date) -> tuple[Price | None, Price | None]:
    """`_prices` from the database, in one query (a union of both tables; a code has one row a year,
    so the rows are few). Periods of one code never overlap (billing/periods.py), so the newest is the
    only one that can cover the day."""
    fields = ("amount_cents", "valid_from", "valid_until", "source_kind")
    started = Q(tariff__code=code, valid_from__lte=day)
    tariffs = (
        TariffAmount.objects.filter(started)
        .annotate(source_kind=Value(TARIFF))
        .values_list(*fields)
        .order_by()
    )
    rows = tariffs
    if organisation_id is not None:
        practices = (
            PracticePrice.objects.filter(started, organisation_id=organisation_id)
            .annotate(source_kind=Value(PRACTICE))
            .values_list(*fields)
            .order_by()
        )
        rows = tariffs.union(practices, all=True).order_by()
    newest: dict[str, Price] = {}
    for cents, start, until, source in rows:
        if source not in newest or start > newest[source].valid_from:
            newest[source] = Price(code, cents, source, start, until)
    return newest.get(PRACTICE), newest.get(TARIFF)


def price_on(*, code: str, organisation_id: int | None, day: dt.date) -> Price | None:
    """The price of `code` at the organisation on `day`: its own price first, else the tariff."""
    practice, tariff = _prices(code, organisation_id, day)
    return next((p for p in (practice, tariff) if p is not None and p.valid_on(day)), None)


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


def expected_cost(*, protocol: str, organisation_id: int | None, day: dt.date) -> Estimate | None:
    """The protocol's own code on `day` (R25) and what it costs at the organisation; None for a protocol
    that bills no code here (its care is billed as a DBC)."""
    code = get_protocol(protocol).billing_code_on(day)
    if code is None:
        return None
    practice, tariff = _prices(code.code, organisation_id, day)
    current = next((p for p in (practice, tariff) if p is not None and p.valid_on(day)), None)
    latest = None
    if current is None:
        known = [p for p in (practice, tariff) if p is not None]
        latest = max(known, key=lambda p: p.valid_from) if known else None
    return Estimate(code.code, code.description, current, latest)
