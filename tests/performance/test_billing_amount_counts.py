"""R25: the billed lines show their amounts, priced on each line's day of service (billing/amounts.py).
The prices of every line's code are read in one query with the expected cost's (none once kept in the
process, core/refcache.py), so the case pages and the API's list cost the same for one line as for many
lines of several codes and years; the case pages stay within their counts (CASE_PAGE)."""

import datetime as dt

import pytest
from django.urls import reverse

from secondopinion.billing.models import BillingLine, PracticePrice, TariffAmount, TariffCode
from tests.performance.counting import api_client, client_for, measured
from tests.performance.test_list_query_counts import _uncached
from tests.performance.test_query_counts import CASE_PAGE

pytestmark = pytest.mark.django_db


def _lines_of_several_codes_and_years(cast, case) -> None:
    """Twelve more lines: two X-ray codes over two years, each year with its own amount, one code at
    the practice's own price."""
    x10 = TariffCode.objects.get(code="X10")
    x21 = TariffCode.objects.get(code="X21")
    for year in (2025, 2026):
        period = {"valid_from": dt.date(year, 1, 1), "valid_until": dt.date(year, 12, 31)}
        TariffAmount.objects.create(tariff=x10, amount_cents=2200 + year - 2025, **period)
        PracticePrice.objects.create(
            organisation=cast.giving_practice, tariff=x21, amount_cents=8450, **period
        )
    for month in range(1, 7):
        for tariff in (x10, x21):
            BillingLine.objects.create(
                case=case,
                tariff=tariff,
                service_date=dt.date(2025 + month % 2, month, 10),
                quantity=month,
                created_by=cast.giver_user,
            )


def counts(read, grow, *, kept: bool) -> tuple[int, int, str]:
    """The queries of `read` before and after `grow`: with the prices kept in the process (each
    measured read follows one that kept them; a saved price empties what was kept), or read each time."""
    call = read if kept else _uncached(read)
    call()
    few, response, _sql = measured(call)
    assert response.status_code == 200
    grow()
    call()
    many, response, queries = measured(call)
    assert response.status_code == 200
    return few, many, queries


@pytest.mark.parametrize("kept", [True, False], ids=["prices-kept", "prices-read"])
@pytest.mark.parametrize("who", ["patient_user", "coordinator"])
def test_the_case_page_costs_the_same_for_one_billed_line_and_thirteen(cast, full_case, who, kept):
    client = client_for(getattr(cast, who))
    url = reverse("web:case", args=[full_case.pk])

    def read():
        return client.get(url)

    few, many, queries = counts(read, lambda: _lines_of_several_codes_and_years(cast, full_case), kept=kept)

    assert many == few, queries
    assert few <= CASE_PAGE[who], queries
    assert BillingLine.objects.filter(case=full_case).count() == 13


@pytest.mark.parametrize("kept", [True, False], ids=["prices-kept", "prices-read"])
def test_the_api_list_of_billed_lines_costs_the_same_for_one_line_and_thirteen(cast, full_case, kept):
    client, headers = api_client(cast.patient_user)
    client.defaults.update(headers)
    url = f"/api/v1/cases/{full_case.pk}/billing-lines"

    def read():
        return client.get(url)

    few, many, queries = counts(read, lambda: _lines_of_several_codes_and_years(cast, full_case), kept=kept)

    assert many == few, queries
    amounts = [line["amount_cents"] for line in read().json()]
    assert len(amounts) == 13
    assert sum(amount is not None for amount in amounts) == 12
