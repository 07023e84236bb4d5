import pytest
from django.urls import reverse

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.records.models import TreatmentPlan

pytestmark = pytest.mark.django_db


def test_a_colleague_consultation_without_consent_is_refused_on_the_page_with_r19(
    client, cast, a_case, advance
):
    case = advance(a_case, "in_examination")
    client.force_login(cast.giver_user)
    assert (
        "Advies vragen aan een collega (R19)"
        in client.get(reverse("web:case", args=[case.pk])).content.decode()
    )

    response = client.post(
        reverse("web:consult", args=[case.pk]), {"colleague_id": cast.gp.pk, "question": "Endo?"}
    )

    assert response.status_code == 422
    assert "R19" in response.content.decode()


def test_the_giver_drafts_a_plan_when_no_care_plan_exists(client, cast, a_case, advance):
    case = advance(a_case, "in_examination")
    SecondOpinionCase.objects.filter(pk=case.pk).update(care_plan_available=False)
    client.force_login(cast.giver_user)

    response = client.post(
        reverse("web:plan", args=[case.pk]), {"description": "Kroon op 46.", "cost_estimate_euros": "850"}
    )

    assert response.status_code == 302
    assert TreatmentPlan.objects.get().cost_estimate_cents == 85000
