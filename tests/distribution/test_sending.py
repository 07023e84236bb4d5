"""R23, R24, R18: sending the final report, its access events and e-mails, withdrawal on revocation,
addenda, and the inbox that must agree with the access policy."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.access.policy import can_read_report
from secondopinion.api.models import ApiToken
from secondopinion.audit.models import AccessEvent
from secondopinion.cases.editing import case_add_addendum
from secondopinion.consent.services import consent_record, consent_revoke
from secondopinion.distribution.models import Sending
from secondopinion.notifications.models import Notification
from tests.conftest import HAPPY_PATH

pytestmark = pytest.mark.django_db

FINAL_REPORT = HAPPY_PATH[-2][2]["report"]
MEDICAL_TEXTS = (
    "kies 36",
    "wortelkanaalbehandeling",
    "Diepe cariës",
    "Pijn bij kauwen",
    *FINAL_REPORT.values(),
)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def addresses(cast):
    """The patient's e-mail on her directory record, the dentist's on his account."""
    cast.patient.email = "petra@example.org"
    cast.patient.save(update_fields=["email"])
    cast.treating_user.email = "tandarts@example.org"
    cast.treating_user.save(update_fields=["email"])


@pytest.fixture
def final(cast, addresses, submit, advance, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return advance(submit(), "report_final")


def inform_consent(case):
    return case.consents.get(purpose="inform_own_practitioner", revoked_at__isnull=True)


def test_finalising_sends_the_report_to_each_recipient_with_its_basis(cast, final):
    sendings = {s.recipient_user.username: s for s in Sending.objects.filter(case=final)}

    assert set(sendings) == {"petra", "tandarts"}
    petra, dentist = sendings["petra"], sendings["tandarts"]
    assert (petra.recipient_kind, petra.rule_id, petra.basis, petra.consent) == (
        "patient",
        "R23",
        "role:requester",
        None,
    )
    assert (dentist.recipient_kind, dentist.basis, dentist.consent) == (
        "treating_practitioner",
        "consent:inform_own_practitioner",
        inform_consent(final),
    )
    assert dentist.recipient_practitioner == cast.treating
    assert {s.content_hash for s in sendings.values()} == {final.report.content_hash}
    assert all(s.channel == "portal" and s.withdrawn_at is None for s in sendings.values())
    assert all(s.sent_by == cast.giver_user for s in sendings.values())


def test_each_sending_writes_one_send_event_naming_its_basis(cast, final):
    events = AccessEvent.objects.filter(case=final, action="send", data="report").order_by("id")
    sendings = Sending.objects.filter(case=final).order_by("pk")

    assert [e.basis for e in events] == [s.access_basis for s in sendings]
    assert [e.basis for e in events] == [
        "R23 role:requester",
        f"R23 consent:inform_own_practitioner#{inform_consent(final).pk}",
    ]
    assert {(e.actor, e.role, e.source, e.patient) for e in events} == {
        (cast.giver_user, "giver", "web", cast.patient)
    }


def test_each_recipient_with_an_address_gets_an_email_without_medical_content(cast, final, mailoutbox):
    notifications = Notification.objects.filter(kind="report_ready").order_by("pk")

    assert [n.recipient for n in notifications] == [cast.patient_user, cast.treating_user]
    assert [s.notification for s in Sending.objects.filter(case=final).order_by("pk")] == list(notifications)
    # The report's e-mails, not the notices of the steps that led to it.
    reports = [m for m in mailoutbox if "rapport" in m.subject or "report" in m.subject]
    assert sorted(m.to[0] for m in reports) == sorted([cast.patient.email, cast.treating_user.email])
    for message in reports:
        text = f"{message.subject}\n{message.body}".casefold()
        assert final.reference.casefold() in text
        assert reverse("web:case", kwargs={"case_id": final.pk}) in message.body
        for medical in (*MEDICAL_TEXTS, final.care_question):
            assert medical.casefold() not in text, medical


def test_revoking_the_consent_withdraws_the_sending_and_ends_access(cast, final):
    assert can_read_report(cast.treating_user, final)

    consent_revoke(
        actor=cast.patient_user, case_id=final.pk, consent_id=inform_consent(final).pk, source="web"
    )

    dentist = Sending.objects.get(case=final, recipient_user=cast.treating_user)
    assert dentist.withdrawn_at is not None
    assert dentist.withdrawn_at >= dentist.sent_at
    assert Sending.objects.get(case=final, recipient_user=cast.patient_user).withdrawn_at is None
    final.refresh_from_db()
    assert not can_read_report(cast.treating_user, final)
    response = _web(cast.treating_user).get(reverse("web:case", kwargs={"case_id": final.pk}))
    assert response.status_code == 404


def test_a_new_consent_sends_the_report_again_and_keeps_the_withdrawn_one_as_history(
    cast, final, django_capture_on_commit_callbacks, mailoutbox
):
    consent_revoke(
        actor=cast.patient_user, case_id=final.pk, consent_id=inform_consent(final).pk, source="web"
    )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        again = consent_record(
            actor=cast.patient_user,
            case_id=final.pk,
            purpose="inform_own_practitioner",
            method="in_app",
            source="web",
        )

    old, new = Sending.objects.filter(case=final, recipient_user=cast.treating_user).order_by("pk")
    assert old.withdrawn_at is not None
    assert (new.withdrawn_at, new.consent) == (None, again)
    assert [m.to[0] for m in mailoutbox] == [cast.treating_user.email]
    event = AccessEvent.objects.filter(case=final, action="send").latest("id")
    assert (event.actor, event.role, event.basis) == (
        cast.patient_user,
        "patient",
        f"R23 consent:inform_own_practitioner#{again.pk}",
    )


def test_an_addendum_goes_to_the_current_recipients_only(cast, final, django_capture_on_commit_callbacks):
    consent_revoke(
        actor=cast.patient_user, case_id=final.pk, consent_id=inform_consent(final).pk, source="web"
    )

    with django_capture_on_commit_callbacks(execute=True):
        addendum = case_add_addendum(
            actor=cast.giver_user, case_id=final.pk, text="Correctie: het gaat om 46.", source="web"
        )

    sent = Sending.objects.filter(addendum=addendum)
    assert [(s.recipient_user, s.basis) for s in sent] == [(cast.patient_user, "role:requester")]
    assert AccessEvent.objects.filter(case=final, action="send", data="report:addendum").count() == 1
    assert Notification.objects.filter(kind="case_update", recipient=cast.patient_user).count() == 1


def test_nobody_can_be_sent_a_draft(cast, submit, advance):
    from secondopinion.core.errors import TransitionNotAllowed
    from secondopinion.distribution.services import report_distribute

    case = advance(submit(), "report_draft")

    with pytest.raises(TransitionNotAllowed):
        report_distribute(case=case, actor=cast.giver_user, source="web")
    assert not Sending.objects.exists()


# The inbox and the access policy --------------------------------------------------------------


def _web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _practitioner_users(cast):
    return [cast.treating_user, cast.gp_user, cast.colleague_user, cast.giver_user]


def test_the_inbox_agrees_with_the_access_policy_through_revocation_and_renewal(cast, final):
    def agree():
        final.refresh_from_db()
        for user in [*_practitioner_users(cast), cast.patient_user]:
            active = Sending.objects.filter(
                case=final, recipient_user=user, withdrawn_at__isnull=True
            ).exists()
            if user != cast.giver_user:  # the giver reads as the giver, and is never sent his own report
                assert active == can_read_report(user, final), user
            shown = final.reference in _web(user).get(reverse("web:report-inbox")).content.decode()
            assert shown == active, user

    agree()
    consent_revoke(
        actor=cast.patient_user, case_id=final.pk, consent_id=inform_consent(final).pk, source="web"
    )
    agree()
    consent_record(
        actor=cast.patient_user,
        case_id=final.pk,
        purpose="inform_own_practitioner",
        method="in_app",
        source="web",
    )
    agree()


def test_the_inbox_lists_the_report_and_links_to_the_case(cast, final):
    response = _web(cast.treating_user).get(reverse("web:report-inbox"))

    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("web:case", kwargs={"case_id": final.pk}) in body
    assert "Petra de Vries" in body
    event = AccessEvent.objects.filter(data="report-inbox").latest("id")
    assert (event.actor, event.action, event.role, event.patient) == (
        cast.treating_user,
        "search",
        "treating",
        cast.patient,
    )


def test_the_api_inbox_lists_the_sendings_and_forgets_a_withdrawn_one(cast, final):
    _token, raw = ApiToken.issue(user=cast.treating_user, name="inbox")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    [item] = Client().get("/api/v1/reports/inbox", **headers).json()
    assert (item["case_id"], item["recipient_kind"], item["basis"], item["rule_id"]) == (
        final.pk,
        "treating_practitioner",
        "consent:inform_own_practitioner",
        "R23",
    )
    assert item["content_hash"] == final.report.content_hash

    consent_revoke(
        actor=cast.patient_user, case_id=final.pk, consent_id=inform_consent(final).pk, source="web"
    )

    assert Client().get("/api/v1/reports/inbox", **headers).json() == []


@pytest.mark.parametrize(
    ("who", "sees"), [("giver_user", True), ("coordinator", True), ("patient_user", True)]
)
def test_the_case_page_shows_the_distribution_list(cast, final, who, sees):
    body = _web(getattr(cast, who)).get(reverse("web:case", kwargs={"case_id": final.pk})).content.decode()

    assert ('id="distribution"' in body) is sees
    assert "Tandarts" in body


def test_the_treating_practitioner_and_the_complaints_officer_do_not_see_the_distribution_list(cast, final):
    for user in (cast.treating_user, cast.complaints_officer):
        body = _web(user).get(reverse("web:case", kwargs={"case_id": final.pk})).content.decode()
        assert 'id="distribution"' not in body
