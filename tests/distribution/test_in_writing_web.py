"""R14 (seeds 001, 002): agreed beforehand that the opinion is not put in writing, the patient hears the
advice in a conversation. The giver still records and finalises the opinion (R20, R24), but the patient's
side is sent no written report at finalisation; her page says so in plain words and offers to receive it
in writing after all, which sends it then (R23). Seed 001: "De second opinion kan desgevraagd schriftelijk
worden vastgelegd. Hiervan ontvangt u dan een afschrift." Seed 002: "bij voorkeur schriftelijk".

Driven on the web forms, as the patient, her representative, the giver and the coordinator use them."""

import pytest
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import Agreements, SecondOpinionCase
from secondopinion.cases.services import case_submit
from secondopinion.distribution.models import Sending
from secondopinion.reports.models import Report
from tests.api.conftest import ApiClient
from tests.conftest import representation_in_force, submit_input
from tests.factories import PractitionerFactory, UserFactory
from tests.reading import says
from tests.scenarios.seed_web import (
    EXPLAINED,
    REPORT,
    client_for,
    declare_independent,
    done,
    page,
    step,
    to_report_final,
)

pytestmark = pytest.mark.django_db

NOT_WRITTEN = {"written_report": "no"}
BUTTON_NL = "Toch schriftelijk ontvangen"
BUTTON_EN = "Receive it in writing after all"
SPOKEN_NL = "U hebt met de behandelaar afgesproken dat u het advies hoort in een gesprek."
SPOKEN_EN = "You agreed with the practitioner to hear the advice in a conversation."
DOWNLOAD_NL = "Download uw rapport (pdf)"


def _pair(cast, discipline: str, specialism: str = ""):
    treating = PractitionerFactory(
        user=UserFactory(username=f"{discipline}-eigen"),
        discipline=discipline,
        specialism=specialism,
        organisation=cast.treating_practice,
        name="Eigen Behandelaar",
    )
    giver = PractitionerFactory(
        user=UserFactory(username=f"{discipline}-gever"),
        discipline=discipline,
        specialism=specialism,
        organisation=cast.giving_practice,
        name="Gever Elders",
    )
    return treating, giver


CASES = {
    "denturist-ont": ("denturist", "", "finished_work"),
    "medical-specialist": ("medical_specialist", "neurologie", "diagnosis"),
}


def _case(cast, protocol: str, *, by_representative: bool = False):
    """A request of the patient herself (or of her representative), on a denturist's or a specialist's work."""
    discipline, specialism, subject = CASES[protocol]
    treating, giver = _pair(cast, discipline, specialism)
    values = {
        "protocol": protocol,
        "treating_practitioner_id": treating.pk,
        "care_question": "Klopt het oordeel van mijn behandelaar, en is de voorgestelde aanpak nodig?",
        "subject": subject,
        "treatment_started": True,
    }
    if by_representative:
        representation_in_force(cast)
        data = submit_input(cast, requester_kind="representative", **values)
        case = case_submit(actor=cast.representative, data=data, source="web")
    else:
        created = ApiClient(cast.patient_user).post(
            "/cases",
            {**values, "patient_id": cast.patient.pk, "organisation_id": cast.giving_practice.pk},
        )
        assert created.status_code == 201, created.content
        case = SecondOpinionCase.objects.get(pk=created.json()["id"])
    return case, giver


def _patient_sendings(case) -> set[str]:
    return set(
        Sending.objects.filter(case=case, recipient_kind__in=["patient", "representative"]).values_list(
            "recipient_user__username", flat=True
        )
    )


def _ask(user, case, confirmed: bool = True, language: str = "nl"):
    body = {"confirmed": "yes"} if confirmed else {}
    return client_for(user, language).post(reverse("web:report-in-writing", args=[case.pk]), body)


@pytest.mark.parametrize("protocol", list(CASES))
def test_agreed_not_in_writing_the_patient_is_sent_nothing_until_she_asks_then_downloads(cast, protocol):
    case, giver = _case(cast, protocol)

    to_report_final(cast.coordinator, giver.user, case, **NOT_WRITTEN)

    # R20, R24: the opinion is recorded and sealed all the same.
    report = Report.objects.get(case=case)
    assert report.state == "final"
    assert report.content_hash
    assert _patient_sendings(case) == set()
    text = page(cast.patient_user, case)
    assert says(text, SPOKEN_NL)
    assert says(text, BUTTON_NL)
    assert "Het advies is klaar." in text
    assert "Uw rapport is klaar" not in text
    assert DOWNLOAD_NL not in text
    assert not says(text, "Het rapport is nog niet verzonden")
    assert not any(says(text, f"R{n}") for n in range(1, 29))
    pdf = client_for(cast.patient_user).get(reverse("web:report-pdf", args=[case.pk]))
    assert pdf.status_code == 404

    # The button asks once more, as the product's other irreversible patient actions do.
    asked = _ask(cast.patient_user, case, confirmed=False)
    assert asked.status_code == 200
    assert says(asked.content.decode(), "Ja, stuur mij het rapport")
    assert _patient_sendings(case) == set()

    sent = _ask(cast.patient_user, case)

    assert sent.status_code == 302
    assert _patient_sendings(case) == {"petra"}
    sending = Sending.objects.get(case=case, recipient_user=cast.patient_user)
    assert sending.basis == "role:requester"
    assert sending.rule_id == "R23"
    assert sending.sent_by == cast.patient_user
    agreements = Agreements.objects.get(case=case)
    assert agreements.written_requested_by == cast.patient_user
    assert agreements.written_requested_at
    events = AccessEvent.objects.filter(case=case, actor=cast.patient_user)
    assert events.filter(action="update", data="agreements:written_report", basis="R14 patient").exists()
    assert events.filter(action="send", data="report").exists()
    after = page(cast.patient_user, case)
    assert DOWNLOAD_NL in after
    assert not says(after, BUTTON_NL)
    assert says(after, "hebt u het advies toch schriftelijk gevraagd")
    pdf = client_for(cast.patient_user).get(reverse("web:report-pdf", args=[case.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("protocol", list(CASES))
def test_the_practitioners_r23_names_still_receive_the_report(cast, protocol):
    """Practitioner to practitioner the findings travel as ever (R23): agreed not in writing changes what
    the patient's side is sent, not whom the giver informs."""
    case, giver = _case(cast, protocol)
    case.referrer = cast.gp
    case.save(update_fields=["referrer"])

    to_report_final(cast.coordinator, giver.user, case, **NOT_WRITTEN)

    received = set(Sending.objects.filter(case=case).values_list("recipient_user__username", "basis"))
    assert received == {("huisarts", "role:referrer")}


def test_the_staff_page_says_why_no_copy_went_to_the_patient_with_the_rule(cast):
    case, giver = _case(cast, "denturist-ont")
    to_report_final(cast.coordinator, giver.user, case, **NOT_WRITTEN)

    for user in (cast.coordinator, giver.user):
        text = page(user, case)
        assert says(text, "Vooraf afgesproken dat het oordeel niet schriftelijk wordt vastgelegd (R14)")
        assert not says(text, "Het rapport is nog niet verzonden")
        assert not says(text, BUTTON_NL)

    _ask(cast.patient_user, case)
    text = page(cast.coordinator, case)
    assert says(text, "op verzoek")


def test_the_representative_may_ask_and_receives_the_report(cast):
    case, giver = _case(cast, "medical-specialist", by_representative=True)
    to_report_final(cast.coordinator, giver.user, case, **NOT_WRITTEN)
    assert _patient_sendings(case) == set()
    assert says(page(cast.representative, case), BUTTON_NL)

    assert _ask(cast.representative, case).status_code == 302

    assert "vertegenwoordiger" in _patient_sendings(case)
    assert Agreements.objects.get(case=case).written_requested_by == cast.representative
    pdf = client_for(cast.representative).get(reverse("web:report-pdf", args=[case.pk]))
    assert pdf.status_code == 200


@pytest.mark.parametrize("who", ["stranger", "other_coordinator", "other_patient_user"])
def test_someone_unrelated_cannot_ask_and_nothing_changes(cast, who):
    case, giver = _case(cast, "denturist-ont")
    to_report_final(cast.coordinator, giver.user, case, **NOT_WRITTEN)
    before = Sending.objects.count()

    response = _ask(getattr(cast, who), case)

    assert response.status_code == 404
    assert Sending.objects.count() == before
    assert Agreements.objects.get(case=case).written_requested_at is None


@pytest.mark.parametrize("who", ["coordinator", "giver"])
def test_staff_of_the_case_cannot_ask_for_the_patient(cast, who):
    case, giver = _case(cast, "denturist-ont")
    to_report_final(cast.coordinator, giver.user, case, **NOT_WRITTEN)
    user = giver.user if who == "giver" else cast.coordinator

    response = _ask(user, case)

    assert response.status_code == 403
    assert _patient_sendings(case) == set()
    assert Agreements.objects.get(case=case).written_requested_at is None


def test_the_patient_reads_it_in_english(cast):
    case, giver = _case(cast, "denturist-ont")
    to_report_final(cast.coordinator, giver.user, case, **NOT_WRITTEN)

    text = page(cast.patient_user, case, "en")

    assert says(text, SPOKEN_EN)
    assert says(text, BUTTON_EN)
    assert "The advice is ready." in text
    confirm = _ask(cast.patient_user, case, confirmed=False, language="en").content.decode()
    assert says(confirm, "Yes, send me the report")


def test_asked_before_the_report_is_final_it_is_sent_at_finalisation(cast):
    case, giver = _case(cast, "denturist-ont")
    done(step(cast.coordinator, case, "accept", note=""))
    done(step(cast.coordinator, case, "assign", giver_id=giver.pk, note=""))
    declare_independent(giver.user, case)
    done(step(giver.user, case, "inform", **{**EXPLAINED, **NOT_WRITTEN}))
    assert says(page(cast.patient_user, case), BUTTON_NL)

    assert _ask(cast.patient_user, case).status_code == 302
    assert _ask(cast.patient_user, case).status_code == 409  # asked once: nothing more to do
    assert says(page(cast.patient_user, case), "U krijgt het rapport hier zodra het klaar is.")
    done(step(giver.user, case, "examine", note=""))
    done(step(giver.user, case, "findings", findings=REPORT["findings"]))
    done(client_for(giver.user).post(reverse("web:report-draft", args=[case.pk]), REPORT))
    done(step(giver.user, case, "finalise", confirm="on"))

    assert _patient_sendings(case) == {"petra"}


def test_a_dental_opinion_is_always_written_and_sent_as_before(cast):
    case = ApiClient(cast.patient_user).post(
        "/cases",
        {
            "protocol": "dental-knmt",
            "patient_id": cast.patient.pk,
            "organisation_id": cast.giving_practice.pk,
            "treating_practitioner_id": cast.treating.pk,
            "care_question": "Is de voorgestelde extractie van 36 nodig?",
            "subject": "treatment_plan",
            "treatment_started": False,
        },
    )
    case = SecondOpinionCase.objects.get(pk=case.json()["id"])
    to_report_final(cast.coordinator, cast.giver_user, case)

    assert _patient_sendings(case) == {"petra"}
    text = page(cast.patient_user, case)
    assert DOWNLOAD_NL in text
    assert not says(text, BUTTON_NL)
    assert _ask(cast.patient_user, case).status_code == 409
