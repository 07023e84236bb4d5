"""A required text that shows nothing (spaces, zero-width characters, other invisible characters)
counts as empty, at every door that requires one."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secondopinion.aftercare.services import complaint_file, message_send
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.core.errors import DomainError, InvalidInput
from secondopinion.core.textcheck import is_blank, visible_length
from secondopinion.reports.models import Addendum, CollegialNotice
from secondopinion.reports.notices import collegial_notice_send
from tests.api.conftest import case_body
from tests.conftest import submit_input

INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u2800",
    "\u3164",
    "\u00a0",
    "\u2028",
]
BLANKS = ["", "   ", "\u200b\u200c\u200d\u2060\ufeff", " \u200b \ufeff\n\t", "\u202e\u200e\u200f", "\u0301"]


@pytest.mark.parametrize("text", BLANKS + INVISIBLE)
def test_a_text_of_invisible_characters_is_blank(text):
    assert is_blank(text)


@pytest.mark.parametrize("text", ["a", " .", "٣", "你", "🦷", "\u200bx\u200b", "é", "e\u0301"])
def test_a_text_with_anything_visible_is_not(text):
    assert not is_blank(text)


@given(st.text(alphabet=st.sampled_from([*INVISIBLE, " ", "\n", "\t"])))
def test_any_mix_of_invisible_characters_is_blank(text):
    assert is_blank(text)
    assert visible_length(text) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["\u200b", "\u200c\u200d", "\u2060", "\ufeff", "\u200b \u200b\n"])
def test_a_care_question_of_zero_width_characters_is_refused_at_submit(cast, text):
    with pytest.raises(InvalidInput) as refused:
        case_submit(actor=cast.patient_user, data=submit_input(cast, care_question=text), source="web")

    assert refused.value.field == "care_question"
    assert SecondOpinionCase.objects.count() == 0


@pytest.mark.django_db
def test_the_api_refuses_an_invisible_care_question_naming_the_field(cast, api_as):
    response = api_as("patient_user").post(
        "/cases", case_body(cast, care_question="\u200b\u200c\u200d\u2060\ufeff")
    )

    assert response.status_code == 422
    assert response.json()["field"] == "care_question"
    assert SecondOpinionCase.objects.count() == 0


@pytest.mark.django_db
def test_a_refusal_note_of_invisible_characters_does_not_explain_the_refusal_r9(cast, a_case):
    with pytest.raises(DomainError) as blocked:
        case_transition(
            actor=cast.coordinator,
            case_id=a_case.pk,
            to="refused",
            data=StepInput(refusal_reason="repeated_request", refusal_note="\u200b" * 30),
            source="web",
        )

    assert "R9" in [v.rule_id for v in blocked.value.violations]
    a_case.refresh_from_db()
    assert a_case.status == "submitted"


@pytest.mark.django_db
def test_findings_of_invisible_characters_are_no_findings(cast, a_case, advance):
    case = advance(a_case, "in_examination")

    with pytest.raises(InvalidInput) as refused:
        case_transition(
            actor=cast.giver_user,
            case_id=case.pk,
            to="report_draft",
            data=StepInput(findings="\ufeff\u200b"),
            source="web",
        )

    assert refused.value.field == "findings"


@pytest.mark.django_db
def test_a_message_and_a_complaint_of_invisible_characters_are_refused(cast, a_case):
    with pytest.raises(InvalidInput) as message:
        message_send(actor=cast.patient_user, case_id=a_case.pk, body="\u200b\u2060", source="web")
    with pytest.raises(InvalidInput) as complaint:
        complaint_file(actor=cast.patient_user, case_id=a_case.pk, text="\ufeff", source="web")

    assert (message.value.field, complaint.value.field) == ("body", "text")


@pytest.mark.django_db
def test_a_collegial_notice_needs_ten_visible_characters(cast, a_case, advance):
    case = advance(a_case, "report_final")

    with pytest.raises(InvalidInput):
        collegial_notice_send(
            actor=cast.giver_user, case_id=case.pk, text="\u200b" * 12 + "abc", source="web"
        )

    assert CollegialNotice.objects.count() == 0


@pytest.mark.django_db
def test_the_api_refuses_an_invisible_addendum_notice_and_message(cast, api_as, a_case, advance):
    case = advance(a_case, "report_final")

    addendum = api_as("giver_user").post(f"/cases/{case.pk}/report/addenda", {"text": "\u200b\u200b"})
    notice = api_as("giver_user").post(f"/cases/{case.pk}/collegial-notices", {"text": "\u200b" * 12})
    message = api_as("patient_user").post(f"/cases/{case.pk}/messages", {"body": "\u2060"})

    assert [(r.status_code, r.json().get("field")) for r in (addendum, notice, message)] == [
        (422, "text"),
        (422, "text"),
        (422, "body"),
    ]
    assert Addendum.objects.count() == 0
