import pytest
from django.urls import reverse

from tests.access.complaints import _complaint

pytestmark = pytest.mark.django_db


def test_the_complaints_officer_sees_which_rules_a_closed_case_followed(client, cast, a_case, advance):
    case = advance(a_case, "closed")
    _complaint(case)  # the officer reads a case complained about (need to know)
    client.force_login(cast.complaints_officer)

    page = client.get(reverse("web:conformance", args=[case.pk])).content.decode()

    assert "Welke regels zijn gevolgd" in page
    assert page.count('class="verdict--followed"') >= 15
    assert 'class="verdict--not_applicable"' in page  # R19: no colleague was consulted


def test_a_stranger_gets_no_conformance_page(client, cast, a_case):
    client.force_login(cast.stranger)

    assert client.get(reverse("web:conformance", args=[a_case.pk])).status_code == 404


def test_the_rule_catalogue_is_public_and_lists_every_protocol_in_both_languages(client):
    dutch = client.get(reverse("web:protocols")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("web:protocols")).content.decode()

    for name in (
        "Tandarts (KNMT-praktijkrichtlijn)",
        "Tandprotheticus (ONT)",
        "Medisch specialist",
        "Huisarts",
    ):
        assert name in dutch
    for name in (
        "Dentist (KNMT practice guideline)",
        "Denturist (ONT)",
        "Medical specialist",
        "General practitioner",
    ):
        assert name in english
    assert "R28" in dutch
