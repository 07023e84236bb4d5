"""The patient's letters to the own practitioner (R12, R16, R17): made from the case in the patient's
words, as PDF and Word with their metadata, recorded on the case with their hash, and downloaded again."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.services import case_submit
from secondopinion.core.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from secondopinion.letters.content import long_date, one_month_after
from secondopinion.letters.models import PatientLetter
from secondopinion.letters.services import letter_create
from tests.access.complaints import _complaint
from tests.conftest import submit_input
from tests.letters.conftest import client_for, docx_text, pdf_metadata, pdf_text

pytestmark = pytest.mark.django_db


def make(cast, case, kind="inform", **kwargs) -> PatientLetter:
    values = {"language": "nl", "parts": (), "own_sentence": "", **kwargs}
    return letter_create(actor=cast.patient_user, case_id=case.pk, kind=kind, source="web", **values)


def download(user, letter, kind="pdf", language="nl"):
    return client_for(user, language).get(reverse(f"letters:letter-{kind}", args=[letter.pk]))


def test_the_letter_that_informs_the_own_practitioner_names_addressee_ask_and_date(cast, a_case):
    letter = make(cast, a_case, own_sentence="Ik kom graag bij u terug.")

    response = download(cast.patient_user, letter)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Tandarts" in text  # the treating dentist, by name
    assert "Tandartspraktijk De Molen" in text
    assert "Utrecht" in text
    assert "Ik laat u weten dat ik een second opinion aanvraag" in text
    assert "Mondzorg Centrum Oost" in text  # who gives it
    assert long_date(timezone.localdate(), "nl") in text
    assert "Petra de Vries, geboren op 17 mei 1970" in text
    assert "Ik kom graag bij u terug." in text
    assert "Handtekening" in text
    assert "R12" not in text
    assert letter.content_hash not in text


def test_the_request_for_the_record_asks_for_the_parts_within_the_term_the_law_gives_free_of_charge(
    cast, a_case
):
    letter = make(cast, a_case, kind="records", parts=["xrays", "treatment_plan"])

    text = pdf_text(download(cast.patient_user, letter).content)

    assert "Beste Tandarts," in text
    assert "Ik vraag u daarom om een kopie van" in text
    assert "röntgenfoto's" in text
    assert "behandelplan" in text
    assert "WGBO" in text
    assert "AVG" in text
    assert "binnen een maand" in text
    assert f"uiterlijk op {long_date(one_month_after(timezone.localdate()), 'nl')}" in text
    assert "De eerste kopie is gratis." in text


def test_the_whole_record_may_be_asked_for(cast, a_case):
    letter = make(cast, a_case, kind="records", parts=["whole_record"])

    assert "mijn hele dossier" in pdf_text(download(cast.patient_user, letter).content)


def test_the_pdf_and_the_docx_carry_title_author_and_language(cast, a_case):
    letter = make(cast, a_case, kind="records", parts=["xrays"])

    metadata, lang = pdf_metadata(download(cast.patient_user, letter).content)
    response = download(cast.patient_user, letter, "docx")
    text, properties = docx_text(response.content)

    assert metadata["/Title"] == "Verzoek om een kopie van mijn dossier"
    assert metadata["/Author"] == "Petra de Vries"
    assert lang == "nl"
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert properties.title == "Verzoek om een kopie van mijn dossier"
    assert properties.author == "Petra de Vries"
    assert properties.language == "nl"
    assert "Tandartspraktijk De Molen" in text
    assert "röntgenfoto's" in text
    assert long_date(timezone.localdate(), "nl") in text


def test_an_english_session_makes_the_letter_in_english(cast, a_case):
    client = client_for(cast.patient_user, "en")
    url = reverse("letters:letters", args=[a_case.pk])

    response = client.post(url, {"kind": "records", "parts": ["xrays"], "own_sentence": ""})

    assert response.status_code == 302
    letter = PatientLetter.objects.get(case=a_case)
    assert letter.language == "en"
    text = pdf_text(download(cast.patient_user, letter, language="en").content)
    assert "Dear Tandarts," in text
    assert "So I ask you for a copy of" in text
    assert "X-rays" in text
    assert "The first copy is free of charge." in text
    assert long_date(timezone.localdate(), "en") in text
    assert "Petra de Vries, born on 17 May 1970" in text


def test_a_representative_writes_on_the_patients_behalf(cast, represented):
    case = case_submit(
        actor=cast.representative, data=submit_input(cast, requester_kind="representative"), source="web"
    )

    letter = letter_create(
        actor=cast.representative, case_id=case.pk, kind="inform", language="nl", source="web"
    )

    text = pdf_text(download(cast.representative, letter).content)
    assert "Ik schrijf deze brief namens Petra de Vries" in text
    assert "namens Petra de Vries" in text
    assert letter.generated_role == "representative"
    metadata, _lang = pdf_metadata(download(cast.representative, letter).content)
    assert metadata["/Author"] == "Petra de Vries"


def test_the_letter_is_recorded_on_the_case_with_who_when_language_and_hash(cast, a_case):
    before = timezone.now()

    letter = make(cast, a_case)

    letter.refresh_from_db()
    assert letter.kind == "inform"
    assert letter.generated_by == cast.patient_user
    assert letter.generated_at >= before
    assert letter.language == "nl"
    assert len(letter.content_hash) == 64
    event = AccessEvent.objects.filter(case=a_case, data="patient-letter").get()
    assert (event.action, event.role, event.actor_id) == ("create", "patient", cast.patient_user.pk)


def test_each_download_is_logged_as_an_export(cast, a_case):
    letter = make(cast, a_case)

    download(cast.patient_user, letter)
    download(cast.patient_user, letter, "docx")

    assert AccessEvent.objects.filter(case=a_case, data="patient-letter", action="export").count() == 2


def test_a_letter_whose_text_was_changed_is_not_served(cast, a_case):
    letter = make(cast, a_case)
    content = dict(letter.content, paragraphs=["Iets anders."])
    PatientLetter.objects.filter(pk=letter.pk).update(content=content)

    assert download(cast.patient_user, letter).status_code == 404


def test_only_the_patients_side_makes_a_letter(cast, a_case):
    _complaint(a_case)  # need to know: the officer is related while a complaint is handled
    for user in (cast.coordinator, cast.complaints_officer):
        with pytest.raises(NotPermitted):
            letter_create(actor=user, case_id=a_case.pk, kind="inform", language="nl", source="web")

    assert not PatientLetter.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "records", "parts": []}, "parts"),
        ({"kind": "records", "parts": ["xrays", "palm_reading"]}, "parts"),
        ({"kind": "complaint"}, "kind"),
        ({"kind": "inform", "own_sentence": "Hallo\x01"}, "own_sentence"),
        ({"kind": "inform", "own_sentence": "x" * 501}, "own_sentence"),
        ({"kind": "inform", "language": "de"}, "language"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(cast, a_case, values, field):
    events = AccessEvent.objects.count()

    with pytest.raises(InvalidInput) as refused:
        make(cast, a_case, **values)

    assert refused.value.field == field
    assert refused.value.detail.nl != refused.value.detail.en
    assert not PatientLetter.objects.exists()
    assert AccessEvent.objects.count() == events


def test_the_form_shows_the_error_at_the_field_in_dutch(cast, a_case):
    url = reverse("letters:letters", args=[a_case.pk])

    response = client_for(cast.patient_user).post(url, {"kind": "records", "own_sentence": ""})

    assert response.status_code == 422
    page = response.content.decode()
    assert "Kies wat u wilt ontvangen." in page
    assert not PatientLetter.objects.exists()


def test_no_new_letter_once_the_request_has_ended(cast, a_case):
    from secondopinion.cases.models import SecondOpinionCase

    SecondOpinionCase.objects.filter(pk=a_case.pk).update(status="withdrawn")

    with pytest.raises(TransitionNotAllowed):
        make(cast, a_case)


def test_one_month_after_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert one_month_after(dt.date(2026, 12, 3)) == dt.date(2027, 1, 3)
    assert one_month_after(dt.date(2027, 1, 31)) == dt.date(2027, 2, 28)
    assert one_month_after(dt.date(2028, 1, 31)) == dt.date(2028, 2, 29)
    assert one_month_after(dt.date(2026, 8, 31)) == dt.date(2026, 9, 30)


def test_the_practices_address_is_on_the_letter_where_the_directory_has_it(cast, a_case):
    practice = cast.treating_practice
    practice.street_address, practice.postcode = "Molenweg 12", "3511 AB"
    practice.save()

    text = pdf_text(download(cast.patient_user, make(cast, a_case)).content)

    assert "Molenweg 12" in text
    assert "3511 AB Utrecht" in text
