"""Invisible and direction-changing characters in a text typed into a form of this UI: every WebForm
refuses them in one place (web/forms_base.py, PlainTextForm; which characters: core/invisible.py)
with one plain error at the field, in Dutch and English, and nothing is stored. A bidi override
would show "Petra" reversed in a worklist or a letter; a NUL cannot be stored by PostgreSQL.
A zero-width joiner inside an emoji, tabs and line breaks are taken."""

import pytest
from django import forms
from django.urls import reverse

from secondopinion.aftercare.models import Message
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.invisible import hidden_character
from secondopinion.invitations.models import RepresentativeInvitation
from secondopinion.reports.models import Report
from secondopinion.web.forms_base import PlainTextForm, WebForm
from secondopinion.web.templatetags.web import error_lead
from tests.cases.footprint import footprint
from tests.journey.test_wizard import url, walk
from tests.reading import visible_text
from tests.web.conftest import step_url

pytestmark = pytest.mark.django_db

REFUSED = {
    "nl": (
        "Deze tekst bevat onzichtbare tekens, zoals stuurtekens of tekens die de leesrichting veranderen. "
        "Haal ze weg en probeer het opnieuw."
    ),
    "en": (
        "This text contains invisible characters, such as control characters or characters that change "
        "the reading direction. Remove them and try again."
    ),
}
# A right-to-left override, an isolate, a mark, the Arabic letter mark, zero-width characters, the
# byte order mark, NUL, other C0 controls, DEL and a C1 control.
HIDDEN = [
    "\u202e",
    "\u202a",
    "\u2067",
    "\u200f",
    "\u061c",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
]


def _refused_at(response, field: str, language: str, *, alone: bool = True) -> None:
    """The page answers 422, the form's error stands at `field`, and the summary names the field."""
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors[field][0] == REFUSED[language]
    if alone:
        assert len(form.errors[field]) == 1
    label = str(form.fields[field].label)
    assert f"{error_lead(label)} {REFUSED[language]}" in visible_text(response.content.decode())


@pytest.fixture
def patient(client, cast):
    client.force_login(cast.patient_user)
    return client


@pytest.mark.parametrize("character", HIDDEN)
def test_the_wizard_refuses_a_care_question_with_a_hidden_character(patient, cast, character):
    walk(patient, cast, until="question")
    before = dict(patient.session.get("journey", {}))

    response = patient.post(url("question"), {"care_question": f"Moet kies 36{character} eruit, of niet?"})

    _refused_at(response, "care_question", "nl")
    assert dict(patient.session.get("journey", {})) == before
    assert "care_question" not in before
    assert not SecondOpinionCase.objects.exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_wizard_names_the_field_in_the_readers_language(patient, cast, language):
    walk(patient, cast, until="question")

    response = patient.post(
        url("question"),
        {"care_question": "Pe\u202eartr vraagt: moet kies 36 eruit?"},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    _refused_at(response, "care_question", language)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_wizard_refuses_a_practitioners_name_written_backwards(patient, cast, language):
    walk(patient, cast, until="practitioner")
    before = dict(patient.session.get("journey", {}))

    response = patient.post(
        url("practitioner"),
        {
            "unlisted": "on",
            "unlisted_kind": "dental-knmt",
            "unlisted_name": "Dr. \u202eneslaJ",
            "unlisted_practice": "Tandartspraktijk Noord",
            "unlisted_place": "Utrecht",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )

    # The form's own clean() then finds the name missing and says so too (journey/forms.py).
    _refused_at(response, "unlisted_name", language, alone=False)
    assert dict(patient.session.get("journey", {})) == before


def test_emoji_joined_by_a_zero_width_joiner_tabs_and_line_breaks_are_taken(patient, cast):
    walk(patient, cast, until="question")
    question = "Ons gezin 👨\u200d👩\u200d👧 twijfelt:\r\n\tmoet kies 36 eruit? ❤\ufe0f\u200d🔥"

    response = patient.post(url("question"), {"care_question": question})

    assert response.status_code == 302, response.content.decode()[:1000]
    assert patient.session["journey"]["care_question"] == question


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_step_note_with_a_bidi_override_is_refused_and_the_step_not_taken(cast, client, a_case, language):
    client.force_login(cast.coordinator)
    before = footprint(a_case.pk)

    response = client.post(
        step_url(a_case, "refuse"),
        {"refusal_reason": "repeated_request", "refusal_note": "Eerder al \u202ebeoordeeld door ons."},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 422
    page = visible_text(response.content.decode())
    assert REFUSED[language] in page
    after = footprint(a_case.pk)
    assert {k: v for k, v in after.items() if k != "access_events"} == {
        k: v for k, v in before.items() if k != "access_events"
    }


def test_a_report_section_the_form_adds_in_its_own_init_is_checked_too(cast, client, a_case, advance):
    advance(a_case, "report_draft")
    client.force_login(cast.giver_user)
    sections = {"findings": "Cariës 36.", "deviations": "Geen.", "consequences": "Kosten.", "advice": "Endo."}

    response = client.post(
        reverse("web:report-draft", args=[a_case.pk]), {**sections, "advice": "Endo\u2066 en kroon."}
    )

    assert response.status_code == 422
    assert REFUSED["nl"] in visible_text(response.content.decode())
    assert "\u2066" not in (Report.objects.filter(case=a_case).values_list("advice", flat=True).first() or "")


def test_a_nul_in_a_message_is_refused_with_the_field_named(cast, client, a_case):
    """The message form is not a WebForm (aftercare/forms.py): its service refuses a NUL, naming the
    field, so PostgreSQL never sees it."""
    client.force_login(cast.patient_user)

    response = client.post(reverse("aftercare:message-send", args=[a_case.pk]), {"body": "Hallo\x00 daar"})

    assert response.status_code == 422
    assert "Uw bericht" in visible_text(response.content.decode())
    assert not Message.objects.exists()


def test_a_message_with_a_bidi_override_is_refused(cast, client, a_case):
    client.force_login(cast.patient_user)

    response = client.post(
        reverse("aftercare:message-send", args=[a_case.pk]), {"body": "Groeten van \u202eartreP"}
    )

    assert response.status_code == 422
    assert not Message.objects.exists()


def test_a_representatives_name_with_a_bidi_override_is_refused(cast, client):
    client.force_login(cast.patient_user)

    response = client.post(
        reverse("web:representative-invitations"),
        {"name": "Jan \u202esirV ed", "email": "jan@example.nl", "relation": "partner", "case_id": ""},
    )

    assert response.status_code == 422
    assert not RepresentativeInvitation.objects.exists()


class _Plain(PlainTextForm, forms.Form):
    name = forms.CharField()
    note = forms.CharField(required=False, widget=forms.Textarea)
    password = forms.CharField(widget=forms.PasswordInput)
    bsn = forms.CharField(required=False)


def test_a_plain_django_form_gets_the_same_check_from_the_mixin():
    form = _Plain({"name": "Pe\u202etra", "note": "ok\u200b", "password": "geheim\u200d", "bsn": "1\x002"})

    assert not form.is_valid()
    assert set(form.errors) == {"name", "note", "bsn"}
    assert all(errors == [REFUSED["nl"]] for errors in form.errors.values())  # one error each, NUL too


def test_the_check_is_attached_once_however_often_the_form_is_cleaned():
    form = _Plain({"name": "Petra", "password": "geheim"})
    assert form.is_valid()
    form.full_clean()

    assert (
        sum(1 for v in form.fields["name"].validators if getattr(v, "__name__", "") == "no_hidden_characters")
        == 1
    )


class _AddsAField(WebForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["late"] = forms.CharField()


def test_a_webform_checks_a_field_added_after_its_init():
    form = _AddsAField({"late": "a\u2067b"})

    assert form.errors["late"] == [REFUSED["nl"]]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Petra de Vries", None),
        ("Élodie Müller-Çelik", None),
        ("regel 1\r\n\tregel 2\x0b", None),  # a vertical tab is each door's own line break
        ("woord\u00adafbreking", None),  # a soft hyphen prints at a line's end
        ("🫱🏻\u200d🫲🏼 🏳\ufe0f\u200d🌈", None),
        ("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", None),  # Scotland's flag
        ("Pe\u200dtra", "\u200d"),  # a joiner between letters only hides
        ("\u200d👩", "\u200d"),
        ("a\U000e0067", "\U000e0067"),  # a tag character outside a flag
        ("a\ud800", "\ud800"),
        *[(f"a{c}b", c) for c in HIDDEN],
    ],
)
def test_which_characters_are_hidden(text, found):
    assert hidden_character(text) == found
