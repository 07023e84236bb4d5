"""A refused choice names the values it allows, in the reader's language: in Dutch the last two are
joined with "of", never with the English "or" (api/validation_text.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from secondopinion.api.models import ApiToken
from secondopinion.api.validation_text import dutch_choices, explain
from tests.api.test_errors import assert_problem

PURPOSES = "'record', 'consent_form', 'examination' of 'patient_brought'"


def _upload_with_purpose(cast, case, language: str):
    _token, secret = ApiToken.issue(user=cast.coordinator, name="choices")
    return Client().post(
        f"/api/v1/cases/{case.pk}/documents",
        {"purpose": "xx", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.django_db
def test_an_unknown_document_purpose_lists_the_choices_with_of_in_dutch(cast, a_case):
    body = assert_problem(_upload_with_purpose(cast, a_case, "nl"), 422)

    assert f"purpose: kies een van: {PURPOSES}" in body["detail"]
    assert " or " not in body["detail"]


@pytest.mark.django_db
def test_an_unknown_document_purpose_lists_the_choices_with_or_in_english(cast, a_case):
    body = assert_problem(_upload_with_purpose(cast, a_case, "en"), 422)

    assert (
        "purpose: choose one of: 'record', 'consent_form', 'examination' or 'patient_brought'"
        in (body["detail"])
    )


@pytest.mark.django_db
def test_an_unknown_subject_of_a_new_case_lists_the_choices_with_of_in_dutch(cast, api_as):
    from tests.api.conftest import case_body

    body = assert_problem(api_as("patient_user").post("/cases", case_body(cast, subject="xx")), 422)

    assert "subject: kies een van: " in body["detail"]
    assert " or " not in body["detail"]


@pytest.mark.parametrize(
    ("expected", "dutch"),
    [
        ("'a', 'b' or 'c'", "'a', 'b' of 'c'"),
        ("1 or 2", "1 of 2"),
        ("'a'", "'a'"),
        # A value holding " or " itself stays as it is; only the joining word changes.
        ("'x or y' or 'b'", "'x or y' of 'b'"),
        ("'b' or 'x or y'", "'b' of 'x or y'"),
    ],
)
def test_only_the_joining_or_becomes_of(expected, dutch):
    assert dutch_choices(expected) == dutch


@pytest.mark.parametrize("kind", ["literal_error", "enum"])
def test_both_kinds_of_choice_error_are_explained_with_of_and_or(kind):
    text = explain({"type": kind, "ctx": {"expected": "'a' or 'b'"}})

    assert text.nl == "kies een van: 'a' of 'b'"
    assert text.en == "choose one of: 'a' or 'b'"
