"""Tariff amounts and practice prices: validated periods and amounts, edited in the admin, and the price of
a code at an organisation on a day: the practice's own price first, else the NZa tariff."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from secondopinion.billing.models import PracticePrice, TariffAmount, TariffCode
from secondopinion.billing.prices import PRACTICE, TARIFF, euros, expected_cost, price_on
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def _in_dutch():
    """Validation speaks the active language; these tests read the product's default, Dutch."""
    with translation.override("nl"):
        yield


@pytest.fixture
def c011() -> TariffCode:
    return TariffCode.objects.get(code="C011")


def amount(tariff: TariffCode, start: dt.date, end: dt.date | None, cents: int) -> TariffAmount:
    row = TariffAmount(tariff=tariff, valid_from=start, valid_until=end, amount_cents=cents)
    row.full_clean()
    row.save()
    return row


def errors_of(row) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    return caught.value.message_dict


def test_the_2025_amount_of_c011_is_loaded_and_nothing_else(c011):
    rows = list(TariffAmount.objects.values_list("tariff__code", "valid_from", "valid_until", "amount_cents"))

    assert rows == [("C011", D(2025, 1, 1), D(2025, 12, 31), 13656)]


def test_a_negative_amount_is_refused_on_its_field(c011):
    errors = errors_of(TariffAmount(tariff=c011, valid_from=D(2026, 1, 1), amount_cents=-1))

    assert errors == {"amount_cents": ["Het bedrag is 0 of meer."]}


def test_an_end_before_the_start_is_refused_on_the_end(c011):
    errors = errors_of(
        TariffAmount(tariff=c011, valid_from=D(2026, 1, 1), valid_until=D(2025, 12, 31), amount_cents=1)
    )

    assert list(errors) == ["valid_until"]
    assert "01-01-2026" in errors["valid_until"][0]


def test_an_amount_outside_its_codes_validity_is_refused():
    c28 = TariffCode.objects.get(code="C28")

    before = errors_of(
        TariffAmount(tariff=c28, valid_from=D(2009, 1, 1), valid_until=D(2009, 12, 31), amount_cents=1)
    )
    open_ended = errors_of(TariffAmount(tariff=c28, valid_from=D(2017, 1, 1), amount_cents=1))

    assert before == {"valid_from": ["Begint voordat tariefcode C28 geldig is (01-01-2010 t/m 31-12-2017)."]}
    assert open_ended["valid_until"][0].startswith("Eindigt nadat tariefcode C28 niet meer geldig is")


@pytest.mark.parametrize(
    ("start", "end"),
    [(D(2025, 12, 31), D(2026, 12, 31)), (D(2024, 1, 1), D(2025, 1, 1)), (D(2025, 6, 1), None)],
)
def test_two_amounts_for_one_code_may_not_share_a_day(c011, start, end):
    errors = errors_of(TariffAmount(tariff=c011, valid_from=start, valid_until=end, amount_cents=14000))

    assert errors == {
        "valid_from": [
            "Deze periode overlapt met een andere periode voor dezelfde code: 01-01-2025 t/m 31-12-2025."
        ]
    }


def test_adjacent_periods_do_not_overlap(c011):
    amount(c011, D(2026, 1, 1), None, 14000)
    amount(c011, D(2024, 1, 1), D(2024, 12, 31), 13000)

    assert TariffAmount.objects.filter(tariff=c011).count() == 3


def test_a_tariff_code_period_may_not_overlap_another_of_the_same_code():
    errors = errors_of(
        TariffCode(code="C011", description_nl="x", description_en="x", valid_from=D(2020, 1, 1))
    )

    assert list(errors) == ["valid_from"]


def test_practices_keep_their_own_prices_apart(cast, c011):
    for org in (cast.giving_practice, cast.other_practice):
        row = PracticePrice(organisation=org, tariff=c011, valid_from=D(2026, 1, 1), amount_cents=15000)
        row.full_clean()
        row.save()

    again = PracticePrice(
        organisation=cast.giving_practice, tariff=c011, valid_from=D(2026, 6, 1), amount_cents=1
    )

    assert list(errors_of(again)) == ["valid_from"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2024, 12, 31), None),
        (D(2025, 1, 1), (13656, TARIFF)),
        (D(2025, 12, 31), (13656, TARIFF)),
        (D(2026, 1, 1), (15000, PRACTICE)),
        (D(2026, 3, 31), (15000, PRACTICE)),
        (D(2026, 4, 1), (14210, TARIFF)),
        (D(2026, 12, 31), (14210, TARIFF)),
        (D(2027, 1, 1), None),
    ],
)
def test_the_price_on_a_day_is_the_practices_own_first_else_the_tariff(cast, c011, day, expected):
    amount(c011, D(2026, 1, 1), D(2026, 12, 31), 14210)
    PracticePrice.objects.create(
        organisation=cast.giving_practice,
        tariff=c011,
        valid_from=D(2026, 1, 1),
        valid_until=D(2026, 3, 31),
        amount_cents=15000,
    )

    price = price_on(code="C011", organisation_id=cast.giving_practice.pk, day=day)

    assert (None if price is None else (price.amount_cents, price.source)) == expected


def test_another_practice_pays_the_tariff_where_this_one_states_a_price(cast, c011):
    PracticePrice.objects.create(
        organisation=cast.giving_practice, tariff=c011, valid_from=D(2025, 1, 1), amount_cents=9900
    )

    price = price_on(code="C011", organisation_id=cast.other_practice.pk, day=D(2025, 7, 1))

    assert price is not None
    assert (price.amount_cents, price.source) == (13656, TARIFF)


def test_the_expected_cost_without_a_current_amount_names_the_latest_known_as_such(cast):
    estimate = expected_cost(
        protocol="dental-knmt", organisation_id=cast.giving_practice.pk, day=D(2026, 6, 1)
    )

    assert estimate is not None
    assert estimate.price is None
    assert estimate.text("nl").startswith("Het bedrag voor dit jaar is hier nog niet bekend. In 2025 kostte")
    assert "€ 136,56" in estimate.text("nl")
    assert "€136.56" in estimate.text("en")


def test_a_protocol_billed_as_a_dbc_has_no_expected_cost(cast):
    assert expected_cost(protocol="medical-specialist", organisation_id=None, day=D(2025, 6, 1)) is None


def test_amounts_read_in_euros_per_language():
    assert euros(13656, "nl") == "€ 136,56"
    assert euros(123456, "nl") == "€ 1.234,56"
    assert euros(123456, "en") == "€1,234.56"
    assert euros(5, "en") == "€0.05"


# The admin -------------------------------------------------------------------------------------


@pytest.fixture
def maintainer(client):
    client.force_login(UserFactory(username="beheer", is_staff=True, is_superuser=True))
    return client


def inline(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def tariff_post(c011: TariffCode, rows: list[dict], initial: int = 0) -> dict:
    return {
        "code": "C011",
        "description_nl": c011.description_nl,
        "description_en": c011.description_en,
        "valid_from": "2018-01-01",
        "valid_until": "",
        **inline("tariffamount_set", rows, initial),
    }


def test_an_administrator_adds_the_next_years_amount(maintainer, c011):
    existing = TariffAmount.objects.get()
    rows = [
        {
            "id": existing.pk,
            "tariff": c011.pk,
            "valid_from": "2025-01-01",
            "valid_until": "2025-12-31",
            "amount_cents": "13656",
            "source": existing.source,
        },
        {
            "tariff": c011.pk,
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
            "amount_cents": "14210",
            "source": "NZa 2026",
        },
    ]

    response = maintainer.post(
        reverse("admin:billing_tariffcode_change", args=[c011.pk]), tariff_post(c011, rows, 1)
    )

    assert response.status_code == 302
    assert price_on(code="C011", organisation_id=None, day=D(2026, 12, 31)).amount_cents == 14210


def test_the_admin_refuses_two_new_rows_that_overlap_and_names_the_field(maintainer, c011):
    rows = [
        {
            "tariff": c011.pk,
            "valid_from": "2026-01-01",
            "valid_until": "",
            "amount_cents": "14210",
            "source": "",
        },
        {
            "tariff": c011.pk,
            "valid_from": "2026-07-01",
            "valid_until": "",
            "amount_cents": "-5",
            "source": "",
        },
    ]

    response = maintainer.post(
        reverse("admin:billing_tariffcode_change", args=[c011.pk]),
        tariff_post(c011, rows),
        HTTP_ACCEPT_LANGUAGE="nl",
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Het bedrag is 0 of meer." in page
    assert TariffAmount.objects.count() == 1


def test_the_admin_lets_one_save_move_two_periods_at_once(maintainer, c011):
    first = TariffAmount.objects.get()
    second = amount(c011, D(2026, 1, 1), None, 14210)
    rows = [
        {
            "id": first.pk,
            "tariff": c011.pk,
            "valid_from": "2025-01-01",
            "valid_until": "2026-01-31",
            "amount_cents": "13656",
            "source": "",
        },
        {
            "id": second.pk,
            "tariff": c011.pk,
            "valid_from": "2026-02-01",
            "valid_until": "",
            "amount_cents": "14210",
            "source": "",
        },
    ]

    response = maintainer.post(
        reverse("admin:billing_tariffcode_change", args=[c011.pk]), tariff_post(c011, rows, 2)
    )

    assert response.status_code == 302
    assert price_on(code="C011", organisation_id=None, day=D(2026, 1, 31)).amount_cents == 13656


def test_the_admin_refuses_an_overlap_between_rows_in_one_save(maintainer, c011):
    rows = [
        {
            "tariff": c011.pk,
            "valid_from": "2026-01-01",
            "valid_until": "",
            "amount_cents": "14210",
            "source": "",
        },
        {
            "tariff": c011.pk,
            "valid_from": "2027-01-01",
            "valid_until": "",
            "amount_cents": "15000",
            "source": "",
        },
    ]

    response = maintainer.post(
        reverse("admin:billing_tariffcode_change", args=[c011.pk]),
        tariff_post(c011, rows),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert (
        "This period overlaps with another one for the same code: from 01-01-2026."
        in response.content.decode()
    )
    assert TariffAmount.objects.count() == 1


def test_an_organisation_states_its_own_price_and_durations_in_the_admin(maintainer, cast, c011):
    org = cast.giving_practice
    page = maintainer.get(reverse("admin:directory_organisation_change", args=[org.pk])).content.decode()
    # Every other inline of the organisation is posted empty, under the prefix the page gives it.
    others = set(re.findall(r'name="([^"]*)-TOTAL_FORMS"', page)) - {"prices", "step_durations"}
    data = {
        "name": org.name,
        "kind": org.kind,
        "agb_code": org.agb_code,
        "ura_code": org.ura_code or "",
        "city": org.city,
        "complaint_scheme": org.complaint_scheme,
        "parent": "",
        **{key: value for prefix in others for key, value in inline(prefix, []).items()},
        **inline(
            "prices",
            [{"tariff": c011.pk, "valid_from": "2026-01-01", "valid_until": "", "amount_cents": "15000"}],
        ),
        **inline("step_durations", [{"protocol": "dental-knmt", "status": "submitted", "days": "3"}]),
    }

    response = maintainer.post(reverse("admin:directory_organisation_change", args=[org.pk]), data)

    assert 'id="prices-group"' in page
    assert 'id="step_durations-group"' in page
    assert response.status_code == 302, re.findall(
        r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S
    )
    assert price_on(code="C011", organisation_id=org.pk, day=D(2026, 5, 1)).source == PRACTICE
    assert org.step_durations.get().days == 3
