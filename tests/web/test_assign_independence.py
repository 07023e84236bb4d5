import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_assign_step_offers_only_independent_givers_and_says_why_others_are_not(
    client, cast, a_case, advance
):
    case = advance(a_case, "accepted")
    client.force_login(cast.coordinator)

    page = client.get(reverse("web:case", args=[case.pk])).content.decode()

    offered = page.split('name="giver_id"')[1].split("</select>")[0]
    assert f'value="{cast.giver.pk}"' in offered
    assert f'value="{cast.colleague.pk}"' not in offered
    assert (
        f"{cast.colleague.name} — {cast.treating_practice}: werkt of werkte in dezelfde organisatie" in page
    )
