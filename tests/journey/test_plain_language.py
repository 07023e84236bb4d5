"""What a patient or a representative reads in the request wizard, the decision aid and on their own
pages is plain language: no rule id (R1 to R28), no machine name or internal key, no hash. Rule ids
are for professionals. The same check as the "who looked at my file" page (MACHINE_NAME), over each
page's visible text, in Dutch and in English, on every step of the wizard: shown, answered wrongly,
answered, and at the end submitted or refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondopinion.accounts.models import User
from secondopinion.aftercare.complaints import (
    complaint_acknowledge,
    complaint_decide,
    complaint_file,
    complaint_start_handling,
)
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.directory.models import DeclaredInterest, Representative
from secondopinion.documents.services import document_upload
from secondopinion.invitations.representation import representative_invitation_accept, representative_invite
from tests.audit.test_who_looked_labels import MACHINE_NAME
from tests.conftest import give_records_consent
from tests.documents.files import pdf
from tests.factories import PractitionerFactory
from tests.invitations.test_plain_pages import NEW_PASSWORD
from tests.journey.test_wizard import PATIENT_ANSWERS
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

LANGUAGES = ["nl", "en"]
STEPS = ("who", "practitioner", "question", "situation", "referral", "place", "consents")
# A wrong or missing answer per step, so that every error message is read too.
WRONG = {
    "who": {},
    "practitioner": {"treating_practitioner": "999999"},
    "question": {"care_question": "kies?"},
    "situation": {"subject": "treatment_plan"},
    "referral": {"has_referral": "maybe"},
    "place": {"organisation": "0"},
    "consents": {},
}


def url(step: str) -> str:
    return reverse(f"journey:request-{step}")


class Reader:
    """A logged-in client that reads every page in one language and checks it is plain."""

    def __init__(self, user, language: str) -> None:
        self.client = Client()
        if user is not None:
            self.client.force_login(user)
        self.language = language
        self.pages = 0

    def get(self, path: str, data=None, *, status: int = 200):
        response = self.client.get(path, data or {}, HTTP_ACCEPT_LANGUAGE=self.language)
        return self.read(response, status)

    def post(self, path: str, data=None, *, status: int = 200, follow: bool = False):
        response = self.client.post(path, data or {}, HTTP_ACCEPT_LANGUAGE=self.language, follow=follow)
        return self.read(response, status)

    def read(self, response, status: int):
        assert response.status_code == status, (status, response.status_code)
        if response.status_code != 302:
            text = visible_text(response.content.decode())
            found = MACHINE_NAME.search(text)
            assert found is None, (found.group(0), text[max(0, found.start() - 80) : found.end() + 80])
            self.pages += 1
        return response


def answers_for(cast, **changes) -> dict:
    answers = {
        **PATIENT_ANSWERS,
        "practitioner": {"treating_practitioner": cast.treating.pk},
        "place": {"organisation": cast.giving_practice.pk},
    }
    answers.update(changes)
    return answers


def walk(reader: Reader, cast, **changes) -> None:
    """Every step: shown, answered wrongly, answered; then the summary shown."""
    answers = answers_for(cast, **changes)
    for step in STEPS:
        reader.get(url(step))
        if step == "practitioner":
            reader.get(url(step), {"q": "Utrecht"})
            reader.get(url(step), {"q": "niemand-heet-zo"})
        reader.post(url(step), WRONG[step], status=422)
        reader.post(url(step), answers[step], status=302)
    reader.get(url("summary"))


def representative_answers(cast) -> dict:
    return {
        "who": {"requester_kind": "representative", "represented": cast.patient.pk},
        "consents": {"own_practitioner_informed": "no", "patient_agrees": "on"},
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_patient_reads_no_rule_ids_on_any_step_of_the_wizard_nor_on_the_case_it_makes(cast, language):
    reader = Reader(cast.patient_user, language)
    reader.get(reverse("journey:request"), status=302)

    walk(reader, cast)
    submitted = reader.post(url("summary"), follow=True)

    case = SecondOpinionCase.objects.get()
    assert submitted.redirect_chain[-1][0] == reverse("web:case", kwargs={"case_id": case.pk})
    assert case.reference in visible_text(submitted.content.decode())  # the confirmation, read too
    reader.get(reverse("web:home"))
    assert reader.pages >= 2 * len(STEPS) + 4


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_representative_reads_no_rule_ids_on_any_step_nor_when_the_patients_consent_is_missing(
    cast, language
):
    representation = Representative.objects.create(
        user=cast.representative, patient=cast.patient, relation="partner"
    )
    reader = Reader(cast.representative, language)

    walk(reader, cast, **representative_answers(cast))
    refused = reader.post(url("summary"), status=422)  # the patient has not consented yet (R8)
    reader.post(url("consents"), {"own_practitioner_informed": "no"}, status=422)  # not confirmed

    assert "error-summary" in refused.content.decode()
    representation.consent_given_at = timezone.now()
    representation.save(update_fields=["consent_given_at"])
    reader.post(url("consents"), representative_answers(cast)["consents"], status=302)
    submitted = reader.post(url("summary"), follow=True)
    assert SecondOpinionCase.objects.get().requester == cast.representative
    assert submitted.redirect_chain
    reader.get(reverse("web:home"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_who_represents_nobody_or_is_no_patient_is_told_so_without_rule_ids(cast, language):
    reader = Reader(cast.stranger, language)

    refused = reader.post(url("who"), {"requester_kind": "representative"}, status=422)
    not_a_patient = reader.post(url("who"), {"requester_kind": "patient"}, status=422)

    assert "requester_kind" in refused.context["form"].errors
    assert "requester_kind" in not_a_patient.context["form"].errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_wizard_without_an_account_and_its_guidance_show_no_rule_ids(cast, language):
    reader = Reader(None, language)
    answers = answers_for(cast)
    for step in STEPS[:-1]:
        reader.get(url(step))
        reader.post(url(step), answers[step], status=302)
    reader.get(url("consents"))  # create an account or log in

    for situation in (
        {
            "subject": "finished_work",
            "treatment_started": "yes",
            "under_treatment": "yes",
            "wants_transfer": "no",
        },
        {
            "subject": "treatment_plan",
            "treatment_started": "no",
            "under_treatment": "yes",
            "wants_transfer": "yes",
        },
        {
            "subject": "treatment_plan",
            "treatment_started": "no",
            "under_treatment": "no",
            "wants_transfer": "no",
        },
        {
            "subject": "treatment_plan",
            "treatment_started": "no",
            "under_treatment": "unclear",
            "wants_transfer": "no",
        },
    ):
        answered = reader.post(url("situation"), situation, follow=True)
        if situation["subject"] == "finished_work" or situation["wants_transfer"] == "yes":
            assert answered.redirect_chain[-1][0] == reverse("journey:request-guidance")
            assert "outcome-title" in answered.content.decode()


DECISIONS = [
    {},
    {"wants_transfer": "yes"},
    {"treatment_ended": "yes"},
    {"treatment_ended": "unclear"},
    {"about_the_person": "yes", "doubts_the_care": "no"},
    {"about_the_person": "yes"},
    {"protocol": "dental-knmt", "work_done": "yes"},
    {"protocol": "denturist-ont", "work_done": "yes"},
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_decision_aid_reimbursement_and_finding_a_giver_show_no_rule_ids(cast, language):
    reader = Reader(None, language)
    reader.get(reverse("journey:decide"))
    reader.get(reverse("journey:decide"), {"asked": "1", "protocol": "dental-knmt"}, status=422)
    base = {
        "asked": "1",
        "protocol": "medical-specialist",
        "wants_transfer": "no",
        "treatment_ended": "no",
        "about_the_person": "no",
        "doubts_the_care": "yes",
        "work_done": "no",
    }
    for answers in DECISIONS:
        verdict = reader.get(reverse("journey:decide"), {**base, **answers})
        assert verdict.context["verdict"] is not None
    reader.get(reverse("journey:reimbursement"))
    # A colleague in the treating practice and one with an interest are not independent: the page
    # says why, in words.
    DeclaredInterest.objects.create(
        practitioner=PractitionerFactory(organisation=cast.other_practice, discipline="dentist"),
        related_practitioner=cast.treating,
        description="zwager",
    )
    reader.get(reverse("journey:givers"))
    reader.get(reverse("journey:givers"), {"q": "Utrecht"})
    connected = reader.get(reverse("journey:givers"), {"practitioner": cast.treating.pk})
    assert connected.context["connected"]
    reader.get(
        reverse("journey:givers"), {"practitioner": cast.treating.pk, "discipline": "nonsense"}, status=422
    )


# The patient's own pages after the wizard ------------------------------------------------------


@pytest.fixture
def lived(cast, submit, advance):
    """Petra's cases along the way: just submitted, in examination with her consents given and a
    document added, and closed with the report sent; a complaint filed and decided on the last."""
    examined = advance(submit(), "in_examination")
    give_records_consent(cast, examined)
    letter = SimpleUploadedFile("brief.pdf", pdf(), content_type="application/pdf")
    document_upload(
        actor=cast.patient_user, case_id=examined.pk, upload=letter, purpose="patient_brought", source="web"
    )
    closed = advance(submit(), "closed")
    complaint = complaint_file(
        actor=cast.patient_user, case_id=closed.pk, text="De uitleg was te snel.", source="web"
    )
    for step in (complaint_acknowledge, complaint_start_handling):
        step(actor=cast.complaints_officer, complaint_id=complaint.pk, source="web")
    complaint_decide(
        actor=cast.complaints_officer,
        complaint_id=complaint.pk,
        judgment="partly_well_founded",
        decision="Wij bespreken dit met de gever.",
        source="web",
    )
    return [submit(), examined, closed]


@pytest.fixture
def mila(cast):
    """Petra's representative for all her requests, by the invitation she accepted."""
    invited = representative_invite(
        actor=cast.patient_user,
        email="mila@example.nl",
        name="Mila de Vries",
        relation="family",
        source="web",
    )
    token = invited.link.rstrip("/").rsplit("/", 1)[-1]
    representative_invitation_accept(token=token, username="mila", password=NEW_PASSWORD, source="web")
    return User.objects.get(username="mila")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("who", ["patient", "representative"])
def test_the_home_and_case_pages_show_the_patient_and_representative_no_rule_ids(
    cast, lived, mila, who, language
):
    reader = Reader(cast.patient_user if who == "patient" else mila, language)

    home = reader.get(reverse("web:home"))
    for case in lived:
        page = reader.get(reverse("web:case", kwargs={"case_id": case.pk}))
        assert page.templates[0].name == "web/case_patient.html"
    closed = lived[-1]
    evaluation = reverse("aftercare:evaluation", kwargs={"case_id": closed.pk})
    reader.post(evaluation, {"satisfaction": "4"}, status=422)  # no decision chosen
    early = reverse("aftercare:evaluation", kwargs={"case_id": lived[0].pk})
    reader.post(early, {"decision": "accept_opinion", "satisfaction": "4"}, status=409)  # not closed yet
    reader.post(evaluation, {"decision": "accept_opinion", "satisfaction": "4"}, follow=True)
    reader.post(
        reverse("aftercare:message-send", kwargs={"case_id": closed.pk}), {"body": "Dank u."}, follow=True
    )

    if who == "patient":
        assert lived[0].reference in visible_text(home.content.decode())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_patients_own_request_form_shows_no_rule_ids(cast, language):
    reader = Reader(cast.patient_user, language)
    data = {
        "protocol": "dental-knmt",
        "treating_practitioner_id": cast.treating.pk,
        "organisation_id": cast.giving_practice.pk,
        "subject": "finished_work",
        "treatment_started": "yes",
        "care_question": "Is mijn kroon goed geplaatst?",
    }

    retired = reader.get(reverse("web:case-new"), status=302)  # the old form: patients ask in the wizard
    assert retired.url == reverse("journey:request")
    blocked = reader.post(reverse("web:case-new"), data, status=422)  # work already done (R2)

    assert "R2" in blocked.context["error"].rule_ids
    assert not SecondOpinionCase.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_documents_step_and_a_practitioner_not_listed_show_no_rule_ids(cast, language):
    """The steps of one request path (issue 12): files brought at intake, one refused with its reason,
    and a practitioner named in free text, checked and sent."""
    from tests.documents.files import png

    reader = Reader(cast.patient_user, language)
    reader.get(reverse("journey:request"), status=302)
    unlisted = {
        "unlisted": "on",
        "unlisted_kind": "dental-knmt",
        "unlisted_name": "J. de Boer",
        "unlisted_practice": "Tandartspraktijk Het Anker",
        "unlisted_place": "Zwolle",
    }
    answers = answers_for(cast, practitioner=unlisted)
    for step in STEPS:
        reader.get(url(step))
        if step == "practitioner":
            reader.post(url(step), {"unlisted": "on"}, status=422)  # name, practice and place missing
        reader.post(url(step), answers[step], status=302)
    reader.get(url("documents"))
    files = [SimpleUploadedFile("kies.png", png()), SimpleUploadedFile("virus.exe", b"MZ" + bytes(100))]
    refused = reader.post(url("documents"), {"files": files}, status=422)
    reader.get(url("summary"))
    reader.post(url("summary"), status=302)

    assert "virus.exe" in refused.content.decode()
    assert reader.pages >= len(STEPS) + 4
