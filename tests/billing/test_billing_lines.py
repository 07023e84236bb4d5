"""R25: other procedures (X-rays) billed beside C011, each with a code valid on its date; by the
giver or the coordinator only; a stranger learns nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from secondopinion.audit.models import AccessEvent
from secondopinion.billing.models import BillingLine
from secondopinion.billing.services import billing_add_line
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted, TransitionNotAllowed
from tests.access.complaints import _complaint
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def examining(a_case, advance):
    return advance(a_case, "in_examination")


def add(cast, case, code="X10", *, who="giver_user", quantity=1, day=None):
    return billing_add_line(
        actor=getattr(cast, who),
        case_id=case.pk,
        code=code,
        quantity=quantity,
        date=day or timezone.localdate(),
        source="web",
    )


@pytest.mark.parametrize("code", ["X10", "X21", "C011"])
def test_the_giver_bills_a_procedure_valid_today_and_the_access_is_logged(cast, examining, code):
    line = add(cast, examining, code, quantity=1)

    assert (line.tariff.code, line.quantity, line.service_date) == (code, 1, timezone.localdate())
    event = AccessEvent.objects.filter(case=examining, data="billing-line").get()
    assert (event.action, event.role, event.actor_id) == ("create", "giver", cast.giver_user.pk)


def test_the_coordinator_bills_two_bitewings(cast, examining):
    line = add(cast, examining, "x10", who="coordinator", quantity=2)

    assert (line.tariff.code, line.quantity, line.created_by) == ("X10", 2, cast.coordinator)


def test_it_refuses_c28_on_a_date_after_2017_naming_the_code_and_its_period(cast, examining):
    with pytest.raises(InvalidInput) as error:
        add(cast, examining, "C28")

    assert error.value.field == "code"
    assert "C28" in error.value.detail.en
    assert "31-12-2017" in error.value.detail.en
    assert "t/m 31-12-2017" in error.value.detail.nl
    assert not BillingLine.objects.exists()


def test_it_refuses_a_code_the_protocol_does_not_bill(cast, examining):
    with pytest.raises(InvalidInput) as error:
        add(cast, examining, "V21")

    assert error.value.field == "code"
    assert "C011" in error.value.detail.en
    assert "X10" in error.value.detail.en


@pytest.mark.parametrize(
    ("day", "quantity", "field"),
    [
        (timezone.localdate() + dt.timedelta(days=1), 1, "date"),
        (dt.date(2019, 3, 1), 1, "date"),
        (None, 0, "quantity"),
        (None, 51, "quantity"),
    ],
    ids=["tomorrow", "before-the-request", "none", "too-many"],
)
def test_it_refuses_a_date_or_quantity_out_of_range(cast, examining, day, quantity, field):
    with pytest.raises(InvalidInput) as error:
        add(cast, examining, day=day, quantity=quantity)

    assert error.value.field == field
    assert not BillingLine.objects.exists()


def test_c011_is_billed_once_per_second_opinion(cast, examining):
    add(cast, examining, "C011")

    with pytest.raises(InvalidInput) as error:
        add(cast, examining, "C011")

    assert error.value.field == "code"
    assert "R25" in error.value.detail.en


def test_a_submitted_case_has_no_procedures_to_bill_yet(cast, a_case):
    with pytest.raises(TransitionNotAllowed) as error:  # the case's state, not the input: 409
        add(cast, a_case, who="coordinator")

    assert error.value.field == "status"


@pytest.mark.parametrize("who", ["patient_user", "complaints_officer", "gp_user"])
def test_other_related_roles_may_not_bill(cast, a_case, advance, who):
    case = advance(a_case, "in_examination")
    if who == "complaints_officer":
        _complaint(case)  # need to know: the officer is related while a complaint is handled
    if who == "gp_user":
        case.referrer = cast.gp
        case.save(update_fields=["referrer"])

    with pytest.raises(NotPermitted):
        add(cast, case, who=who)


def test_a_stranger_gets_not_found(cast, examining):
    with pytest.raises(NotFound):
        add(cast, examining, who="stranger")
    with pytest.raises(NotFound):
        add(cast, examining, who="other_coordinator")


def test_the_api_lists_and_adds_lines_without_inventing_amounts(cast, examining):
    giver, patient = ApiClient(cast.giver_user, "en"), ApiClient(cast.patient_user)
    today = timezone.localdate().isoformat()

    created = giver.post(f"/cases/{examining.pk}/billing-lines", {"code": "X21", "date": today})
    listed = patient.get(f"/cases/{examining.pk}/billing-lines")

    assert created.status_code == 201, created.content
    assert created.json()["description"].startswith("Making and judging a panoramic X-ray")
    assert listed.status_code == 200
    (line,) = listed.json()
    assert (line["code"], line["quantity"], line["date"], line["amount_cents"]) == ("X21", 1, today, None)
    assert line["description"].startswith("Maken en beoordelen kaakoverzichtsfoto")


def test_the_api_answers_c28_today_with_a_problem_naming_the_field(cast, examining):
    response = ApiClient(cast.giver_user, "en").post(
        f"/cases/{examining.pk}/billing-lines", {"code": "C28", "date": timezone.localdate().isoformat()}
    )

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == "code"


def test_the_api_gives_a_stranger_404_and_the_patient_403(cast, examining):
    body = {"code": "X10", "date": timezone.localdate().isoformat()}
    url = f"/cases/{examining.pk}/billing-lines"

    assert ApiClient(cast.stranger).get(url).status_code == 404
    assert ApiClient(cast.stranger).post(url, body).status_code == 404
    assert ApiClient(cast.patient_user).post(url, body).status_code == 403
    assert not BillingLine.objects.exists()
