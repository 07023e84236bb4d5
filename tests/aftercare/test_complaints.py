"""R28: a complaint about how the second opinion went reaches the giver's organisation's complaint scheme;
its complaints officer decides, and for a denturist may declare the second opinion inadmissible."""

import pytest

from secondopinion.aftercare.models import Complaint
from secondopinion.aftercare.selectors import complaint_get, complaint_list
from secondopinion.aftercare.services import complaint_decide, complaint_file
from secondopinion.audit.models import AccessEvent
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted, TransitionNotAllowed
from secondopinion.notifications.messages import compose
from secondopinion.notifications.models import Notification

pytestmark = pytest.mark.django_db


def email(notice: Notification) -> tuple[str, str]:
    """The subject and body the notice's e-mail will carry."""
    return compose(
        notice.kind, language=notice.language, name=notice.name, reference=notice.reference, link=notice.link
    )


GRIEF = "De gever heeft niet uitgelegd wat de second opinion zou kosten."


def file(actor, case, text=GRIEF):
    return complaint_file(actor=actor, case_id=case.pk, text=text, source="web")


def decide(actor, complaint, **values):
    values = {"decision": "Gegrond: de uitleg over de kosten ontbrak.", **values}
    return complaint_decide(actor=actor, complaint_id=complaint.pk, source="web", **values)


def test_a_complaint_reaches_the_complaint_scheme_and_its_officer_without_the_text(cast, a_case):
    cast.giving_practice.complaint_scheme = "Klachtenregeling KNMT"
    cast.giving_practice.save()
    cast.complaints_officer.email = "klachten@example.org"
    cast.complaints_officer.save()

    complaint = file(cast.patient_user, a_case)

    assert (complaint.scheme, complaint.state, complaint.filed_role) == (
        "Klachtenregeling KNMT",
        "received",
        "patient",
    )
    logged = AccessEvent.objects.filter(case=a_case, data="complaint")
    assert list(logged.values_list("action", "role")) == [("create", "patient")]
    notice = Notification.objects.get(email="klachten@example.org")
    assert GRIEF not in "".join(email(notice))
    assert list(complaint_list(user=cast.complaints_officer, source="web")) == [complaint]


def test_the_representative_files_a_complaint_for_the_patient(cast, represented_case):
    complaint = file(cast.representative, represented_case)

    assert complaint.filed_role == "representative"


@pytest.mark.parametrize("who", ["coordinator", "giver_user", "complaints_officer"])
def test_only_the_patients_side_files_a_complaint(cast, submit, advance, who):
    case = advance(submit(), "assigned")

    with pytest.raises(NotPermitted):
        file(getattr(cast, who), case)
    assert not Complaint.objects.exists()


def test_a_stranger_files_nothing_and_learns_nothing(cast, a_case):
    with pytest.raises(NotFound):
        file(cast.stranger, a_case)


@pytest.mark.parametrize(("text", "words"), [("", "vul dit in"), ("x" * 4001, "4000"), ("\x00", "NUL")])
def test_it_refuses_an_empty_or_unstorable_complaint(cast, a_case, text, words):
    with pytest.raises(InvalidInput) as refused:
        file(cast.patient_user, a_case, text)

    assert refused.value.field == "text"
    assert words in refused.value.detail.nl


def test_the_officer_reads_the_complaint_and_records_a_decision(cast, a_case):
    complaint = file(cast.patient_user, a_case)

    assert complaint_get(user=cast.complaints_officer, complaint_id=complaint.pk, source="web") == complaint
    handled = decide(cast.complaints_officer, complaint)

    assert (handled.state, handled.decided_by, handled.inadmissible) == (
        "handled",
        cast.complaints_officer,
        False,
    )
    logged = AccessEvent.objects.filter(case=a_case, data="complaint").order_by("id")
    assert list(logged.values_list("action", "role")) == [
        ("create", "patient"),
        ("read", "complaints_officer"),
        ("update", "complaints_officer"),
    ]


def test_it_refuses_a_second_decision(cast, a_case):
    complaint = decide(cast.complaints_officer, file(cast.patient_user, a_case))

    with pytest.raises(TransitionNotAllowed):
        decide(cast.complaints_officer, complaint)


@pytest.mark.parametrize("who", ["coordinator", "patient_user", "giver_user"])
def test_only_the_officer_reads_and_decides(cast, submit, advance, who):
    complaint = file(cast.patient_user, advance(submit(), "assigned"))

    with pytest.raises(NotPermitted):
        complaint_get(user=getattr(cast, who), complaint_id=complaint.pk, source="web")
    with pytest.raises(NotPermitted):
        decide(getattr(cast, who), complaint)
    assert Complaint.objects.get().state == "received"


def test_an_officer_of_another_organisation_learns_nothing(cast, a_case):
    complaint = file(cast.patient_user, a_case)

    with pytest.raises(NotFound):
        complaint_get(user=cast.other_coordinator, complaint_id=complaint.pk, source="web")
    with pytest.raises(NotFound):
        decide(cast.stranger, complaint)
    assert list(complaint_list(user=cast.stranger, source="web")) == []


def test_a_dental_second_opinion_cannot_be_declared_inadmissible(cast, a_case):
    complaint = file(cast.patient_user, a_case)

    with pytest.raises(InvalidInput) as refused:
        decide(cast.complaints_officer, complaint, inadmissible=True, inadmissible_reason="R13 niet gevolgd.")

    assert refused.value.field == "inadmissible"
    assert "R28" in refused.value.detail.en


def test_a_denturists_second_opinion_is_declared_inadmissible_only_with_a_reason(cast, denturist_case):
    complaint = file(cast.patient_user, denturist_case)

    with pytest.raises(InvalidInput) as refused:
        decide(cast.complaints_officer, complaint, inadmissible=True)
    assert refused.value.field == "inadmissible_reason"

    handled = decide(
        cast.complaints_officer,
        complaint,
        inadmissible=True,
        inadmissible_reason="De uitleg vooraf (R13) ontbrak.",
        propose_ont_mediation=True,
    )
    assert (handled.inadmissible, handled.ont_mediation_proposed) == (True, True)
    assert handled.inadmissible_reason == "De uitleg vooraf (R13) ontbrak."
