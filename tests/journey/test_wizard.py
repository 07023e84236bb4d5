"""The request wizard: one question per screen, every step validated on the server, ending in a
submitted case or in guidance, never in a dead end."""

import pytest
from django.urls import reverse
from django.utils import timezone

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.consent.models import Consent
from secondopinion.directory.models import Representative
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

PATIENT_ANSWERS = {
    "who": {"requester_kind": "patient"},
    "question": {"care_question": "Moet kies 36 echt getrokken worden, of kan een wortelkanaalbehandeling?"},
    "situation": {
        "subject": "treatment_plan",
        "treatment_started": "no",
        "under_treatment": "yes",
        "wants_transfer": "no",
    },
    "referral": {"has_referral": "yes"},
    "consents": {
        "request_records": "on",
        "inform_own_practitioner": "on",
        "own_practitioner_informed": "yes",
    },
}


def url(step: str) -> str:
    return reverse(f"journey:request-{step}")


def walk(client, cast, *, until: str = "summary", **changes) -> None:
    """Answer every step up to `until`, with `changes` replacing a step's answers."""
    answers = {**PATIENT_ANSWERS, "practitioner": {"treating_practitioner": cast.treating.pk}}
    answers["place"] = {"organisation": cast.giving_practice.pk}
    answers.update(changes)
    for step in ("who", "practitioner", "question", "situation", "referral", "place", "consents"):
        if step == until:
            return
        response = client.post(url(step), answers[step])
        assert response.status_code == 302, (step, response.content.decode()[:2000])


@pytest.fixture
def patient(client, cast):
    client.force_login(cast.patient_user)
    return client


def test_the_wizard_shows_the_step_and_how_many_there_are(patient, cast):
    response = patient.get(url("who"))

    assert response.status_code == 200
    assert "Stap 1 van 9" in response.content.decode()


def test_a_later_step_sends_back_to_the_first_unanswered_one(patient, cast):
    response = patient.get(url("referral"))

    assert response.status_code == 302
    assert response.url == url("who")


@pytest.mark.parametrize(
    ("step", "body", "field"),
    [
        ("who", {}, "requester_kind"),
        ("practitioner", {}, "treating_practitioner"),
        ("practitioner", {"treating_practitioner": "999999"}, "treating_practitioner"),
        ("question", {"care_question": "   "}, "care_question"),
        ("question", {"care_question": "kies?"}, "care_question"),
        (
            "situation",
            {"subject": "treatment_plan", "treatment_started": "no", "under_treatment": "yes"},
            "wants_transfer",
        ),
        (
            "situation",
            {
                "subject": "gossip",
                "treatment_started": "no",
                "under_treatment": "yes",
                "wants_transfer": "no",
            },
            "subject",
        ),
        ("referral", {"has_referral": "maybe"}, "has_referral"),
        ("place", {"organisation": "0"}, "organisation"),
        ("consents", {}, "own_practitioner_informed"),
    ],
)
def test_each_step_refuses_a_missing_or_wrong_answer_and_names_the_field(patient, cast, step, body, field):
    walk(patient, cast, until=step)

    response = patient.post(url(step), body)

    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert f'href="#journey-{field}"' in response.content.decode()


def test_the_place_step_offers_only_practices_independent_of_the_treating_practitioner(patient, cast):
    walk(patient, cast, until="place")

    response = patient.post(url("place"), {"organisation": cast.treating_practice.pk})

    assert response.status_code == 422
    offered = [value for value, _label in response.context["form"].fields["organisation"].choices]
    assert cast.giving_practice.pk in offered
    assert cast.treating_practice.pk not in offered


def test_the_practitioner_step_searches_the_directory_by_name_or_place(patient, cast):
    walk(patient, cast, until="practitioner")

    response = patient.get(url("practitioner"), {"q": "Utrecht"})

    found = {p.pk for p in response.context["found"]}
    assert cast.treating.pk in found
    assert cast.gp.pk in found
    assert cast.giver.pk not in found  # Amersfoort


def test_the_wizards_submission_creates_the_case_with_the_patients_consents(patient, cast):
    walk(patient, cast)

    response = patient.post(url("summary"))

    case = SecondOpinionCase.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("web:case", kwargs={"case_id": case.pk})
    assert case.patient == cast.patient
    assert case.protocol == "dental-knmt"
    assert case.organisation == cast.giving_practice
    assert case.has_referral
    assert case.own_practitioner_informed
    assert set(Consent.objects.filter(case=case).values_list("purpose", flat=True)) == {
        "request_records",
        "inform_own_practitioner",
    }
    assert "journey" not in patient.session


def test_a_dental_request_about_finished_work_ends_in_guidance_and_no_case(patient, cast):
    walk(patient, cast, until="situation")

    response = patient.post(
        url("situation"),
        {
            "subject": "finished_work",
            "treatment_started": "yes",
            "under_treatment": "yes",
            "wants_transfer": "no",
        },
        follow=True,
    )

    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("journey:request-guidance")
    assert response.context["rules"][0][0] == "R2"  # its text is shown, its id is not
    assert not says(visible_text(body), "R2")
    assert "klachtenregeling" in body
    assert reverse("journey:request-situation") in body  # never a dead end: a way back
    assert not SecondOpinionCase.objects.exists()


def test_a_wish_to_switch_practitioner_ends_in_guidance_on_a_transfer_of_care(patient, cast):
    walk(patient, cast, until="situation")

    response = patient.post(
        url("situation"),
        {
            "subject": "treatment_plan",
            "treatment_started": "no",
            "under_treatment": "yes",
            "wants_transfer": "yes",
        },
        follow=True,
    )

    body = response.content.decode()
    assert "R7" in [rule_id for rule_id, _text in response.context["rules"]]
    assert not says(visible_text(body), "R7")
    assert "overname van behandeling" in body
    assert not SecondOpinionCase.objects.exists()


def test_the_service_blocks_finished_work_even_when_the_session_was_altered(patient, cast):
    """R2 is the engine's: a submission that skipped the wizard's check still ends in guidance."""
    walk(patient, cast)
    session = patient.session
    session["journey"] = {**session["journey"], "subject": "finished_work", "treatment_started": "yes"}
    session.save()

    response = patient.post(url("summary"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("journey:request-guidance")
    assert "R2" in [rule_id for rule_id, _text in response.context["rules"]]
    assert not SecondOpinionCase.objects.exists()


def test_a_representative_without_the_patients_consent_cannot_submit(client, cast):
    Representative.objects.create(user=cast.representative, patient=cast.patient, relation="partner")
    client.force_login(cast.representative)
    walk(
        client,
        cast,
        who={"requester_kind": "representative", "represented": cast.patient.pk},
        consents={"own_practitioner_informed": "no", "patient_agrees": "on"},
    )

    response = client.post(url("summary"))

    assert response.status_code == 422
    assert "R8" in response.context["error"].rule_ids  # the page says it in words, without the id
    assert "toestemming van de patiënt" in response.content.decode()
    assert not SecondOpinionCase.objects.exists()


def test_a_representative_must_confirm_the_patient_knows_and_agrees(client, cast):
    Representative.objects.create(
        user=cast.representative, patient=cast.patient, relation="partner", consent_given_at=timezone.now()
    )
    client.force_login(cast.representative)
    walk(
        client,
        cast,
        until="consents",
        who={"requester_kind": "representative", "represented": cast.patient.pk},
    )

    response = client.post(url("consents"), {"own_practitioner_informed": "no"})

    assert response.status_code == 422
    assert "patient_agrees" in response.context["form"].errors


def test_a_representative_with_the_patients_consent_submits_for_the_patient(client, cast):
    Representative.objects.create(
        user=cast.representative, patient=cast.patient, relation="partner", consent_given_at=timezone.now()
    )
    client.force_login(cast.representative)
    walk(
        client,
        cast,
        who={"requester_kind": "representative", "represented": cast.patient.pk},
        consents={"own_practitioner_informed": "no", "patient_agrees": "on"},
    )

    response = client.post(url("summary"))

    case = SecondOpinionCase.objects.get()
    assert response.status_code == 302
    assert case.patient == cast.patient
    assert case.requester == cast.representative
    assert case.requester_kind == "representative"


def test_someone_who_represents_nobody_cannot_ask_on_a_patients_behalf(client, cast):
    client.force_login(cast.stranger)

    response = client.post(url("who"), {"requester_kind": "representative"})

    assert response.status_code == 422
    assert "vertegenwoordiger" in str(response.context["form"].errors["requester_kind"])


def test_a_user_who_is_not_a_patient_cannot_ask_as_the_patient(client, cast):
    client.force_login(cast.stranger)

    response = client.post(url("who"), {"requester_kind": "patient"})

    assert response.status_code == 422
    assert "requester_kind" in response.context["form"].errors
