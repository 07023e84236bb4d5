"""The aftercare panels on the case pages, the complaint pages and the messages API."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secondopinion.aftercare.models import Complaint, Evaluation, Message
from secondopinion.aftercare.presenters import journey
from secondopinion.aftercare.services import complaint_file, message_send
from secondopinion.api.models import ApiToken
from secondopinion.audit.models import AccessEvent

pytestmark = pytest.mark.django_db


def client_for(user, language="nl") -> Client:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_the_patient_sees_the_journey_and_who_the_case_waits_on(cast, a_case):
    page = client_for(cast.patient_user).get(reverse("web:case", args=[a_case.pk])).content.decode()

    assert "Uw stappen" in page
    assert "Een onafhankelijke gever vinden" in page
    assert "Wacht op" in page
    assert "coördinator" in page


def test_the_journey_follows_the_status(cast, submit, advance):
    case = submit()
    assert [s.state for s in journey(case, evaluated=False).steps][3:] == ["later", "later", "later"]
    case = advance(case, "in_examination")
    steps = journey(case, evaluated=False)
    assert [s.state for s in steps.steps][3:] == ["done", "now", "later"]
    assert steps.waiting_on.en == "second-opinion giver"
    case = advance(case, "closed")
    assert journey(case, evaluated=False).yours is True
    assert [s.state for s in journey(case, evaluated=True).steps][3:] == ["done", "done", "done"]


def test_a_patient_sends_a_message_from_the_case_page_and_the_coordinator_sees_it(cast, a_case):
    response = client_for(cast.patient_user).post(
        reverse("aftercare:message-send", args=[a_case.pk]), {"body": "Vraag?"}
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#messages")
    page = client_for(cast.coordinator).get(reverse("web:case", args=[a_case.pk])).content.decode()
    assert "Berichten met de patiënt" in page
    assert "Vraag?" in page


def test_an_empty_message_shows_the_form_again_with_the_field_named(cast, a_case):
    response = client_for(cast.patient_user).post(
        reverse("aftercare:message-send", args=[a_case.pk]), {"body": ""}
    )

    assert response.status_code == 422
    assert "Uw bericht" in response.content.decode()
    assert not Message.objects.exists()


def test_the_giver_sees_no_thread_and_cannot_post(cast, submit, advance):
    case = advance(submit(), "assigned")
    message_send(actor=cast.patient_user, case_id=case.pk, body="Alleen voor de coördinator.", source="web")
    giver = client_for(cast.giver_user)

    assert (
        "Alleen voor de coördinator." not in giver.get(reverse("web:case", args=[case.pk])).content.decode()
    )
    assert giver.post(reverse("aftercare:message-send", args=[case.pk]), {"body": "Hallo"}).status_code == 403
    assert (
        client_for(cast.stranger)
        .post(reverse("aftercare:message-send", args=[case.pk]), {"body": "x"})
        .status_code
        == 404
    )


def test_the_patient_evaluates_a_closed_case_and_the_coordinator_sees_it_in_english(cast, closed_case):
    patient = client_for(cast.patient_user)
    assert "Uw evaluatie" in patient.get(reverse("web:case", args=[closed_case.pk])).content.decode()

    response = patient.post(
        reverse("aftercare:evaluation", args=[closed_case.pk]),
        {"decision": "continue_treatment", "satisfaction": "5", "comment": ""},
    )

    assert response.status_code == 302
    assert Evaluation.objects.get().satisfaction == 5
    page = client_for(cast.coordinator, "en").get(
        reverse("web:case", args=[closed_case.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "continues the treatment" in page.content.decode()
    assert "very satisfied" in page.content.decode()


def test_a_complaint_page_shows_the_conformance_checklist_to_the_officer_only(cast, a_case):
    complaint = complaint_file(
        actor=cast.patient_user, case_id=a_case.pk, text="Geen uitleg gekregen.", source="web"
    )
    url = reverse("aftercare:complaint", args=[complaint.pk])

    page = client_for(cast.complaints_officer).get(url).content.decode()
    listing = client_for(cast.complaints_officer).get(reverse("aftercare:complaints")).content.decode()

    assert "Geen uitleg gekregen." in page
    assert "Welke regels zijn gevolgd" in page
    assert "R13" in page
    assert a_case.reference in listing
    assert client_for(cast.coordinator).get(url).status_code == 403
    assert client_for(cast.stranger).get(url).status_code == 404
    assert (
        a_case.reference
        not in client_for(cast.stranger).get(reverse("aftercare:complaints")).content.decode()
    )


def test_the_officer_declares_a_denturists_opinion_inadmissible_after_confirming_and_the_patient_sees_it(
    cast, denturist_case
):
    complaint = complaint_file(
        actor=cast.patient_user, case_id=denturist_case.pk, text="Slecht gegaan.", source="web"
    )
    officer = client_for(cast.complaints_officer)
    for step in ("aftercare:complaint-acknowledge", "aftercare:complaint-handle"):
        assert officer.post(reverse(step, args=[complaint.pk])).status_code == 302
    url = reverse("aftercare:complaint-decide", args=[complaint.pk])
    values = {"judgment": "well_founded", "decision": "Gegrond.", "inadmissible": "on", "confirm_final": "on"}

    refused = officer.post(url, values)
    values |= {"inadmissible_reason": "R13 ontbrak.", "propose_ont_mediation": "on"}
    asked = officer.post(url, values)
    unconfirmed = Complaint.objects.get()
    done = officer.post(url, {**values, "confirmed": "yes"})

    assert refused.status_code == 422
    assert "Reden" in refused.content.decode()
    assert asked.status_code == 200
    assert "Deze second opinion niet-ontvankelijk verklaren?" in asked.content.decode()
    assert 'name="confirmed" value="yes"' in asked.content.decode()
    assert (unconfirmed.state, unconfirmed.inadmissible) == ("in_handling", False)
    assert done.status_code == 302
    assert Complaint.objects.get().inadmissible
    page = client_for(cast.patient_user).get(reverse("web:case", args=[denturist_case.pk])).content.decode()
    assert "niet-ontvankelijk" in page
    assert "ONT-lid" in page


def test_the_messages_api_lists_and_sends_for_the_patient_and_refuses_the_giver(cast, submit, advance):
    case = advance(submit(), "assigned")
    path = f"/api/v1/cases/{case.pk}/messages"

    def call(user, method="get", body=None):
        _row, token = ApiToken.issue(user=user)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "nl"}
        if method == "get":
            return Client(secure=True).get(path, **headers)
        return Client(secure=True).post(path, json.dumps(body), content_type="application/json", **headers)

    sent = call(cast.patient_user, "post", {"body": "Via de app."})
    listed = call(cast.coordinator)
    empty = call(cast.patient_user, "post", {"body": ""})

    assert sent.status_code == 201
    assert sent.json()["author_role"] == "patient"
    assert listed.status_code == 200
    assert [m["body"] for m in listed.json()] == ["Via de app."]
    assert empty.status_code == 422
    assert empty.json()["field"] == "body"
    assert call(cast.giver_user).status_code == 403
    assert call(cast.stranger).status_code == 404
    assert call(cast.stranger)["Content-Type"] == "application/problem+json"
    assert AccessEvent.objects.filter(case=case, data="messages", source="api").count() == 1


def test_the_complaints_list_costs_the_same_queries_for_three_complaints_or_sixty(cast, submit):
    officer = client_for(cast.complaints_officer)
    cases = [submit() for _ in range(3)]
    for case in cases:
        complaint_file(actor=cast.patient_user, case_id=case.pk, text="Lang gewacht.", source="web")
    officer.get(reverse("aftercare:complaints"))
    with CaptureQueriesContext(connection) as few:
        officer.get(reverse("aftercare:complaints"))
    for _ in range(57):
        complaint_file(actor=cast.patient_user, case_id=cases[0].pk, text="Nog een klacht.", source="web")

    with CaptureQueriesContext(connection) as many:
        first = officer.get(reverse("aftercare:complaints")).content.decode()

    assert len(many) == len(few)
    assert "Pagina 1 van 2" in first
    assert first.count('<th scope="row" ') == 50


def test_the_case_page_with_its_thread_is_one_logged_read(cast, a_case):
    message_send(actor=cast.patient_user, case_id=a_case.pk, body="Vraag.", source="web")
    before = AccessEvent.objects.filter(case=a_case).count()

    page = client_for(cast.coordinator).get(reverse("web:case", args=[a_case.pk])).content.decode()

    assert "Vraag." in page
    read = AccessEvent.objects.filter(case=a_case).order_by("id")[before:]
    assert [(e.action, e.data) for e in read] == [("read", "case")]
    assert Message.objects.get().read_at is not None


@pytest.mark.parametrize(
    ("informed", "referral", "talk", "discuss"),
    [
        (False, False, "optional", "optional"),
        (True, False, "done", "done"),
        (False, True, "optional", "done"),
    ],
)
def test_the_first_steps_are_done_only_when_the_patient_took_them(submit, informed, referral, talk, discuss):
    """Seed 004, steps 1 and 2: a patient who told nobody is not told he discussed his request."""
    case = submit()
    case.own_practitioner_informed, case.has_referral = informed, referral

    talked, discussed = journey(case, evaluated=False).steps[:2]

    assert (talked.state, discussed.state) == (talk, discuss)
    assert discussed.state_label.nl == ("gedaan" if discuss == "done" else "niet gedaan — dat hoeft niet")


@pytest.mark.parametrize(
    ("protocol", "discipline", "words"),
    [
        ("dental-knmt", "dentist", "hangt de vergoeding niet af van een verwijzing"),
        ("denturist-ont", "denturist", "hangt de vergoeding niet af van een verwijzing"),
        ("general-practice", "gp", "meestal geen andere verwijzer"),
        ("medical-specialist", "medical_specialist", "uw huisarts kan verwijzen"),
    ],
)
def test_the_referral_step_says_what_the_costs_say_for_the_discipline(
    cast, submit, protocol, discipline, words
):
    """R26: the journey's step must not tell a dental patient to fetch a referral that the costs (rightly)
    say does not help, nor send a patient to the GP for an opinion on that GP."""
    from tests.factories import OrganisationFactory, PractitionerFactory

    treating = PractitionerFactory(
        discipline=discipline,
        specialism="neurologie" if discipline == "medical_specialist" else "",
        organisation=OrganisationFactory(),
    )
    case = submit(protocol=protocol, treating_practitioner_id=treating.pk)

    referral = journey(case, evaluated=False).steps[2]

    assert referral.state == "optional"
    assert referral.note is not None
    assert words in referral.note.nl
    if discipline in ("dentist", "denturist"):
        assert "verwijzen" not in referral.note.nl  # no advice to get one


@pytest.mark.parametrize(
    ("email", "words"),
    [
        ("petra@example.nl", "U krijgt een e-mail als er een antwoord is"),
        ("", "We hebben geen e-mailadres van u, dus we sturen daarover geen e-mail."),
    ],
)
def test_the_messages_promise_an_e_mail_only_to_a_patient_with_an_address(cast, a_case, email, words):
    cast.patient_user.email = email
    cast.patient_user.save(update_fields=["email"])

    page = client_for(cast.patient_user).get(reverse("web:case", args=[a_case.pk])).content.decode()

    assert words in page
