"""The same file sent twice (a double click on the web, an API client retrying an upload whose answer
it lost) is stored once: the second send answers with the document the first one added. A different
file, name, purpose or person is a new document."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.api.models import ApiToken
from secondopinion.audit.models import AccessEvent
from secondopinion.documents.models import Document
from secondopinion.documents.services import document_upload
from tests.documents import files
from tests.documents.conftest import stored_files, upload
from tests.reading import visible_text

pytestmark = pytest.mark.django_db


def add(cast, case, name="foto.png", content=None, purpose="patient_brought", actor=None):
    return document_upload(
        actor=actor or cast.patient_user,
        case_id=case.pk,
        upload=upload(name, content if content is not None else files.png(), "image/png"),
        purpose=purpose,
        source="web",
    )


def test_the_same_file_sent_twice_from_the_web_is_one_document(cast, a_case, document_root):
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(cast.patient_user)
    url = reverse("web:document-add", kwargs={"case_id": a_case.pk})
    content = files.png()

    def send():
        return client.post(
            url, {"purpose": "patient_brought", "file": upload("kies.png", content, "image/png")}, follow=True
        )

    first, second = send(), send()

    assert first.status_code == second.status_code == 200
    assert "Het document is toegevoegd." in visible_text(second.content.decode())
    assert Document.objects.filter(case=a_case).count() == 1
    assert len(stored_files(document_root)) == 1
    assert AccessEvent.objects.filter(case=a_case, action="create", data__startswith="document").count() == 1


def test_the_same_file_sent_twice_over_the_api_answers_with_the_same_document(cast, a_case, document_root):
    _token, secret = ApiToken.issue(user=cast.patient_user, name="tests")
    content = files.png()

    def send():
        return Client().post(
            f"/api/v1/cases/{a_case.pk}/documents",
            {"purpose": "patient_brought", "file": upload("kies.png", content, "image/png")},
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )

    first, second = send(), send()

    assert first.status_code == second.status_code == 201, second.content
    assert json.loads(second.content)["id"] == json.loads(first.content)["id"]
    assert len(stored_files(document_root)) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"name": "andere-naam.png"},
        {"content": files.png((4, 4))},
        {"purpose": "consent_form"},
        {"actor": "coordinator"},
    ],
    ids=["other name", "other content", "other purpose", "another person"],
)
def test_anything_else_is_a_new_document(cast, a_case, document_root, change):
    first = add(cast, a_case, actor=cast.patient_user)
    if change.get("actor"):
        change = {**change, "actor": cast.coordinator}

    second = add(cast, a_case, **change)

    assert second.pk != first.pk
    assert Document.objects.filter(case=a_case).count() == 2
    assert len(stored_files(document_root)) == 2
