"""The authorisation matrix, continued: the request wizard, the files brought at intake and the requests
whose practitioner is not in the register (secondopinion/journey). Cells and their expected outcomes
as in tests/access/test_matrix.py, which also checks that every endpoint is classified."""

import pytest
from django.urls import reverse

from tests.access.matrix_calls import web_client
from tests.access.world import PATIENT_NAMES, ROWS

pytestmark = pytest.mark.django_db


# The request wizard (secondopinion/journey): it names no patient but the user's own, or one the user
# represents (R8), and its one write goes through case_submit, which `CREATE_ENDPOINTS` cover.
JOURNEY_WIZARD = (
    "journey:request",
    "journey:request-guidance",
    *(f"journey:request-{step}" for step in ("who", "practitioner", "question", "situation")),
    *(f"journey:request-{step}" for step in ("referral", "place", "consents", "documents", "summary")),
)


# Files brought at intake (documents/intake.py): a draft file opens to, and is removed by, its uploader
# only; anyone else (staff of the practice included: no case exists yet) gets 404.
INTAKE_FILES = ("journey:intake-preview", "journey:intake-delete")


@pytest.mark.parametrize(
    ("key", "row_name"),
    [pytest.param(key, row_name, id=f"{key}|{row_name}") for key in INTAKE_FILES for row_name in ROWS],
)
def test_a_file_brought_at_intake_is_its_uploaders_alone(world, key, row_name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from secondopinion.documents.intake import intake_add
    from secondopinion.documents.models import IntakeFile
    from tests.documents.files import png

    photo = intake_add(
        actor=world.users["patient"],
        patient_id=world.cast.patient.pk,
        upload=SimpleUploadedFile("kies.png", png()),
        source="web",
    )
    url = reverse(key, kwargs={"file_id": photo.pk})
    client = web_client(world, ROWS[row_name])

    response = client.get(url) if key.endswith("preview") else client.post(url)

    mine = row_name == "patient"
    assert response.status_code == ((200 if key.endswith("preview") else 302) if mine else 404)
    assert IntakeFile.objects.filter(pk=photo.pk).exists() is not (mine and key.endswith("delete"))


# A request whose practitioner the patient named in free text (journey/unlisted.py): seen, linked and its
# practitioner added to the register by a coordinator of the practice the patient chose only; a
# coordinator elsewhere sees a list without it; the patient, related to it, is refused (403).
UNLISTED_REQUESTS = ("journey:unlisted", "journey:unlisted-link", "journey:unlisted-register")
UNLISTED_STATUS = {
    "journey:unlisted": {"coordinator": 200, "coordinator-other-organisation": 200},
    "journey:unlisted-link": {"coordinator": 200, "patient": 403},
    "journey:unlisted-register": {"coordinator": 302, "patient": 403},
}


@pytest.mark.parametrize(
    ("key", "row_name"),
    [pytest.param(key, row_name, id=f"{key}|{row_name}") for key in UNLISTED_REQUESTS for row_name in ROWS],
)
def test_a_request_with_an_unlisted_practitioner_is_the_chosen_practices_coordinators(world, key, row_name):
    from secondopinion.journey.models import UnlistedRequest
    from tests.journey.unlisted_world import waiting_answers

    waiting = UnlistedRequest.objects.create(
        requester=world.users["patient"],
        patient=world.cast.patient,
        organisation=world.cast.giving_practice,
        protocol="dental-knmt",
        practitioner_name="J. de Boer",
        practice_name="Tandartspraktijk Het Anker",
        place="Zwolle",
        answers=waiting_answers(world.cast),
    )
    listing = key == "journey:unlisted"
    url = reverse(key) if listing else reverse(key, kwargs={"unlisted_id": waiting.pk})
    client = web_client(world, ROWS[row_name])
    added = {"name": "J. de Boer", "discipline": "dentist", "practice": "Het Anker", "city": "Zwolle"}

    response = client.post(url, added) if key.endswith("register") else client.get(url)

    assert response.status_code == UNLISTED_STATUS[key].get(row_name, 404)
    body = response.content.decode()
    assert ("J. de Boer" in body) is (row_name == "coordinator" and not key.endswith("register"))
    assert not any(name in body for name in PATIENT_NAMES if not (row_name == "coordinator" and not listing))
    waiting.refresh_from_db()
    assert (waiting.case_id is not None) is (row_name == "coordinator" and key.endswith("register"))


@pytest.mark.parametrize(
    ("key", "row_name"),
    [pytest.param(key, row_name, id=f"{key}|{row_name}") for key in JOURNEY_WIZARD for row_name in ROWS],
)
def test_the_request_wizard_names_no_patient_but_the_users_own(world, key, row_name):
    from secondopinion.directory.models import Patient

    row = ROWS[row_name]
    user = world.users[row.user]
    own = set(Patient.objects.filter(user=user).values_list("name", flat=True)) | set(
        Patient.objects.filter(
            representatives__user=user, representatives__consent_revoked_at__isnull=True
        ).values_list("name", flat=True)
    )

    response = web_client(world, row).get(reverse(key), follow=True)

    assert response.status_code in (200, 404)
    body = response.content.decode()
    assert not any(name in body for name in PATIENT_NAMES if name not in own)
