"""R18, R23: the patient gives the consent to inform her own practitioner in one place on her case page:
the button in the consents card's list of what the case waits for. The agreements card says in words
what was agreed and points there, with no form of its own, and the patient's own consent form offers
only the purposes that list does not. The representative reads in both cards that only the patient can
give it; staff read the rule it is needed for and record a signed form with their own form. In Dutch and
in English."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.cases.services import case_submit
from secondopinion.consent.models import Consent
from secondopinion.protocols.engine import INFORM_OWN_PRACTITIONER
from tests.conftest import representation_in_force, submit_input
from tests.reading import says, visible_text
from tests.web.test_agreements_and_consent import without_consent

pytestmark = pytest.mark.django_db

WORDS = {
    "nl": {
        "give": "Ik geef deze toestemming",
        "old_button": "Ja, mijn eigen behandelaar mag het rapport krijgen",
        "plain": "Uw toestemming om het rapport naar uw eigen behandelaar te sturen.",
        "missing": "Maar u heeft daar nog geen toestemming voor gegeven.",
        "revoked": "Maar u heeft uw toestemming daarvoor ingetrokken.",
        "pointer": "Geef dan verderop op deze pagina uw toestemming, bij Toestemmingen.",
        "link": "Naar de toestemming die we nog van u nodig hebben",
        "only": "Alleen Petra de Vries kan deze toestemming geven",
        "consented": "Krijgt het rapport. Dat is afgesproken, en u heeft er toestemming voor gegeven.",
    },
    "en": {
        "give": "I give this consent",
        "old_button": "Yes, my own practitioner may receive the report",
        "plain": "Your consent to send the report to your own practitioner.",
        "missing": "But you have not given your consent for it yet.",
        "revoked": "But you took back your consent for it.",
        "pointer": "Then give your consent further down this page, under Consents.",
        "link": "Go to the consent we still need from you",
        "only": "Only Petra de Vries can give this consent",
        "consented": "Receives the report. This was agreed, and you gave your consent for it.",
    },
}
LANGUAGES = sorted(WORDS)
FORM = re.compile(r"<form\b.*?</form>", re.S)


def page_of(user, case, language: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get(reverse("web:case", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def forms_giving(page: str, case, purpose: str = INFORM_OWN_PRACTITIONER) -> list[re.Match[str]]:
    """The forms on the page that post a consent for `purpose`: a button's hidden purpose or a choice."""
    action = f'action="{reverse("web:consent-add", args=[case.pk])}'
    given = f'name="purpose" value="{purpose}"'
    return [form for form in FORM.finditer(page) if action in form.group(0) and given in form.group(0)]


def part(page: str, marker: str, end: str) -> tuple[int, int]:
    """Where the element marked `marker` stands on the page, up to the first `end` (a pattern) after it."""
    start = page.index(marker)
    stop = re.compile(end).search(page, start)
    assert stop is not None
    return start, stop.end()


def agreements_card(page: str) -> str:
    start, stop = part(page, 'id="agreements"', "</section>")
    return page[start:stop]


AWAITED = ('id="consents-awaited"', r"</ul>\s*</div>")


def awaited_card(page: str) -> str:
    start, stop = part(page, *AWAITED)
    return page[start:stop]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("stage", "state"), [("informed", "missing"), ("report_final", "revoked")])
def test_the_patient_has_one_form_for_the_consent_in_the_awaited_list(cast, a_case, language, stage, state):
    case = without_consent(cast, a_case, stage)
    if state == "revoked":
        client = Client()
        client.force_login(cast.patient_user)
        client.post(reverse("web:consent-add", args=[case.pk]), {"purpose": INFORM_OWN_PRACTITIONER})
        consent = Consent.objects.get(case=case, purpose=INFORM_OWN_PRACTITIONER)
        client.post(reverse("web:consent-revoke", args=[case.pk, consent.pk]), {"confirmed": "yes"})
    words = WORDS[language]

    page = page_of(cast.patient_user, case, language)
    found = forms_giving(page, case)

    assert len(found) == 1
    awaited_start, awaited_stop = part(page, *AWAITED)
    assert awaited_start < found[0].start() < awaited_stop
    assert 'type="hidden" name="purpose" value="inform_own_practitioner"' in found[0].group(0)
    assert says(visible_text(found[0].group(0)), words["give"])
    assert says(visible_text(awaited_card(page)), words["plain"])
    assert words["old_button"] not in visible_text(page)
    agreements = agreements_card(page)
    assert "<form" not in agreements
    assert "<button" not in agreements
    assert says(visible_text(agreements), words[state])
    assert says(visible_text(agreements), words["pointer"])
    assert says(visible_text(agreements), words["link"])
    assert 'href="#consents-awaited"' in agreements
    assert not any(says(visible_text(agreements), f"R{n}") for n in range(1, 29))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_patients_own_form_offers_only_what_the_awaited_list_does_not(cast, a_case, language):
    case = without_consent(cast, a_case, "informed")  # awaits records (R16) and informing (R23)

    page = page_of(cast.patient_user, case, language)

    assert len(forms_giving(page, case, "request_records")) == 1
    assert len(forms_giving(page, case, INFORM_OWN_PRACTITIONER)) == 1
    own = forms_giving(page, case, "consult_colleague")
    assert len(own) == 1
    assert 'type="radio"' in own[0].group(0)
    assert 'name="purpose" value="inform_own_practitioner"' not in own[0].group(0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_one_button_gives_it_and_the_cards_agree(cast, a_case, language):
    case = without_consent(cast, a_case, "informed")
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(cast.patient_user)
    page = page_of(cast.patient_user, case, language)
    (form,) = forms_giving(page, case)
    action = re.search(r'action="([^"#]+)', form.group(0))
    assert action is not None

    response = client.post(action.group(1), {"purpose": INFORM_OWN_PRACTITIONER})

    assert response.status_code == 302
    consent = Consent.objects.get(case=case, purpose=INFORM_OWN_PRACTITIONER, revoked_at=None)
    assert (consent.method, consent.given_by_name) == ("in_app", cast.patient.name)
    after = page_of(cast.patient_user, case, language)
    assert WORDS[language]["plain"] not in visible_text(after)
    assert says(visible_text(agreements_card(after)), WORDS[language]["consented"])
    assert 'href="#consents-awaited"' not in agreements_card(after)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_representative_has_no_form_for_it_and_reads_who_can_give_it(cast, language):
    representation_in_force(cast)
    asked = case_submit(
        actor=cast.representative, data=submit_input(cast, requester_kind="representative"), source="web"
    )
    case = without_consent(cast, asked, "informed")
    words = WORDS[language]

    page = page_of(cast.representative, case, language)

    assert forms_giving(page, case) == []
    assert says(visible_text(agreements_card(page)), words["only"])
    assert says(visible_text(awaited_card(page)), words["only"])
    assert words["give"] not in visible_text(page)
    assert words["link"] not in visible_text(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("who", ["giver_user", "coordinator"])
def test_staff_read_the_rule_and_record_a_signed_form_only_with_their_own_form(cast, a_case, who, language):
    case = without_consent(cast, a_case, "informed")

    page = page_of(getattr(cast, who), case, language)
    awaited = awaited_card(page)

    assert 'id="agreements"' not in page
    assert '<span class="rule-id">R23</span>' in awaited
    assert "<form" not in awaited
    (found,) = forms_giving(page, case)  # staff record the patient's signed form (R18)
    assert 'type="file"' in found.group(0)
    assert 'type="hidden" name="purpose"' not in found.group(0)
