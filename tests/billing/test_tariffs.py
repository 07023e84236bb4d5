"""R25: a dental second opinion is billed with C011; C28 is the code of older documents."""

import datetime as dt

import pytest
from django.utils import timezone

from secondopinion.billing.models import BillingLine, TariffCode
from secondopinion.billing.services import billing_add_protocol_line, tariff_valid_on
from secondopinion.cases.services import case_transition
from secondopinion.core.errors import InvalidInput, RuleBlocked
from tests.cases.footprint import footprint
from tests.conftest import HAPPY_PATH, step_input

pytestmark = pytest.mark.django_db

FINALISE, CLOSE = HAPPY_PATH[-2:]


def test_c011_is_valid_today():
    today = timezone.localdate()

    assert tariff_valid_on("C011", today) is not None
    assert TariffCode.objects.get(code="C011").valid_on(today)


def test_c28_was_valid_in_2015_and_is_not_today():
    c28 = TariffCode.objects.get(code="C28")

    assert c28.valid_on(dt.date(2015, 6, 1))
    assert not c28.valid_on(timezone.localdate())
    assert tariff_valid_on("C28", dt.date(2015, 6, 1)) == c28
    assert tariff_valid_on("C28", timezone.localdate()) is None


def test_c011_was_not_yet_valid_in_2015():
    assert tariff_valid_on("C011", dt.date(2015, 6, 1)) is None


def test_finalising_a_report_adds_exactly_one_c011_line(cast, a_case, advance):
    case = advance(a_case, "report_draft")
    assert not BillingLine.objects.filter(case=case).exists()
    to, actor, values = FINALISE

    case = case_transition(
        actor=getattr(cast, actor), case_id=case.pk, to=to, data=step_input(cast, values), source="web"
    )

    (line,) = BillingLine.objects.filter(case=case)
    assert line.tariff.code == "C011"
    assert line.service_date == timezone.localdate()
    assert line.created_by == cast.giver_user


def test_adding_the_protocol_line_twice_keeps_one_line(cast, a_case, advance):
    case = advance(a_case, "report_final")

    again = billing_add_protocol_line(case=case, actor=cast.giver_user, on=timezone.localdate())

    assert list(BillingLine.objects.filter(case=case)) == [again]


def test_it_refuses_a_line_on_a_day_the_code_was_not_valid(cast, a_case):
    with pytest.raises(InvalidInput) as error:
        billing_add_protocol_line(case=a_case, actor=cast.coordinator, on=dt.date(2015, 6, 1))

    assert error.value.field == "tariff"
    assert "C011" in error.value.detail.en
    assert not BillingLine.objects.exists()


def test_it_refuses_to_close_a_case_without_its_c011_line(cast, a_case, advance):
    case = advance(a_case, "report_final")
    BillingLine.objects.filter(case=case).delete()
    before = footprint(case.pk)
    to, actor, values = CLOSE

    with pytest.raises(RuleBlocked) as error:
        case_transition(
            actor=getattr(cast, actor), case_id=case.pk, to=to, data=step_input(cast, values), source="web"
        )

    assert error.value.rule_ids == ["R25"]
    assert "C011" in error.value.violations[0].detail.en
    assert "C011" in error.value.violations[0].detail.nl
    assert footprint(case.pk) == before
