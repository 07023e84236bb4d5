"""How a role, the basis a report was sent on, and whose case it is read for the patient and the representative."""

import pytest
from django.utils import translation

from secondopinion.web.templatetags.web import role_label


def test_the_requester_a_report_is_sent_to_reads_as_a_word_not_a_key():
    with translation.override("nl"):
        assert role_label("requester") == "aanvrager"
        assert role_label("patient") == "patiënt"
    with translation.override("en"):
        assert role_label("requester") == "requester"


def test_an_unknown_basis_is_shown_as_it_is():
    assert role_label("something-else") == "something-else"


@pytest.mark.django_db
def test_a_representative_reads_whose_second_opinion_it_is(cast):
    from django.test import Client
    from django.urls import reverse

    from secondopinion.cases.services import case_submit
    from tests.conftest import representation_in_force, submit_input

    representation_in_force(cast)
    case = case_submit(
        actor=cast.representative, data=submit_input(cast, requester_kind="representative"), source="web"
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(cast.representative)
    as_representative = client.get(reverse("web:case", args=[case.pk])).content.decode()
    client.force_login(cast.patient_user)
    as_patient = client.get(reverse("web:case", args=[case.pk])).content.decode()

    name = cast.patient.name
    assert f"De second opinion van {name}" in as_representative
    assert f"U handelt als vertegenwoordiger van {name}" in as_representative
    assert "Uw second opinion" in as_patient
    assert "U handelt als vertegenwoordiger" not in as_patient
