"""R25: each billed line shows its amount (the price of its code valid on the day of service, the
practice's own price before the NZa tariff, times the quantity) and the lines a total, in the reader's
language; a line without a known amount says so in words and is never counted as 0. The API carries the
same amounts."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondopinion.billing.amounts import priced_lines
from secondopinion.billing.models import BillingLine, PracticePrice, TariffAmount, TariffCode
from tests.api.conftest import ApiClient
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

D = dt.date
# C011 has an amount for 2025 only (migration 0005); these are the other rows the tests add.
X10_2025 = 2218  # the NZa tariff of a bitewing in 2025, per picture
X10_2026 = 2291
X21_PRACTICE = 8450  # the giving practice's own price for a panoramic X-ray, from 2025 on

TIMES = "\N{MULTIPLICATION SIGN}"


@pytest.fixture
def final(a_case, advance):
    """A case whose report is final: C011 is billed today, a day with no C011 amount known."""
    return advance(a_case, "report_final")


def tariff(code: str) -> TariffCode:
    return TariffCode.objects.get(code=code, valid_until__isnull=True)


@pytest.fixture
def prices(cast):
    x10 = tariff("X10")
    TariffAmount.objects.create(
        tariff=x10, valid_from=D(2025, 1, 1), valid_until=D(2025, 12, 31), amount_cents=X10_2025
    )
    TariffAmount.objects.create(tariff=x10, valid_from=D(2026, 1, 1), amount_cents=X10_2026)
    PracticePrice.objects.create(
        organisation=cast.giving_practice,
        tariff=tariff("X21"),
        valid_from=D(2025, 1, 1),
        amount_cents=X21_PRACTICE,
    )


def bill_line(cast, case, code: str, day: dt.date, quantity: int = 1) -> BillingLine:
    """A line on an earlier day of service than the billing form allows for a case made today: the
    amounts are what is tested here, not the form's checks (tests/billing/test_billing_lines.py)."""
    return BillingLine.objects.create(
        case=case, tariff=tariff(code), service_date=day, quantity=quantity, created_by=cast.giver_user
    )


def billing_section(user, case, language: str) -> str:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    page = client.get(reverse("web:case", args=[case.pk])).content.decode()
    return visible_text(page.split('id="billing"')[1].split("</section>")[0])


def test_each_line_is_priced_on_its_own_day_of_service_practice_price_first(cast, final, prices):
    lines = [
        bill_line(cast, final, "X10", D(2025, 11, 3), quantity=2),
        bill_line(cast, final, "X10", D(2026, 2, 9)),
        bill_line(cast, final, "X21", D(2025, 11, 3)),
    ]
    c011 = BillingLine.objects.get(case=final, tariff__code="C011")

    bill = priced_lines([*lines, c011], cast.giving_practice.pk)

    assert [p.amount_cents for p in bill.lines] == [2 * X10_2025, X10_2026, X21_PRACTICE, None]
    assert [getattr(p.price, "source", None) for p in bill.lines] == ["tariff", "tariff", "practice", None]
    assert bill.total_cents == 2 * X10_2025 + X10_2026 + X21_PRACTICE
    assert bill.unknown == 1


def test_another_practice_does_not_get_this_practices_own_price(cast, final, prices):
    line = bill_line(cast, final, "X21", D(2025, 11, 3))

    (priced,) = priced_lines([line], cast.other_practice.pk).lines

    assert priced.amount_cents is None


@pytest.mark.parametrize("who", ["coordinator", "giver_user", "patient_user"])
def test_the_lines_show_their_amounts_in_dutch_and_a_total_of_the_known_ones(cast, final, prices, who):
    bill_line(cast, final, "X10", D(2025, 11, 3), quantity=2)

    shown = billing_section(getattr(cast, who), final, "nl")

    assert f"€ 44,36 (2 {TIMES} € 22,18)" in shown
    assert "bedrag nog niet bekend" in shown  # C011 today
    assert "Totaal van de bekende bedragen: € 44,36. Van 1 regel is het bedrag nog niet bekend." in shown
    assert not says(shown, "€ 0,00")


@pytest.mark.parametrize("who", ["coordinator", "patient_user"])
def test_the_lines_show_their_amounts_in_english(cast, final, prices, who):
    bill_line(cast, final, "X21", D(2025, 11, 3))

    shown = billing_section(getattr(cast, who), final, "en")

    assert "€84.50" in shown
    assert "amount not known yet" in shown
    assert "Total of the known amounts: €84.50. The amount of 1 line is not known yet." in shown
    assert not says(shown, "€0.00")


def test_with_every_amount_known_the_total_is_their_sum_with_grouped_thousands(cast, final, prices):
    TariffAmount.objects.create(tariff=tariff("C011"), valid_from=D(2026, 1, 1), amount_cents=14112)
    bill_line(cast, final, "X10", D(2026, 2, 9), quantity=40)

    dutch = billing_section(cast.coordinator, final, "nl")
    english = billing_section(cast.patient_user, final, "en")

    # 40 times € 22,91 is € 916,40; with C011's € 141,12: € 1.057,52.
    assert f"€ 916,40 (40 {TIMES} € 22,91)" in dutch
    assert "Totaal: € 1.057,52" in dutch
    assert not says(dutch, "bekend")
    assert "Total: €1,057.52" in english


def test_with_no_amount_known_the_total_says_so_in_words(cast, final):
    dutch = billing_section(cast.patient_user, final, "nl")
    english = billing_section(cast.coordinator, final, "en")

    assert "Totaal: bedrag nog niet bekend" in dutch
    assert "Total: amount not known yet" in english
    assert "€ 0,00" not in dutch
    assert "€0.00" not in english


def test_the_api_lists_each_line_with_its_unit_and_line_amount(cast, final, prices):
    bill_line(cast, final, "X10", D(2025, 11, 3), quantity=2)

    listed = ApiClient(cast.patient_user).get(f"/cases/{final.pk}/billing-lines")

    assert listed.status_code == 200, listed.content
    amounts = {
        (line["code"], line["date"]): (line["unit_amount_cents"], line["amount_cents"])
        for line in listed.json()
    }
    assert amounts == {
        ("X10", "2025-11-03"): (X10_2025, 2 * X10_2025),
        ("C011", timezone.localdate().isoformat()): (None, None),
    }


def test_a_line_added_over_the_api_answers_with_its_amount(cast, final, prices):
    created = ApiClient(cast.giver_user, "en").post(
        f"/cases/{final.pk}/billing-lines",
        {"code": "X21", "quantity": 2, "date": timezone.localdate().isoformat()},
    )

    assert created.status_code == 201, created.content
    assert (created.json()["unit_amount_cents"], created.json()["amount_cents"]) == (
        X21_PRACTICE,
        2 * X21_PRACTICE,
    )
