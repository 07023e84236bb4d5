"""Acceptance findings on the giver's word to colleagues (seeds 000, 001; R6, R10, R18, R19, R23).

- A collegial notice (R6) is about the colleague's own conduct. Who the patient is reaches the own
  practitioner only with her consent to inform him in force, or when he referred (R18, R23): without
  it the notice names neither the patient nor the case. The giver's own view is unchanged.
- Reading the notices is a read of each patient's data (NEN 7513): it is logged against her case, so
  it appears in her "who looked at my file", with or without her name shown.
- The colleague consulted (R19) is "een andere collega": not the treating practitioner, nobody of his
  organisation, nobody with a declared interest in him; consent to consult a colleague is not consent
  to inform the own practitioner (R18).
"""

import pytest
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.audit.selectors import access_events_for_patient
from secondopinion.cases.services import case_submit
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_record, consent_revoke
from secondopinion.core.errors import InvalidInput
from secondopinion.directory.models import DeclaredInterest
from secondopinion.records.models import ColleagueConsultation
from secondopinion.records.services import colleague_consult
from secondopinion.reports.notices import collegial_notice_send, collegial_notices_for
from tests.api.conftest import ApiClient
from tests.conftest import submit_input, walk
from tests.factories import PractitionerFactory, UserFactory
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

NOTICE = "Collega, de indicatie voor extractie van 36 is in het dossier onvoldoende onderbouwd."
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _examined(cast, case, *, inform: bool):
    """Walk the case to the examination; `inform` is the agreement of the informed step, and the
    patient's consent to inform her own practitioner is given only when it is True."""
    return walk(cast, case, "in_examination", informed={"inform_own_practitioner": inform})


def _notice(cast, case, text: str = NOTICE):
    return collegial_notice_send(actor=cast.giver_user, case_id=case.pk, text=text, source="web")


def _inbox_page(client, cast, **headers) -> str:
    client.force_login(cast.treating_user)
    response = client.get(reverse("web:notices"), **headers)
    assert response.status_code == 200
    return visible_text(response.content.decode())


# -- FAIL 1: without her consent, the notice does not name the patient -----------------------------


def test_without_consent_the_treating_dentist_reads_the_notice_but_not_who_the_patient_is(
    client, cast, submit
):
    case = _examined(cast, submit(), inform=False)
    _notice(cast, case)

    page = _inbox_page(client, cast)

    assert NOTICE in page
    assert "Melding zonder gegevens van de patiënt" in page
    assert "De patiënt heeft geen toestemming gegeven om u te informeren." in page
    assert str(cast.giver_user) in page  # who wrote it: the giver speaks to him as a colleague
    assert not says(page, cast.patient.name)
    assert not says(page, case.reference)


def test_without_consent_the_page_reads_the_same_in_english(client, cast, submit):
    case = _examined(cast, submit(), inform=False)
    _notice(cast, case)

    page = _inbox_page(client, cast, **EN)

    assert "Notice without patient details" in page
    assert "The patient has not given consent to inform you." in page
    assert not says(page, cast.patient.name)
    assert not says(page, case.reference)


def test_without_consent_the_api_inbox_carries_no_case_id_nor_reference(cast, submit):
    case = _examined(cast, submit(), inform=False)
    _notice(cast, case)

    response = ApiClient(cast.treating_user).get("/collegial-notices")

    assert response.status_code == 200
    [item] = response.json()
    assert item["text"] == NOTICE
    assert item["case_id"] is None
    assert item["case_reference"] is None
    assert cast.patient.name not in response.content.decode()
    assert case.reference not in response.content.decode()


def test_the_giver_still_sees_the_case_of_the_notice_she_sent(client, cast, submit):
    case = _examined(cast, submit(), inform=False)

    sent = ApiClient(cast.giver_user).post(f"/cases/{case.pk}/collegial-notices", {"text": NOTICE})
    client.force_login(cast.giver_user)
    case_page = visible_text(client.get(reverse("web:case", args=[case.pk])).content.decode())

    assert sent.status_code == 201
    assert sent.json()["case_id"] == case.pk
    assert sent.json()["case_reference"] == case.reference
    assert NOTICE in case_page


def test_with_her_consent_in_force_the_notice_names_the_patient_and_the_case(client, cast, submit):
    case = _examined(cast, submit(), inform=True)
    _notice(cast, case)

    page = _inbox_page(client, cast)
    [item] = ApiClient(cast.treating_user).get("/collegial-notices").json()

    assert says(page, cast.patient.name)
    assert says(page, case.reference)
    assert "Melding zonder gegevens van de patiënt" not in page
    assert (item["case_id"], item["case_reference"]) == (case.pk, case.reference)


def test_once_she_revokes_the_consent_the_notice_no_longer_names_her(client, cast, submit):
    case = _examined(cast, submit(), inform=True)
    _notice(cast, case)
    consent = Consent.objects.get(case=case, purpose="inform_own_practitioner", revoked_at__isnull=True)

    consent_revoke(actor=cast.patient_user, case_id=case.pk, consent_id=consent.pk, source="web")
    page = _inbox_page(client, cast)

    assert NOTICE in page
    assert not says(page, cast.patient.name)
    assert not says(page, case.reference)


def test_when_he_referred_her_himself_the_notice_names_the_patient(client, cast):
    data = submit_input(cast, requester_kind="referrer", referrer_id=cast.treating.pk, has_referral=True)
    case = _examined(cast, case_submit(actor=cast.treating_user, data=data, source="web"), inform=False)
    _notice(cast, case)

    page = _inbox_page(client, cast)

    assert says(page, cast.patient.name)
    assert says(page, case.reference)


def test_each_notice_is_judged_on_its_own_case(client, cast, submit):
    hidden = _examined(cast, submit(), inform=False)
    shown = _examined(
        cast, submit(care_question="Is een brug op 14-16 nodig, of kan een implantaat?"), inform=True
    )
    _notice(cast, hidden, "Collega, over de eerste casus: de indicatie is dun.")
    _notice(cast, shown, "Collega, over de tweede casus: bespreek ook het implantaat.")

    received = {n.text: n for n in collegial_notices_for(user=cast.treating_user, source="web")}

    first = received["Collega, over de eerste casus: de indicatie is dun."]
    second = received["Collega, over de tweede casus: bespreek ook het implantaat."]
    assert (first.patient_known, first.case_id, first.case_reference, first.patient_name) == (
        False,
        None,
        None,
        None,
    )
    assert (second.patient_known, second.case_id, second.case_reference) == (True, shown.pk, shown.reference)
    assert second.patient_name == cast.patient.name


# -- FAIL 9: reading a notice is logged against the patient ------------------------------------------


@pytest.mark.parametrize("inform", [False, True], ids=["without-consent", "with-consent"])
def test_reading_the_notices_is_logged_against_the_patient_and_she_sees_it(client, cast, submit, inform):
    case = _examined(cast, submit(), inform=inform)
    _notice(cast, case)

    _inbox_page(client, cast)

    [event] = AccessEvent.objects.filter(actor=cast.treating_user, data="collegial-notices")
    assert (event.action, event.patient_id, event.case_id) == ("read", cast.patient.pk, case.pk)
    assert (event.role, event.basis) == ("treating", "addressee")
    her_log = access_events_for_patient(user=cast.patient_user, patient_id=cast.patient.pk)
    assert her_log.filter(pk=event.pk).exists()
    client.force_login(cast.patient_user)
    log_page = visible_text(client.get(reverse("web:access-log")).content.decode())
    # R6: she sees that her own practitioner read data of her second opinion, not that a message exists.
    assert "gegevens over uw second opinion" in log_page
    assert "rol: eigen behandelaar" in log_page
    assert "second opinion-gever aan uw eigen behandelaar" not in log_page
    assert "ontvanger van het bericht" not in log_page


def test_the_api_inbox_is_logged_against_each_patient_once(cast, submit):
    first = _examined(cast, submit(), inform=False)
    second = _examined(
        cast, submit(care_question="Is een brug op 14-16 nodig, of kan een implantaat?"), inform=True
    )
    _notice(cast, first)
    _notice(cast, first, "Collega, nog een opmerking over dezelfde casus.")
    _notice(cast, second)

    assert ApiClient(cast.treating_user).get("/collegial-notices").status_code == 200

    events = AccessEvent.objects.filter(actor=cast.treating_user, data="collegial-notices")
    assert sorted(events.values_list("case_id", "patient_id")) == sorted(
        [(first.pk, cast.patient.pk), (second.pk, cast.patient.pk)]
    )


def test_an_empty_inbox_is_logged_once_without_a_patient(client, cast):
    page = _inbox_page(client, cast)

    assert "Er zijn geen collegiale meldingen voor u." in page
    [event] = AccessEvent.objects.filter(actor=cast.treating_user, data="collegial-notices")
    assert (event.patient_id, event.case_id) == (None, None)


# -- FAIL 2: the colleague consulted is not the own practitioner, nor connected to him ---------------


@pytest.fixture
def consulting(cast, submit):
    """A case in examination whose patient gave only the consent to consult a colleague."""
    case = _examined(cast, submit(), inform=False)
    consent_record(
        actor=cast.patient_user, case_id=case.pk, purpose="consult_colleague", method="in_app", source="web"
    )
    return case


def _consult(cast, case, colleague):
    return colleague_consult(
        actor=cast.giver_user,
        case_id=case.pk,
        colleague_id=colleague.pk,
        question="Wat vindt u?",
        source="web",
    )


def test_the_treating_dentist_himself_cannot_be_the_colleague_consulted(cast, consulting):
    with pytest.raises(InvalidInput) as refused:
        _consult(cast, consulting, cast.treating)

    assert refused.value.field == "colleague_id"
    assert "is de eigen behandelaar" in refused.value.detail.nl
    assert "is the treating practitioner" in refused.value.detail.en
    for rule in ("R19", "R10", "R18"):
        assert rule in refused.value.detail.nl
        assert rule in refused.value.detail.en
    assert not ColleagueConsultation.objects.filter(case=consulting).exists()
    assert not AccessEvent.objects.filter(data="colleague-consultation", case=consulting).exists()


def test_his_practice_partner_cannot_be_the_colleague_consulted(cast, consulting):
    with pytest.raises(InvalidInput) as refused:
        _consult(cast, consulting, cast.colleague)  # same practice as the treating dentist

    assert refused.value.field == "colleague_id"
    assert "dezelfde organisatie als de eigen behandelaar" in refused.value.detail.nl
    assert "the same organisation as the treating practitioner" in refused.value.detail.en
    assert not ColleagueConsultation.objects.filter(case=consulting).exists()


def test_a_colleague_with_a_declared_interest_in_him_cannot_be_consulted(cast, consulting):
    partner = PractitionerFactory(user=UserFactory(username="zakenpartner"), organisation=cast.other_practice)
    DeclaredInterest.objects.create(
        practitioner=partner, related_practitioner=cast.treating, description="Zakenpartner"
    )

    with pytest.raises(InvalidInput) as refused:
        _consult(cast, consulting, partner)

    assert "belang verklaard" in refused.value.detail.nl
    assert not ColleagueConsultation.objects.filter(case=consulting).exists()


def test_an_independent_colleague_of_another_discipline_or_practice_can_be_consulted(cast, consulting):
    elsewhere = PractitionerFactory(organisation=cast.other_practice, discipline="dentist")

    _consult(cast, consulting, elsewhere)
    _consult(cast, consulting, cast.gp)  # a dentist may ask a GP about the medical history

    assert ColleagueConsultation.objects.filter(case=consulting).count() == 2


def test_the_api_refuses_the_treating_dentist_with_422_naming_the_field_in_both_languages(cast, consulting):
    body = {"colleague_id": cast.treating.pk, "question": "Waarom koos u voor extractie?"}

    dutch = ApiClient(cast.giver_user).post(f"/cases/{consulting.pk}/colleague-consultations", body)
    english = ApiClient(cast.giver_user, "en").post(f"/cases/{consulting.pk}/colleague-consultations", body)

    assert (dutch.status_code, english.status_code) == (422, 422)
    assert dutch.json()["field"] == english.json()["field"] == "colleague_id"
    assert "Kies een andere collega" in dutch.json()["detail"]
    assert "Choose another colleague" in english.json()["detail"]
    assert not ColleagueConsultation.objects.filter(case=consulting).exists()


def test_the_page_shows_the_refusal_on_the_form(client, cast, consulting):
    client.force_login(cast.giver_user)

    response = client.post(
        reverse("web:consult", args=[consulting.pk]),
        {"colleague_id": cast.colleague.pk, "question": "Uw mening?"},
    )

    assert response.status_code == 422
    page = visible_text(response.content.decode())
    assert "Kies een andere collega" in page
    assert "R19" in page
    assert not ColleagueConsultation.objects.filter(case=consulting).exists()
