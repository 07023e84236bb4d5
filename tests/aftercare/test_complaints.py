"""R28: a complaint about how the second opinion went reaches the giver's organisation's complaint scheme;
its complaints officer takes it through the Wkkgz states (received, acknowledged, in handling, decided),
may extend the term once with a written notice, and for a denturist may declare the second opinion
inadmissible."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondopinion.aftercare import deadlines
from secondopinion.aftercare.complaints import (
    complaint_acknowledge,
    complaint_decide,
    complaint_extend,
    complaint_file,
    complaint_start_handling,
    current_due,
)
from secondopinion.aftercare.models import Complaint
from secondopinion.aftercare.selectors import complaint_get, complaint_list, overdue
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


def in_handling(complaint, officer):
    complaint_acknowledge(actor=officer, complaint_id=complaint.pk, source="web")
    return complaint_start_handling(actor=officer, complaint_id=complaint.pk, source="web")


def decide(actor, complaint, **values):
    values = {"judgment": "well_founded", "decision": "Gegrond: de uitleg over de kosten ontbrak.", **values}
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
    cast.representative.email = "mila@example.nl"
    cast.representative.save()
    complaint = file(cast.representative, represented_case)
    complaint_acknowledge(actor=cast.complaints_officer, complaint_id=complaint.pk, source="web")

    assert complaint.filed_role == "representative"
    assert Notification.objects.filter(email="mila@example.nl").count() == 1


@pytest.mark.parametrize("who", ["coordinator", "giver_user", "complaints_officer"])
def test_only_the_patients_side_files_a_complaint(cast, submit, advance, who):
    case = advance(submit(), "assigned")

    # Need to know: without a complaint the officer is not related to the case at all (404).
    with pytest.raises(NotFound if who == "complaints_officer" else NotPermitted):
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
    handled = decide(cast.complaints_officer, in_handling(complaint, cast.complaints_officer))

    assert (handled.state, handled.judgment, handled.decided_by, handled.inadmissible) == (
        "decided",
        "well_founded",
        cast.complaints_officer,
        False,
    )
    assert handled.acknowledged_at <= handled.handling_started_at <= handled.decided_at
    logged = AccessEvent.objects.filter(case=a_case, data="complaint").order_by("id")
    assert list(logged.values_list("action", "role")) == [
        ("create", "patient"),
        ("read", "complaints_officer"),
        ("update", "complaints_officer"),
        ("update", "complaints_officer"),
        ("update", "complaints_officer"),
    ]


def test_it_refuses_a_second_decision(cast, a_case):
    complaint = decide(
        cast.complaints_officer, in_handling(file(cast.patient_user, a_case), cast.complaints_officer)
    )

    with pytest.raises(TransitionNotAllowed):
        decide(cast.complaints_officer, complaint)


@pytest.mark.parametrize("who", ["coordinator", "patient_user", "giver_user"])
def test_only_the_officer_reads_and_decides(cast, submit, advance, who):
    complaint = file(cast.patient_user, advance(submit(), "assigned"))

    with pytest.raises(NotPermitted):
        complaint_get(user=getattr(cast, who), complaint_id=complaint.pk, source="web")
    for step in (complaint_acknowledge, complaint_start_handling):
        with pytest.raises(NotPermitted):
            step(actor=getattr(cast, who), complaint_id=complaint.pk, source="web")
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
    complaint = in_handling(file(cast.patient_user, a_case), cast.complaints_officer)

    with pytest.raises(InvalidInput) as refused:
        decide(cast.complaints_officer, complaint, inadmissible=True, inadmissible_reason="R13 niet gevolgd.")

    assert refused.value.field == "inadmissible"
    assert "R28" in refused.value.detail.en


def test_a_denturists_second_opinion_is_declared_inadmissible_only_with_a_reason(cast, denturist_case):
    complaint = in_handling(file(cast.patient_user, denturist_case), cast.complaints_officer)

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


# The Wkkgz states and terms --------------------------------------------------------------------


def test_a_complaint_gets_its_terms_and_the_disputes_body_when_it_is_filed(cast, a_case, settings):
    settings.TM_DISPUTES_BODY = "Geschillencommissie Mondzorg"
    today = timezone.localdate()

    complaint = file(cast.patient_user, a_case)

    assert complaint.acknowledge_by == deadlines.acknowledge_by(today)
    # Six weeks, moved past a weekend or holiday (Algemene termijnenwet): filed on 5 December 2026 the
    # six weeks end on Saturday 16 January, so the term ends on Monday 18 January.
    assert complaint.decide_by == deadlines.statutory_end(today + dt.timedelta(weeks=6))
    assert complaint.disputes_body == "Geschillencommissie Mondzorg"


@pytest.mark.parametrize(
    ("done", "step"),
    [
        ([], "handle"),
        ([], "decide"),
        (["acknowledge"], "acknowledge"),
        (["acknowledge"], "decide"),
        (["acknowledge", "handle"], "handle"),
    ],
)
def test_each_step_is_taken_only_from_the_state_the_table_names(cast, a_case, done, step):
    complaint = file(cast.patient_user, a_case)
    officer = cast.complaints_officer
    steps = {
        "acknowledge": lambda: complaint_acknowledge(actor=officer, complaint_id=complaint.pk, source="web"),
        "handle": lambda: complaint_start_handling(actor=officer, complaint_id=complaint.pk, source="web"),
        "decide": lambda: decide(officer, complaint),
    }
    for name in done:
        steps[name]()
    before = Complaint.objects.get()

    with pytest.raises(TransitionNotAllowed):
        steps[step]()

    after = Complaint.objects.get()
    assert (after.state, after.acknowledged_at, after.handling_started_at) == (
        before.state,
        before.acknowledged_at,
        before.handling_started_at,
    )


def test_each_step_tells_the_complainant_without_the_content(cast, a_case):
    cast.patient_user.email = "petra@example.nl"
    cast.patient_user.save()
    complaint = file(cast.patient_user, a_case)

    decide(cast.complaints_officer, in_handling(complaint, cast.complaints_officer))

    notices = Notification.objects.filter(email__in=["petra@example.nl", cast.patient.email])
    assert notices.count() == 3
    for notice in notices:
        subject, body = email(notice)
        assert GRIEF not in subject + body
        assert "uitleg over de kosten" not in subject + body


@pytest.fixture
def acknowledged(cast, a_case):
    complaint = file(cast.patient_user, a_case)
    return complaint_acknowledge(actor=cast.complaints_officer, complaint_id=complaint.pk, source="web")


@pytest.fixture
def extend(cast):
    def _extend(complaint, until, reason="We wachten op de reactie van de gever."):
        return complaint_extend(
            actor=cast.complaints_officer, complaint_id=complaint.pk, until=until, reason=reason, source="web"
        )

    return _extend


def test_the_decision_is_put_off_once_by_at_most_four_weeks_with_the_reason(acknowledged, extend):
    until = acknowledged.decide_by + dt.timedelta(weeks=4)

    extended = extend(acknowledged, until)

    assert extended.decide_by == until
    assert extended.extension_reason == "We wachten op de reactie van de gever."
    assert extended.extended_at is not None
    with pytest.raises(TransitionNotAllowed):
        extend(extended, until)


@pytest.mark.parametrize(
    ("days_after_six_weeks", "reason", "field"),
    [(29, "Drukte.", "until"), (0, "Drukte.", "until"), (-3, "Drukte.", "until"), (7, "", "reason")],
)
def test_an_extension_beyond_four_weeks_or_without_a_reason_changes_nothing(
    acknowledged, extend, days_after_six_weeks, reason, field
):
    until = acknowledged.decide_by + dt.timedelta(days=days_after_six_weeks)

    with pytest.raises(InvalidInput) as refused:
        extend(acknowledged, until, reason)

    assert refused.value.field == field
    after = Complaint.objects.get()
    assert (after.decide_by, after.extended_at) == (acknowledged.decide_by, None)


def test_an_extension_after_the_six_weeks_is_too_late(acknowledged, extend):
    Complaint.objects.filter(pk=acknowledged.pk).update(filed_at=timezone.now() - dt.timedelta(weeks=7))

    with pytest.raises(InvalidInput) as refused:
        extend(acknowledged, timezone.localdate() + dt.timedelta(days=3))

    assert "zes weken" in refused.value.detail.nl


def test_a_stranger_and_another_organisations_officer_take_no_step(cast, a_case, acknowledged):
    for who in (cast.stranger, cast.other_coordinator):
        with pytest.raises(NotFound):
            complaint_start_handling(actor=who, complaint_id=acknowledged.pk, source="web")
    assert Complaint.objects.get().state == "acknowledged"


def test_it_refuses_a_decision_without_a_judgment(cast, a_case):
    complaint = in_handling(file(cast.patient_user, a_case), cast.complaints_officer)

    with pytest.raises(InvalidInput) as refused:
        decide(cast.complaints_officer, complaint, judgment="half")

    assert refused.value.field == "judgment"
    assert Complaint.objects.get().state == "in_handling"


def test_the_officers_list_puts_the_overdue_complaint_first(cast, submit):
    officer = cast.complaints_officer
    fresh = file(cast.patient_user, submit())
    late = file(cast.patient_user, submit())
    Complaint.objects.filter(pk=late.pk).update(acknowledge_by=timezone.localdate() - dt.timedelta(days=2))
    decided = decide(officer, in_handling(file(cast.patient_user, submit()), officer))

    listed = list(complaint_list(user=officer, source="web"))

    assert listed == [Complaint.objects.get(pk=late.pk), fresh, decided]
    assert [c.pk for c in complaint_list(user=officer, source="web", open_only=True)] == [late.pk, fresh.pk]


def test_the_overdue_filter_agrees_with_the_terms_in_every_state(cast, submit):
    officer = cast.complaints_officer
    today = timezone.localdate()
    received = file(cast.patient_user, submit())
    handled = in_handling(file(cast.patient_user, submit()), officer)
    done = decide(officer, in_handling(file(cast.patient_user, submit()), officer))
    past = today - dt.timedelta(days=1)
    Complaint.objects.update(acknowledge_by=past, decide_by=past)

    late = set(overdue(Complaint.objects.all(), today).values_list("pk", flat=True))

    assert late == {received.pk, handled.pk}
    assert done.pk not in late
    for complaint in Complaint.objects.all():
        assert deadlines.is_overdue(current_due(complaint), today) is (complaint.pk in late)


def test_the_scheme_may_set_its_own_term_for_acknowledging_and_the_officer_reads_it(cast, a_case, settings):
    settings.TM_COMPLAINT_ACKNOWLEDGE_DAYS = 3
    today = timezone.localdate()

    complaint = file(cast.patient_user, a_case)

    assert complaint.acknowledge_by == deadlines.add_working_days(today, 3)
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(cast.complaints_officer)
    page = client.get(reverse("aftercare:complaint", args=[complaint.pk])).content.decode()
    assert "binnen 3 werkdagen" in page
