"""Messages between the patient's side and the coordinator: who may write and read, what is checked,
what is logged, and that the e-mail notice never carries the message."""

import pytest

from secondopinion.aftercare.models import Message
from secondopinion.aftercare.selectors import message_list
from secondopinion.aftercare.services import message_send
from secondopinion.audit.models import AccessEvent
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted
from secondopinion.notifications.messages import compose
from secondopinion.notifications.models import Notification
from tests.access.complaints import _complaint

pytestmark = pytest.mark.django_db


def email(notice: Notification) -> tuple[str, str]:
    """The subject and body the notice's e-mail will carry."""
    return compose(
        notice.kind, language=notice.language, name=notice.name, reference=notice.reference, link=notice.link
    )


SECRET = "Mijn kies 36 doet weer pijn sinds gisteren."


def events(case, data):
    return AccessEvent.objects.filter(case=case, data=data)


def test_the_patient_writes_to_the_coordinator_who_gets_a_notice_without_the_message(cast, a_case):
    cast.coordinator.email = "coordinator@example.org"
    cast.coordinator.save()

    message = message_send(actor=cast.patient_user, case_id=a_case.pk, body=SECRET, source="web")

    assert message.author_role == "patient"
    assert message.body == SECRET
    assert list(events(a_case, "message").values_list("action", "role")) == [("create", "patient")]
    notice = Notification.objects.get(email="coordinator@example.org")
    assert notice.kind == "new_message"
    assert notice.reference == a_case.reference
    assert SECRET not in "".join(email(notice))


def test_the_coordinator_answers_and_the_patient_is_told_without_the_message(cast, a_case):
    cast.patient.email = "petra@example.org"
    cast.patient.save()

    message_send(actor=cast.coordinator, case_id=a_case.pk, body=SECRET, source="api")

    notice = Notification.objects.get(email="petra@example.org")
    assert SECRET not in "".join(email(notice))
    assert events(a_case, "message").get().source == "api"


def test_the_representative_writes_on_behalf_of_the_patient(cast, represented_case):
    message = message_send(
        actor=cast.representative, case_id=represented_case.pk, body="Vraag.", source="web"
    )

    assert message.author_role == "representative"
    assert events(represented_case, "message").get().on_behalf_of == cast.patient.name


@pytest.mark.parametrize("who", ["giver_user", "complaints_officer"])
def test_it_refuses_a_related_role_outside_the_conversation(cast, submit, advance, who):
    case = advance(submit(), "assigned")
    if who == "complaints_officer":
        _complaint(case)  # the officer is related to a case complained about (need to know)

    with pytest.raises(NotPermitted):
        message_send(actor=getattr(cast, who), case_id=case.pk, body="Hallo.", source="web")
    with pytest.raises(NotPermitted):
        message_list(user=getattr(cast, who), case_id=case.pk, source="web")
    assert not Message.objects.exists()


@pytest.mark.parametrize("who", ["stranger", "other_coordinator", "other_patient_user"])
def test_a_stranger_learns_nothing_of_the_thread(cast, a_case, who):
    with pytest.raises(NotFound):
        message_send(actor=getattr(cast, who), case_id=a_case.pk, body="Hallo.", source="web")
    with pytest.raises(NotFound):
        message_list(user=getattr(cast, who), case_id=a_case.pk, source="web")
    assert not events(a_case, "message").exists()
    assert not events(a_case, "messages").exists()


@pytest.mark.parametrize(
    ("body", "words"),
    [("", "vul dit in"), ("   \n ", "vul dit in"), ("x" * 4001, "4000"), ("a\x00b", "NUL")],
)
def test_it_refuses_a_message_that_is_empty_too_long_or_unstorable(cast, a_case, body, words):
    with pytest.raises(InvalidInput) as refused:
        message_send(actor=cast.patient_user, case_id=a_case.pk, body=body, source="web")

    assert refused.value.field == "body"
    assert words in refused.value.detail.nl
    assert not Message.objects.exists()
    assert not events(a_case, "message").exists()


def test_a_message_of_exactly_4000_characters_is_accepted(cast, a_case):
    assert (
        len(message_send(actor=cast.patient_user, case_id=a_case.pk, body="x" * 4000, source="web").body)
        == 4000
    )


def test_reading_the_thread_is_logged_once_and_marks_the_other_sides_messages_read(cast, a_case):
    message_send(actor=cast.patient_user, case_id=a_case.pk, body="Vraag.", source="web")
    message_send(actor=cast.coordinator, case_id=a_case.pk, body="Antwoord.", source="web")

    _case, thread = message_list(user=cast.coordinator, case_id=a_case.pk, source="web")

    assert [m.body for m in thread] == ["Vraag.", "Antwoord."]
    assert list(events(a_case, "messages").values_list("action", "role")) == [("read", "coordinator")]
    read = dict(Message.objects.values_list("author_role", "read_at"))
    assert read["patient"] is not None
    assert read["coordinator"] is None
