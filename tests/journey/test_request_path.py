"""One request path: the home button and the old form's address lead to the wizard, which the decision
aid fills in; the practitioner step lists only the discipline the protocol needs, and a practitioner the
directory lacks is named in free text and linked later by a coordinator of the chosen practice only."""

import pytest
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.documents.intake import intake_files
from secondopinion.documents.models import Document, IntakeFile
from secondopinion.journey.models import UnlistedRequest
from tests.documents.files import pdf
from tests.factories import OrganisationFactory, PractitionerFactory
from tests.journey.test_wizard import PATIENT_ANSWERS, url, walk

pytestmark = pytest.mark.django_db

DECISION = {
    "asked": "1",
    "protocol": "dental-knmt",
    "wants_transfer": "no",
    "treatment_ended": "no",
    "about_the_person": "no",
    "doubts_the_care": "yes",
    "work_done": "no",
}
UNLISTED = {
    "unlisted": "on",
    "unlisted_kind": "dental-knmt",
    "unlisted_name": "J. de Boer",
    "unlisted_practice": "Tandartspraktijk Het Anker",
    "unlisted_place": "Zwolle",
}


@pytest.fixture
def patient(client, cast):
    client.force_login(cast.patient_user)
    return client


def test_the_home_button_leads_to_the_wizard(patient):
    home = patient.get(reverse("web:home")).content.decode()

    assert f'class="button" href="{reverse("journey:request")}"' in home
    assert reverse("web:case-new") not in home


def test_the_old_form_sends_patients_to_the_wizard_and_staff_keep_it(client, cast):
    client.force_login(cast.patient_user)
    assert client.get(reverse("web:case-new")).url == reverse("journey:request")
    client.force_login(cast.representative)
    assert client.get(reverse("web:case-new")).url == reverse("journey:request")
    client.force_login(cast.coordinator)
    assert client.get(reverse("web:case-new")).status_code == 200


def test_the_decision_aids_answers_fill_in_the_wizard_shown_as_such_and_changeable(patient, cast):
    patient.get(reverse("journey:decide"), DECISION)

    patient.get(reverse("journey:request"))
    patient.post(url("who"), PATIENT_ANSWERS["who"])
    practitioner = patient.get(url("practitioner"))
    patient.post(url("practitioner"), {"treating_practitioner": cast.treating.pk})
    patient.post(url("question"), PATIENT_ANSWERS["question"])
    situation = patient.get(url("situation"))

    assert practitioner.context["kind"] == "dental-knmt"
    assert "uit de keuzehulp al ingevuld" in situation.content.decode()
    assert situation.context["form"].initial["under_treatment"] == "yes"
    assert situation.context["form"].initial["treatment_started"] == "no"
    assert situation.context["form"].initial["subject"] == "treatment_plan"
    changed = {**PATIENT_ANSWERS["situation"], "under_treatment": "unclear"}
    patient.post(url("situation"), changed)
    assert patient.session["journey"]["under_treatment"] == "unclear"


def test_without_the_decision_aid_the_wizard_starts_empty(patient):
    patient.get(reverse("journey:request"))

    response = patient.get(url("who"))

    assert response.context["seeded"] is False
    assert "keuzehulp al ingevuld" not in response.content.decode()


def test_the_practitioner_step_lists_only_the_discipline_the_protocol_needs(patient, cast):
    utrecht = OrganisationFactory(name="UMC Utrecht", city="Utrecht")
    PractitionerFactory(
        name="Dr. Neuro", discipline="medical_specialist", specialism="neurologie", organisation=utrecht
    )
    walk(patient, cast, until="practitioner")

    dentists = patient.get(url("practitioner"), {"q": "Utrecht", "kind": "dental-knmt"})
    everyone = patient.get(url("practitioner"), {"q": "Utrecht"})

    assert {p.discipline for p in dentists.context["found"]} == {"dentist"}
    assert cast.treating in dentists.context["found"]
    assert {p.discipline for p in everyone.context["found"]} >= {"dentist", "gp", "medical_specialist"}


def test_a_practitioner_of_another_kind_than_searched_for_is_refused(patient, cast):
    walk(patient, cast, until="practitioner")

    response = patient.post(url("practitioner"), {"treating_practitioner": cast.gp.pk, "kind": "dental-knmt"})

    assert response.status_code == 422
    assert "treating_practitioner" in response.context["form"].errors


def test_a_practitioner_not_listed_needs_name_practice_and_place(patient, cast):
    walk(patient, cast, until="practitioner")

    response = patient.post(url("practitioner"), {"unlisted": "on", "unlisted_kind": "dental-knmt"})

    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"unlisted_name", "unlisted_practice", "unlisted_place"}
    assert 'href="#journey-unlisted_name"' in response.content.decode()


def unlisted_request(client, cast) -> UnlistedRequest:
    """The patient asks with a dentist the directory lacks, brings a treatment plan, and sends it."""
    walk(client, cast, until="practitioner")
    for step, body in [
        ("practitioner", UNLISTED),
        ("question", PATIENT_ANSWERS["question"]),
        ("situation", PATIENT_ANSWERS["situation"]),
        ("referral", PATIENT_ANSWERS["referral"]),
        ("place", {"organisation": cast.giving_practice.pk}),
        ("consents", PATIENT_ANSWERS["consents"]),
    ]:
        response = client.post(url(step), body)
        assert response.status_code == 302, (step, response.content.decode()[:1500])
    plan = client.post(url("documents"), {"files": [_file("behandelplan.pdf")], "next": ""})
    assert plan.status_code == 302
    summary = client.get(url("summary"))
    assert "J. de Boer, Tandartspraktijk Het Anker, Zwolle" in summary.content.decode()
    assert client.post(url("summary")).status_code == 302
    return UnlistedRequest.objects.get()


def _file(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf(), content_type="application/pdf")


def test_a_practitioner_not_listed_is_stored_with_the_request_and_waits_for_a_link(patient, cast):
    waiting = unlisted_request(patient, cast)

    assert (waiting.practitioner_name, waiting.practice_name, waiting.place) == (
        "J. de Boer",
        "Tandartspraktijk Het Anker",
        "Zwolle",
    )
    assert (waiting.patient, waiting.organisation, waiting.protocol) == (
        cast.patient,
        cast.giving_practice,
        "dental-knmt",
    )
    assert not SecondOpinionCase.objects.exists()
    assert IntakeFile.objects.get().held_at is not None
    # A new draft starts without it: the file is held for this request.
    assert intake_files(actor=cast.patient_user, patient_id=cast.patient.pk) == []


def test_the_coordinator_links_it_and_the_case_is_submitted_with_its_documents(client, cast):
    client.force_login(cast.patient_user)
    waiting = unlisted_request(client, cast)
    listed = PractitionerFactory(name="J. de Boer", discipline="dentist", organisation=cast.other_practice)
    client.force_login(cast.coordinator)

    page = client.get(reverse("journey:unlisted-link", args=[waiting.pk]))
    response = client.post(reverse("journey:unlisted-link", args=[waiting.pk]), {"practitioner": listed.pk})

    assert page.status_code == 200
    assert listed in page.context["found"]
    case = SecondOpinionCase.objects.get()
    assert response.url == reverse("web:case", kwargs={"case_id": case.pk})
    assert (case.treating_practitioner, case.patient, case.requester) == (
        listed,
        cast.patient,
        cast.patient_user,
    )
    waiting.refresh_from_db()
    assert (waiting.case, waiting.linked_by, waiting.linked_practitioner) == (case, cast.coordinator, listed)
    assert Document.objects.get(case=case).original_name == "behandelplan.pdf"
    assert AccessEvent.objects.filter(actor=cast.coordinator, case=case, action="update").exists()
    assert waiting not in client.get(reverse("journey:unlisted")).context["waiting"]


def test_a_practitioner_of_another_discipline_is_not_linked(client, cast):
    client.force_login(cast.patient_user)
    waiting = unlisted_request(client, cast)
    client.force_login(cast.coordinator)

    response = client.post(reverse("journey:unlisted-link", args=[waiting.pk]), {"practitioner": cast.gp.pk})

    assert response.status_code == 422
    assert not SecondOpinionCase.objects.exists()


@pytest.mark.parametrize("who", ["other_coordinator", "patient_user", "giver_user", "stranger"])
def test_only_a_coordinator_of_the_chosen_practice_sees_or_links_it(client, cast, who):
    client.force_login(cast.patient_user)
    waiting = unlisted_request(client, cast)
    client.force_login(getattr(cast, who))

    page = client.get(reverse("journey:unlisted-link", args=[waiting.pk]))
    link = client.post(
        reverse("journey:unlisted-link", args=[waiting.pk]), {"practitioner": cast.treating.pk}
    )
    listing = client.get(reverse("journey:unlisted"))

    # The patient is related to her request, but only the practice links it (access/permissions.py).
    refused = 403 if who == "patient_user" else 404
    assert (page.status_code, link.status_code) == (refused, refused)
    if who == "other_coordinator":  # a coordinator elsewhere: a list, without this request
        assert waiting not in listing.context["waiting"]
    else:
        assert listing.status_code == 404
    assert cast.patient.name not in page.content.decode()
    assert not SecondOpinionCase.objects.exists()
