"""R14/R23 on the case pages: the agreements made beforehand in plain words on the patient's and the
representative's page; an agreement to inform the own practitioner that lacks the patient's consent is
asked for (the patient: the card points to the one button in the consents card's awaited list, see
test_one_place_to_consent.py) or explained (the representative), advised against to staff before
and after finalising (never blocked), and carried out when the consent comes later: the report reaches
the treating dentist's inbox."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.consent.models import Consent
from secondopinion.distribution.models import Sending
from tests.conftest import HAPPY_PATH, representation_in_force, step_input, submit_input, walk
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

ADVICE = (
    "Afgesproken dat de eigen behandelaar wordt geïnformeerd, maar de patiënt heeft daarvoor geen "
    "toestemming gegeven: het rapport gaat niet naar de eigen behandelaar."
)
INFORMED = next(values for to, _who, values in HAPPY_PATH if to == "informed")


def without_consent(cast, case: SecondOpinionCase, target: str, **informed) -> SecondOpinionCase:
    """Walk the case to `target`; at the informed step the own practitioner is to be informed (unless
    `informed` says otherwise), and the patient gives no consent for it."""
    case = walk(cast, case, "assigned")
    values = {**INFORMED, **informed}
    case = case_transition(
        actor=cast.giver_user, case_id=case.pk, to="informed", data=step_input(cast, values), source="web"
    )
    return walk(cast, case, target)


def page_of(user, case: SecondOpinionCase, language: str = "nl") -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get(reverse("web:case", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def card(page: str) -> str:
    start = page.index('id="agreements"')
    return visible_text(page[start : page.index("</section>", start)])


def test_the_patient_reads_the_agreements_in_plain_words(cast, a_case, advance):
    case = advance(a_case, "informed")  # agreed, and the patient consented (tests/conftest.py walk)

    words = card(page_of(cast.patient_user, case))

    assert says(words, "Wat vooraf is afgesproken")
    assert says(words, "Ja, u krijgt het advies op papier.")
    assert says(words, "Niemand anders.")
    assert says(words, f"Uw eigen behandelaar ({cast.treating.name})")
    assert says(words, "Krijgt het rapport. Dat is afgesproken, en u heeft er toestemming voor gegeven.")
    assert "R14" not in words
    assert "R23" not in words
    assert "toestemming geven" not in words.lower()


def test_in_english_the_card_is_complete(cast, a_case, advance):
    case = advance(a_case, "informed")

    words = card(page_of(cast.patient_user, case, "en"))

    assert says(words, "What was agreed beforehand")
    assert says(words, "Yes, you receive the advice in writing.")
    assert says(words, "Receives the report. This was agreed, and you gave your consent for it.")


def test_no_agreement_to_inform_says_so(cast, a_case):
    case = without_consent(cast, a_case, "informed", inform_own_practitioner=False)

    words = card(page_of(cast.patient_user, case))

    assert says(words, "Krijgt het rapport niet van ons. Dat is zo afgesproken.")
    assert "Naar de toestemming die we nog van u nodig hebben" not in words


def test_before_the_agreements_there_is_no_card(cast, a_case):
    assert 'id="agreements"' not in page_of(cast.patient_user, a_case)


def test_without_the_consent_the_patient_is_asked_for_it_on_her_page(cast, a_case):
    case = without_consent(cast, a_case, "informed")

    page = page_of(cast.patient_user, case)
    words = card(page)

    assert says(words, "Maar u heeft daar nog geen toestemming voor gegeven.")
    assert says(words, "Zonder uw toestemming krijgt uw eigen behandelaar het rapport niet.")
    assert says(words, "Naar de toestemming die we nog van u nodig hebben")
    assert reverse("web:consent-add", args=[case.pk]) in page
    assert 'name="purpose" value="inform_own_practitioner"' in page
    assert "R23" not in words


def test_the_staff_are_advised_before_they_finalise_and_nothing_is_blocked(cast, a_case):
    case = without_consent(cast, a_case, "report_draft")

    words = visible_text(page_of(cast.giver_user, case))

    assert says(words, ADVICE)
    assert says(words, "R23")
    finalised = walk(cast, case, "report_final")  # the advice never blocks
    assert finalised.status == "report_final"


def test_after_finalising_the_staff_page_says_the_report_did_not_go_to_him(cast, a_case):
    case = without_consent(cast, a_case, "report_final")

    for who in (cast.giver_user, cast.coordinator):
        assert says(visible_text(page_of(who, case)), ADVICE)
    assert not Sending.objects.filter(case=case, recipient_kind="treating_practitioner").exists()


def test_the_conformance_says_the_advice_was_not_taken_and_why(cast, a_case):
    case = without_consent(cast, a_case, "report_final")
    client = Client()
    client.force_login(cast.coordinator)

    page = client.get(reverse("web:conformance", args=[case.pk])).content.decode()

    start = page.index('<span class="rule-id">R23</span>')
    row = visible_text(page[start : page.index("</tr>", start)])
    assert says(row, ADVICE)
    assert says(row, "advies, niet opgevolgd")


def test_consent_given_after_finalising_sends_the_report_to_the_own_practitioner(cast, a_case):
    case = without_consent(cast, a_case, "report_final")
    client = Client()
    client.force_login(cast.patient_user)

    response = client.post(reverse("web:consent-add", args=[case.pk]), {"purpose": "inform_own_practitioner"})

    assert response.status_code == 302
    consent = Consent.objects.get(case=case, purpose="inform_own_practitioner")
    assert (consent.method, consent.given_by_name) == ("in_app", cast.patient.name)
    event = AccessEvent.objects.filter(case=case, actor=cast.patient_user).order_by("-pk").first()
    assert event is not None
    sending = Sending.objects.get(case=case, recipient_kind="treating_practitioner")
    assert sending.basis == "consent:inform_own_practitioner"
    dentist = Client()
    dentist.force_login(cast.treating_user)
    inbox = dentist.get(reverse("web:report-inbox")).content.decode()
    assert reverse("web:inbox-pdf", args=[sending.pk]) in inbox
    words = card(page_of(cast.patient_user, case))
    assert says(words, "Krijgt het rapport. Dat is afgesproken, en u heeft er toestemming voor gegeven.")
    assert not says(visible_text(page_of(cast.giver_user, case)), ADVICE)


def test_a_revoked_consent_is_asked_for_again(cast, a_case, advance):
    case = advance(a_case, "report_final")
    consent = Consent.objects.get(case=case, purpose="inform_own_practitioner")
    client = Client()
    client.force_login(cast.patient_user)
    client.post(reverse("web:consent-revoke", args=[case.pk, consent.pk]), {"confirmed": "yes"})

    words = card(page_of(cast.patient_user, case))

    assert says(words, "Maar u heeft uw toestemming daarvoor ingetrokken.")
    assert says(words, "Naar de toestemming die we nog van u nodig hebben")
    assert says(
        visible_text(page_of(cast.giver_user, case)), "de patiënt heeft de toestemming daarvoor ingetrokken"
    )


def test_the_representative_reads_the_agreements_and_who_can_consent(cast):
    representation_in_force(cast)
    data = submit_input(cast, requester_kind="representative")
    asked = case_submit(actor=cast.representative, data=data, source="web")
    case = without_consent(cast, asked, "informed")

    page = page_of(cast.representative, case)
    words = card(page)

    assert says(words, "Wat vooraf is afgesproken")
    assert says(words, f"Alleen {cast.patient.name} kan deze toestemming geven")
    assert "Naar de toestemming die we nog van u nodig hebben" not in words
    assert 'value="inform_own_practitioner"' not in page[page.index('id="agreements"') :][:3000]


def test_a_withdrawn_request_asks_for_nothing(cast, a_case):
    case = without_consent(cast, a_case, "informed")
    case = case_transition(
        actor=cast.patient_user, case_id=case.pk, to="withdrawn", data=step_input(cast, {}), source="web"
    )

    words = card(page_of(cast.patient_user, case))

    assert "Naar de toestemming die we nog van u nodig hebben" not in words


def test_a_stranger_sees_nothing(cast, a_case):
    case = without_consent(cast, a_case, "informed")
    client = Client()
    client.force_login(cast.stranger)

    assert client.get(reverse("web:case", args=[case.pk])).status_code == 404
