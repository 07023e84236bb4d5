"""R25 on the web: the billing panel's form for the giver and the coordinator, refusals shown on
the field they name, no form for the patient, nothing for a stranger."""

import html as html_lib

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from secondopinion.audit.models import AccessEvent
from secondopinion.billing.models import BillingLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def examining(a_case, advance):
    return advance(a_case, "in_examination")


def as_user(client, user, language: str = "nl"):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def billing_url(case) -> str:
    return reverse("web:billing-add", args=[case.pk])


def page(response) -> str:
    return html_lib.unescape(response.content.decode())


def field_block(panel: str, field_id: str) -> str:
    """The rendered field whose label points at `field_id`: its class, label, errors and widget."""
    return next(block for block in panel.split('<div class="field')[1:] if f'for="{field_id}"' in block)


def line(code="X10", quantity=2, day=None) -> dict:
    return {"code": code, "quantity": quantity, "date": (day or timezone.localdate()).isoformat()}


@pytest.mark.parametrize("who", ["giver_user", "coordinator"])
def test_the_giver_and_the_coordinator_add_a_line_through_the_panel(client, cast, examining, who):
    client = as_user(client, getattr(cast, who))

    response = client.post(billing_url(examining), line("X10", 2))

    assert response.status_code == 302
    assert response["Location"] == reverse("web:case", args=[examining.pk])
    added = BillingLine.objects.get(case=examining)
    assert (added.tariff.code, added.quantity, added.service_date) == ("X10", 2, timezone.localdate())
    assert added.created_by == getattr(cast, who)
    assert AccessEvent.objects.filter(case=examining, data="billing-line", action="create").count() == 1
    shown = page(client.get(reverse("web:case", args=[examining.pk])))
    assert "X10" in shown


def test_the_form_offers_the_protocols_codes_valid_today_and_not_c28(client, cast, examining):
    shown = page(as_user(client, cast.giver_user).get(reverse("web:case", args=[examining.pk])))

    form = shown.split('id="billing"')[1].split("</section>")[0]
    assert f'action="{billing_url(examining)}#billing"' in form
    for code in ("C011", "X10", "X21"):
        assert f'<option value="{code}"' in form
    assert 'value="C28"' not in form


@pytest.mark.parametrize(
    ("language", "words"),
    [("nl", "Code C28 is niet geldig op"), ("en", "Code C28 is not valid on")],
)
def test_a_c28_for_today_is_refused_next_to_the_code_field(client, cast, examining, language, words):
    client = as_user(client, cast.giver_user, language)

    response = client.post(billing_url(examining), line("C28", 1))

    assert response.status_code == 422
    assert not BillingLine.objects.filter(case=examining).exists()
    panel = page(response).split('id="billing"')[1].split("</section>")[0]
    # On the field it names: the error summary links to the code field, and the field carries it.
    assert 'href="#billing-code"' in panel
    code_field = field_block(panel, "billing-code")
    assert code_field.startswith(" field--error")
    assert words in code_field


def test_a_quantity_out_of_range_is_refused_on_the_quantity_field(client, cast, examining):
    response = as_user(client, cast.giver_user, "en").post(billing_url(examining), line("X10", 99))

    assert response.status_code == 422
    assert not BillingLine.objects.filter(case=examining).exists()
    panel = page(response).split('id="billing"')[1].split("</section>")[0]
    assert 'href="#billing-quantity"' in panel
    assert "The quantity is between 1 and 50." in field_block(panel, "billing-quantity")


def test_a_missing_date_is_refused_by_the_form_and_the_codes_are_offered_again(client, cast, examining):
    response = as_user(client, cast.giver_user, "en").post(
        billing_url(examining), {"code": "X10", "quantity": 1, "date": ""}
    )

    assert response.status_code == 422
    panel = page(response).split('id="billing"')[1].split("</section>")[0]
    assert 'href="#billing-date"' in panel
    assert field_block(panel, "billing-date").startswith(" field--error")
    assert '<option value="X10" selected' in panel


def test_the_patient_sees_the_billing_panel_without_a_form_and_may_not_post(client, cast, examining):
    client = as_user(client, cast.patient_user)

    shown = page(client.get(reverse("web:case", args=[examining.pk])))
    response = client.post(billing_url(examining), line())

    assert 'id="billing"' in shown
    assert billing_url(examining) not in shown
    assert response.status_code == 403
    assert not BillingLine.objects.filter(case=examining).exists()


def test_a_stranger_gets_404_and_nothing_is_billed(client, cast, examining):
    response = as_user(client, cast.stranger).post(billing_url(examining), line())

    assert response.status_code == 404
    assert examining.reference not in page(response)
    assert not BillingLine.objects.filter(case=examining).exists()


def test_once_the_protocols_own_code_is_billed_the_form_no_longer_offers_it(client, cast, examining):
    client = as_user(client, cast.giver_user)
    client.post(billing_url(examining), line("C011", 1))

    panel = page(client.get(reverse("web:case", args=[examining.pk]))).split('id="billing"')[1]

    assert BillingLine.objects.filter(case=examining, tariff__code="C011").count() == 1
    assert '<option value="C011"' not in panel.split("</section>")[0]
    assert '<option value="X10"' in panel.split("</section>")[0]
