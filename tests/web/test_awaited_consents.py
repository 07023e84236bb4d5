"""The consents a case still waits for, on the consents card of the case page: staff read what is asked,
of whom, since when and the rule that needs it; the patient reads it in plain words, without rule ids,
with a button to give it; the representative reads who can give it. Once given, it is gone. A stranger
and another organisation's coordinator see nothing. In Dutch and in English."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import StatusChange
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_revoke
from secondopinion.directory.models import Representative
from tests.conftest import give_records_consent, representation_in_force, submit_input
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

WORDS = {
    "nl": {
        "staff_title": "Gevraagde toestemmingen, nog niet gegeven",
        "records": "Gegevens opvragen bij de eigen behandelaar",
        "representative": "Een vertegenwoordiger laten optreden",
        "from": "van Petra de Vries (de patiënt)",
        "patient_title": "Toestemming die we nog van u nodig hebben",
        "acting_title": "Toestemming die we nog nodig hebben van Petra de Vries",
        "records_plain": "Uw toestemming om uw gegevens op te vragen bij uw eigen behandelaar",
        "representative_plain": "namens u deze second opinion aanvraagt",
        "waiting": "Wij wachten hierop sinds",
        "give": "Ik geef deze toestemming",
        "only": "Alleen Petra de Vries kan deze toestemming geven",
    },
    "en": {
        "staff_title": "Consents asked, not yet given",
        "records": "Request records from the treating practitioner",
        "representative": "Let a representative act",
        "from": "from Petra de Vries (the patient)",
        "patient_title": "Consent we still need from you",
        "acting_title": "Consent we still need from Petra de Vries",
        "records_plain": "Your consent to ask your own practitioner for your records",
        "representative_plain": "asks for this second opinion on your behalf",
        "waiting": "We have been waiting for this since",
        "give": "I give this consent",
        "only": "Only Petra de Vries can give this consent",
    },
}
LANGUAGES = sorted(WORDS)


def case_page(user, case, language: str = "nl"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client.get(reverse("web:case", args=[case.pk]))


def consents_card(user, case, language: str = "nl") -> str:
    response = case_page(user, case, language)
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('id="consents"')
    return page[start : page.index("</section>", start)]


def day_of(moment, language: str) -> str:
    with translation.override(language):
        return formats.date_format(timezone.localtime(moment), "j F Y")


def reached(case) -> str:
    return StatusChange.objects.filter(case=case).order_by("-at", "-id").first().at


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("who", ["giver_user", "coordinator"])
def test_staff_read_the_awaited_consent_with_its_rule_of_whom_and_since_when(
    cast, a_case, advance, who, language
):
    case = advance(a_case, "informed")  # the alternative explained, no consent to request records yet
    words = WORDS[language]

    card = consents_card(getattr(cast, who), case, language)
    text = visible_text(card)

    assert words["staff_title"] in text
    assert words["records"] in text
    assert words["from"] in text
    assert day_of(reached(case), language) in text
    assert '<span class="rule-id">R16</span>' in card


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_patient_reads_it_plainly_and_may_give_it_with_one_button(cast, a_case, advance, language):
    case = advance(a_case, "informed")
    words = WORDS[language]

    card = consents_card(cast.patient_user, case, language)
    text = visible_text(card)

    assert words["patient_title"] in text
    assert words["records_plain"] in text
    assert words["waiting"] in text
    assert day_of(reached(case), language) in text
    assert words["give"] in text
    assert 'name="purpose" value="request_records"' in card
    assert not any(says(text, f"R{n}") for n in range(1, 29))
    assert words["staff_title"] not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_awaited_consent_is_gone_once_the_patient_gives_it(cast, a_case, advance, language):
    case = advance(a_case, "informed")
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(cast.patient_user)

    given = client.post(reverse("web:consent-add", args=[case.pk]), {"purpose": "request_records"})

    assert given.status_code == 302
    assert Consent.objects.filter(case=case, purpose="request_records", revoked_at=None).count() == 1
    assert WORDS[language]["patient_title"] not in visible_text(
        consents_card(cast.patient_user, case, language)
    )
    assert WORDS[language]["staff_title"] not in visible_text(consents_card(cast.giver_user, case, language))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_representative_reads_whose_consent_is_awaited_and_cannot_give_it(cast, advance, language):
    representation_in_force(cast)
    case = case_submit(
        actor=cast.representative, data=submit_input(cast, requester_kind="representative"), source="web"
    )
    case = advance(case, "informed")
    words = WORDS[language]

    card = consents_card(cast.representative, case, language)
    text = visible_text(card)

    assert words["acting_title"] in text
    assert words["records_plain"] in text
    assert words["only"] in text
    assert words["give"] not in text
    assert 'value="request_records"' not in card
    assert not says(text, "R16")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_representatives_request_waits_for_the_patients_consent_until_she_gives_it(cast, language):
    representation = representation_in_force(cast)
    case = case_submit(
        actor=cast.representative, data=submit_input(cast, requester_kind="representative"), source="web"
    )
    Representative.objects.filter(pk=representation.pk).update(consent_revoked_at=timezone.now())
    words = WORDS[language]

    staff = consents_card(cast.coordinator, case, language)
    patient = consents_card(cast.patient_user, case, language)

    assert words["representative"] in visible_text(staff)
    assert '<span class="rule-id">R8</span>' in staff
    assert words["representative_plain"] in visible_text(patient)
    assert str(cast.representative) in visible_text(patient)  # named, as the case's requester
    assert 'name="purpose" value="representative"' in patient

    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(cast.patient_user)
    client.post(reverse("web:consent-add", args=[case.pk]), {"purpose": "representative"})

    assert words["staff_title"] not in visible_text(consents_card(cast.coordinator, case, language))
    assert words["patient_title"] not in visible_text(consents_card(cast.patient_user, case, language))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_consent_revoked_while_records_are_gathered_is_awaited_again_since_its_revocation(
    cast, a_case, advance, language
):
    case = advance(a_case, "informed")
    give_records_consent(cast, case)
    case = case_transition(
        actor=cast.giver_user, case_id=case.pk, to="gathering_records", data=StepInput(), source="web"
    )
    # The stage was reached two days before the revocation: the wait counts from the revocation.
    StatusChange.objects.filter(case=case, to_status="gathering_records").update(
        at=F("at") - timedelta(days=2)
    )
    consent = Consent.objects.get(case=case, purpose="request_records")
    consent_revoke(actor=cast.patient_user, case_id=case.pk, consent_id=consent.pk, source="web")
    consent.refresh_from_db()

    card = consents_card(cast.giver_user, case, language)

    assert WORDS[language]["records"] in visible_text(card)
    assert '<span class="rule-id">R16</span>' in card
    assert '<span class="rule-id">R18</span>' in card
    with translation.override(language):
        since = formats.date_format(timezone.localtime(consent.revoked_at), "j F Y H:i")
        gathering = StatusChange.objects.get(case=case, to_status="gathering_records").at
        stage = formats.date_format(timezone.localtime(gathering), "j F Y H:i")
    assert since in visible_text(card)
    assert stage not in visible_text(card)


@pytest.mark.parametrize("who", ["stranger", "other_coordinator", "other_patient_user"])
def test_a_stranger_or_another_organisation_sees_nothing_of_it(cast, a_case, advance, who):
    case = advance(a_case, "informed")

    response = case_page(getattr(cast, who), case)

    assert response.status_code == 404
    page = response.content.decode()
    assert WORDS["nl"]["staff_title"] not in page
    assert WORDS["nl"]["records"] not in page
    assert cast.patient.name not in page


def test_a_case_waiting_for_no_consent_shows_no_awaited_list(cast, a_case):
    assert WORDS["nl"]["staff_title"] not in visible_text(consents_card(cast.coordinator, a_case))
    assert WORDS["nl"]["patient_title"] not in visible_text(consents_card(cast.patient_user, a_case))


WHO_GIVES = {
    "nl": "Alleen de patiënt geeft deze toestemmingen of trekt ze in: in deze app, of met een ondertekend "
    "formulier bij de praktijk.",
    "en": "Only the patient gives or revokes these consents: in this app, or on a signed form at the practice.",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_representative_reads_who_gives_the_consents_where_none_are_awaited(cast, language):
    """R8, R18: the consents are the patient's own; her representative's card says so, instead of
    only "no consents have been recorded" with nothing to do. The patient, who gives them, is not told."""
    representation_in_force(cast)
    case = case_submit(
        actor=cast.representative, data=submit_input(cast, requester_kind="representative"), source="web"
    )

    assert WHO_GIVES[language] in visible_text(consents_card(cast.representative, case, language))
    assert WHO_GIVES[language] not in visible_text(consents_card(cast.patient_user, case, language))
    assert WHO_GIVES[language] not in visible_text(consents_card(cast.coordinator, case, language))
