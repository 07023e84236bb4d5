"""The decision on a complaint is final (Wkkgz): the complaints officer's form asks whether it is the final
decision, and the server records it only when the officer ticks the confirmation. Without it nothing
changes (no decision, no access event, no notice to the complainant) and the form says which box to tick,
in Dutch and in English, keeping what the officer wrote."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.aftercare.complaints import complaint_acknowledge, complaint_file, complaint_start_handling
from secondopinion.aftercare.models import Complaint
from secondopinion.audit.models import AccessEvent
from secondopinion.notifications.models import Notification
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

REASONS = "De kosten zijn vooraf niet uitgelegd; het onderzoek zelf was zorgvuldig."
DECISION = {"judgment": "partly_well_founded", "decision": REASONS}


def client_for(user, language="nl") -> Client:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def in_handling(cast, case) -> Complaint:
    complaint = complaint_file(
        actor=cast.patient_user, case_id=case.pk, text="Niemand legde de kosten uit.", source="web"
    )
    complaint_acknowledge(actor=cast.complaints_officer, complaint_id=complaint.pk, source="web")
    return complaint_start_handling(actor=cast.complaints_officer, complaint_id=complaint.pk, source="web")


@pytest.mark.parametrize(
    ("language", "question", "consequence"),
    [
        ("nl", "Is dit uw definitieve beslissing?", "Een beslissing kunt u daarna niet meer wijzigen."),
        ("en", "Is this your final decision?", "A decision cannot be changed afterwards."),
    ],
)
def test_the_decision_form_asks_whether_it_is_final(cast, a_case, language, question, consequence):
    complaint = in_handling(cast, a_case)

    page = client_for(cast.complaints_officer, language).get(
        reverse("aftercare:complaint", args=[complaint.pk])
    )

    text = visible_text(page.content.decode())
    assert question in text
    assert consequence in text
    assert 'name="confirm_final"' in page.content.decode()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "nl",
            "Er is een probleem Ik bevestig dat dit mijn definitieve beslissing is: Vink dit vakje aan om de "
            "beslissing vast te leggen. Er is nog niets vastgelegd.",
        ),
        (
            "en",
            "There is a problem I confirm this is my final decision: Tick this box to record the decision. "
            "Nothing has been recorded yet.",
        ),
    ],
)
@pytest.mark.parametrize("unticked", [{}, {"confirm_final": "false"}, {"confirm_final": ""}])
def test_without_the_confirmation_nothing_is_decided_and_the_form_names_the_box(
    cast, a_case, language, said, unticked
):
    complaint = in_handling(cast, a_case)
    # The newest event's id so far (ids are not counts: the log outlives flushes).
    events = AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    notices = Notification.objects.count()

    refused = client_for(cast.complaints_officer, language).post(
        reverse("aftercare:complaint-decide", args=[complaint.pk]), {**DECISION, **unticked}
    )

    page = refused.content.decode()
    assert refused.status_code == 422
    assert said in visible_text(page)
    assert 'href="#id_confirm_final"' in page.split('class="error-summary"')[1].split("</div>")[0]
    assert REASONS in page  # what the officer wrote stays in the form
    after = Complaint.objects.get()
    assert (after.state, after.judgment, after.decision, after.decided_at) == ("in_handling", "", "", None)
    # Reading the page again is logged; nothing was written, and the complainant is told nothing.
    assert not AccessEvent.objects.filter(data="complaint", action="update", pk__gt=events).exists()
    assert Notification.objects.count() == notices


def test_with_the_confirmation_the_decision_is_recorded(cast, a_case):
    complaint = in_handling(cast, a_case)

    done = client_for(cast.complaints_officer).post(
        reverse("aftercare:complaint-decide", args=[complaint.pk]), {**DECISION, "confirm_final": "on"}
    )

    assert done.status_code == 302
    decided = Complaint.objects.get()
    assert (decided.state, decided.judgment, decided.decision) == ("decided", "partly_well_founded", REASONS)


def test_an_inadmissibility_is_not_asked_again_before_the_decision_is_confirmed(cast, denturist_case):
    complaint = in_handling(cast, denturist_case)
    values = {**DECISION, "inadmissible": "on", "inadmissible_reason": "De uitleg vooraf (R13) ontbrak."}

    refused = client_for(cast.complaints_officer).post(
        reverse("aftercare:complaint-decide", args=[complaint.pk]), values
    )

    assert refused.status_code == 422
    assert 'href="#id_confirm_final"' in refused.content.decode()
    assert 'name="confirmed" value="yes"' not in refused.content.decode()
    assert (Complaint.objects.get().state, Complaint.objects.get().inadmissible) == ("in_handling", False)
