"""What is new: an entry in each related person's list on a status change and on a message, the
e-mail each one's preference asks for, and a record when an account has no address."""

import pytest

from secondopinion.aftercare.complaints import complaint_file
from secondopinion.aftercare.services import message_send
from secondopinion.notifications.messages import compose
from secondopinion.notifications.models import Alert, Notification, Preference
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def told(case, kind=None) -> set:
    alerts = Alert.objects.filter(case=case)
    if kind:
        alerts = alerts.filter(kind=kind)
    return set(alerts.values_list("recipient__username", flat=True))


def test_a_status_change_tells_every_role_but_the_one_who_took_the_step(cast, represented, advance):
    second = StaffFactory(organisation=cast.giving_practice, user=UserFactory(username="coordinator2")).user

    advance(represented, "accepted")

    assert told(represented, "status") == {
        cast.patient_user.username,
        cast.representative.username,
        cast.gp_user.username,  # the referrer
        second.username,
    }
    assert set(Alert.objects.filter(case=represented).values_list("status", flat=True)) == {"accepted"}


def test_the_complaints_officer_is_told_only_of_a_case_complained_about(cast, represented, advance):
    """Need to know: the officer holds no role towards a case without a complaint to his organisation,
    so he gets neither an entry nor an e-mail for its steps; once one is filed he follows the case."""
    officer = cast.complaints_officer
    represented = advance(represented, "accepted")
    assert not Alert.objects.filter(recipient=officer).exists()
    assert not Notification.objects.filter(recipient=officer, kind="status_changed").exists()

    complaint_file(actor=cast.patient_user, case_id=represented.pk, text="Het duurt te lang.", source="web")
    advance(represented, "assigned")

    assert told(represented, "status") >= {officer.username}
    assert Alert.objects.get(recipient=officer).status == "assigned"
    assert Notification.objects.filter(recipient=officer, kind="status_changed").count() == 1


def test_an_officer_of_another_organisation_is_never_told(cast, represented, advance):
    stranger_officer = StaffFactory(
        organisation=cast.other_practice, function="complaints_officer", user=UserFactory(username="klacht2")
    ).user
    complaint_file(actor=cast.patient_user, case_id=represented.pk, text="Het duurt te lang.", source="web")

    advance(represented, "assigned")

    assert not Alert.objects.filter(recipient=stranger_officer).exists()
    assert not Notification.objects.filter(recipient=stranger_officer).exists()


def test_the_giver_is_told_once_assigned_and_the_coordinator_of_the_next_steps(cast, represented, advance):
    advance(represented, "informed")  # the giver took the last step

    assigned = set(
        Alert.objects.filter(case=represented, status="assigned").values_list("recipient", flat=True)
    )
    informed = set(
        Alert.objects.filter(case=represented, status="informed").values_list("recipient", flat=True)
    )
    assert cast.giver_user.pk in assigned
    assert cast.coordinator.pk in informed
    assert cast.giver_user.pk not in informed


def test_nobody_outside_the_case_is_told(cast, represented, advance):
    advance(represented, "report_final")
    message_send(actor=cast.patient_user, case_id=represented.pk, body="Dank u.", source="web")

    strangers = {cast.stranger, cast.other_coordinator, cast.other_patient_user, cast.colleague_user}
    assert not Alert.objects.filter(recipient__in=strangers).exists()
    assert not Notification.objects.filter(recipient__in=strangers).exists()


def test_the_treating_dentist_is_told_only_once_the_report_may_reach_him(cast, submit, advance):
    case = advance(submit(), "assigned")
    assert cast.treating_user.pk not in {a.recipient_id for a in Alert.objects.filter(case=case)}

    advance(case, "in_examination")  # the patient consented to inform him (R18, R23) at "informed"

    assert Alert.objects.filter(case=case, recipient=cast.treating_user, status="in_examination").exists()


def test_a_message_tells_the_others_in_the_thread_only(cast, represented, advance):
    advance(represented, "assigned")

    message_send(actor=cast.patient_user, case_id=represented.pk, body="Wanneer hoor ik iets?", source="web")

    assert told(represented, "message") == {cast.representative.username, cast.coordinator.username}


def test_the_coordinators_answer_tells_the_patient_and_the_representative(cast, represented):
    message_send(actor=cast.coordinator, case_id=represented.pk, body="Binnenkort.", source="web")

    assert told(represented, "message") == {cast.patient_user.username, cast.representative.username}


def test_an_account_without_an_address_is_recorded_as_not_sent_and_still_told_in_the_product(
    cast, represented, advance, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        advance(represented, "accepted")

    missed = Notification.objects.get(recipient=cast.representative, kind="status_changed")
    assert missed.state == Notification.State.NO_ADDRESS
    assert missed.email == ""
    assert missed.error == "not sent: no e-mail address"
    assert Alert.objects.filter(recipient=cast.representative, case=represented).exists()
    assert mailoutbox == []


def test_an_address_gets_an_email_without_the_message(cast, represented, mailoutbox, settings):
    cast.coordinator.email = "coordinator@example.org"
    cast.coordinator.save()
    secret = "Mijn kies 36 doet weer pijn."

    message_send(actor=cast.patient_user, case_id=represented.pk, body=secret, source="web")

    notice = Notification.objects.get(recipient=cast.coordinator)
    subject, body = compose(
        notice.kind, language="nl", name=notice.name, reference=notice.reference, link=notice.link
    )
    assert (notice.kind, notice.state, notice.email) == ("new_message", "queued", "coordinator@example.org")
    assert represented.reference in subject
    assert secret not in subject + body


def test_preferences_are_honoured_per_kind(cast, represented, advance):
    for user in (cast.patient_user, cast.coordinator):
        user.email = f"{user.username}@example.org"
        user.save()
    Preference.objects.create(user=cast.patient_user, email_status=False, email_messages=True)
    Preference.objects.create(user=cast.coordinator, email_status=True, email_messages=False)

    advance(represented, "assigned")
    message_send(actor=cast.patient_user, case_id=represented.pk, body="Vraag.", source="web")
    message_send(actor=cast.coordinator, case_id=represented.pk, body="Antwoord.", source="web")

    mails = set(Notification.objects.values_list("recipient__username", "kind"))
    assert (cast.patient_user.username, "status_changed") not in mails
    assert (cast.patient_user.username, "new_message") in mails
    assert (cast.coordinator.username, "new_message") not in mails
    # The list in the product shows everything, whatever the e-mail preference.
    assert told(represented, "status") >= {cast.patient_user.username}
    assert cast.coordinator.username in told(represented, "message")


def test_the_email_is_in_the_users_language(cast, represented):
    cast.representative.email = "familie@example.org"
    cast.representative.preferred_language = "en"
    cast.representative.save()

    message_send(actor=cast.coordinator, case_id=represented.pk, body="Binnenkort.", source="web")

    notice = Notification.objects.get(recipient=cast.representative)
    subject, _body = compose(notice.kind, language=notice.language, name="", reference="TM", link="")
    assert subject == "New message (TM)"
