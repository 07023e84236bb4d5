"""A form field that takes one value, sent twice (`note=a&note=b`, HTTP parameter pollution): the pages
took the last value without a word, though which one was meant is unknowable and a proxy or a log in
front may read the first. No page of the product sends such a field twice. Now the form says at the
field that it was sent more than once, in the reader's language, and nothing is done; lists of check
boxes still take several values."""

import pytest
from django import forms
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from secondopinion.aftercare.models import Message
from secondopinion.cases.models import StatusChange
from secondopinion.core.forms import PlainTextForm
from tests.reading import visible_text
from tests.web.conftest import status_of, step_url

pytestmark = pytest.mark.django_db

SENT_TWICE_NL = "Dit veld is meer dan eens verstuurd."
SENT_TWICE_EN = "This field was sent more than once."


def client_for(user, language: str = "nl") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_a_step_note_sent_twice_is_refused_and_the_step_not_taken(cast, a_case):
    response = client_for(cast.coordinator).post(
        step_url(a_case, "accept"), {"note": ["Duidelijke vraag.", "Iets anders."]}
    )

    assert response.status_code == 422
    assert SENT_TWICE_NL in visible_text(response.content.decode())
    assert status_of(a_case) == "submitted"
    assert not StatusChange.objects.filter(case=a_case, to_status="accepted").exists()


def test_a_message_sent_twice_in_one_form_is_refused_in_english_when_chosen(cast, a_case):
    response = client_for(cast.patient_user, "en").post(
        reverse("aftercare:message-send", args=[a_case.pk]), {"body": ["Vraag?", "Andere vraag?"]}
    )

    assert response.status_code == 422
    assert SENT_TWICE_EN in visible_text(response.content.decode())
    assert not Message.objects.exists()


def test_a_choice_sent_twice_is_refused_even_when_both_are_valid(cast, a_case):
    response = client_for(cast.coordinator).post(
        step_url(a_case, "redirect"),
        {"classification": ["new_referral", "transfer_of_care"], "confirmed": "yes"},
    )

    assert response.status_code == 422
    assert status_of(a_case) == "submitted"


def test_the_same_message_sent_once_is_taken(cast, a_case):
    response = client_for(cast.patient_user).post(
        reverse("aftercare:message-send", args=[a_case.pk]), {"body": "Vraag?"}
    )

    assert response.status_code == 302
    assert Message.objects.count() == 1


class _Form(PlainTextForm, forms.Form):
    note = forms.CharField(required=False)
    agreed = forms.BooleanField(required=False)
    items = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, required=False
    )


@pytest.mark.parametrize(
    ("query", "valid"),
    [
        ("note=x&items=a&items=b", True),
        ("note=x&note=y", False),
        ("agreed=on&agreed=on", False),
        ("items=a&items=b&agreed=on", True),
        ("", True),
    ],
)
def test_which_fields_may_come_more_than_once(query, valid):
    form = _Form(QueryDict(query))

    assert form.is_valid() is valid
    if not valid:
        assert any(
            error.code == "sent_twice" for errors in form.errors.as_data().values() for error in errors
        )
