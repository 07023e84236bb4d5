import pytest
from django.urls import reverse

from secondopinion.cases.inputs import StepInput
from secondopinion.cases.services import case_submit, case_transition
from tests.conftest import submit_input
from tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def denturist_case(cast):
    denturist = PractitionerFactory(discipline="denturist", organisation=cast.treating_practice)
    data = submit_input(
        cast,
        protocol="denturist-ont",
        treating_practitioner_id=denturist.pk,
        subject="finished_work",
        treatment_started=True,
    )
    case = case_submit(actor=cast.patient_user, data=data, source="web")
    return case_transition(
        actor=cast.coordinator,
        case_id=case.pk,
        to="accepted",
        data=StepInput(classification="second_opinion"),
        source="web",
    )


@pytest.mark.parametrize(
    ("who", "url"), [("coordinator", "case"), ("patient_user", "case"), ("coordinator", "home")]
)
def test_the_prosthesis_hold_shows_on_every_view_of_a_denturist_case(client, cast, denturist_case, who, url):
    client.force_login(getattr(cast, who))

    page = client.get(
        reverse(f"web:{url}", args=[denturist_case.pk] if url == "case" else [])
    ).content.decode()

    assert "Prothese niet aanpassen (R3)" in page or "prothese vast" in page


def test_a_dental_case_has_no_prosthesis_hold(client, cast, a_case):
    client.force_login(cast.coordinator)

    assert (
        "R3"
        not in client.get(reverse("web:case", args=[a_case.pk]))
        .content.decode()
        .split("Regels van dit protocol")[0]
    )


def test_triage_shows_what_intake_suggests(client, cast, submit):
    case = submit(wants_transfer=True)
    client.force_login(cast.coordinator)

    page = client.get(reverse("web:case", args=[case.pk])).content.decode()

    assert "Voorstel bij intake" in page
    assert "Overname van behandeling" in page
