"""Every role of the demo finds work: the GP (`huisarts`) the two requests she referred, one with its
final report in her "Reports for me"; the treating dentist (`dr.jansen`) the case whose records are
asked of him, with the form to supply or decline them, and a report his patient let reach him (R16,
R18, R23). Neither sees any other case, and loading the demo again creates nothing twice."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from secondopinion.accounts.models import User
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.consent.models import Consent
from secondopinion.demo.own_dentist import GATHERING, REPORTED
from secondopinion.demo.referrals import EPILEPSY, TREMOR
from secondopinion.directory.models import Practitioner
from secondopinion.distribution.models import Sending
from secondopinion.records.models import DataRequest
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

LANGUAGES = ("nl", "en")


def case(question: str) -> SecondOpinionCase:
    return SecondOpinionCase.objects.get(care_question=question)


def page(client: Client, url: str, language: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return response.content.decode()


def as_user(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def references(html: str) -> set[str]:
    return set(re.findall(r"TM-\d{4}-\d{5}", visible_text(html)))


@pytest.fixture
def demo():
    call_command("load_demo", stdout=None)


def test_the_gp_referred_two_requests_for_a_neurologist_given_by_an_independent_one(demo):
    epilepsy, tremor = case(EPILEPSY), case(TREMOR)
    gp = Practitioner.objects.get(user__username="huisarts")
    giver = Practitioner.objects.get(user__username="dr.yilmaz")

    for referred in (epilepsy, tremor):
        assert (referred.protocol, referred.requester_kind, referred.has_referral) == (
            "medical-specialist",
            "referrer",
            True,
        )
        assert (referred.referrer, referred.requester, referred.giver) == (gp, gp.user, giver)
        # R10: a neurologist like the treating one, of another organisation.
        assert giver.specialism == referred.treating_practitioner.specialism == "neurologie"
        assert giver.organisation_id != referred.treating_practitioner.organisation_id
    assert (epilepsy.status, tremor.status) == ("report_final", "in_examination")
    sending = Sending.objects.get(case=epilepsy, recipient_user=gp.user)
    assert (sending.rule_id, sending.basis) == ("R23", "role:requester")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_gps_home_lists_her_referred_requests_and_nothing_else(demo, language):
    home = page(as_user("huisarts"), reverse("web:home"), language)

    assert references(home) == {case(EPILEPSY).reference, case(TREMOR).reference}
    text = visible_text(home)
    assert says(text, {"nl": "Mijn casussen", "en": "My cases"}[language])
    assert "Wim Kok" in text
    assert "Henk van Dijk" in text
    assert {"nl": "U heeft nog geen casussen", "en": "You have no cases yet"}[language] not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_gps_report_inbox_holds_the_final_report_with_its_receipt_to_confirm(demo, language):
    inbox = page(as_user("huisarts"), reverse("web:report-inbox"), language)

    text = visible_text(inbox)
    assert references(inbox) == {case(EPILEPSY).reference}
    assert "Wim Kok" in text
    assert {"nl": "Ontvangst bevestigen", "en": "Confirm receipt"}[language] in text


def test_the_gp_opens_her_case_and_its_report(demo):
    client = as_user("huisarts")
    epilepsy = case(EPILEPSY)

    text = visible_text(page(client, reverse("web:case", args=[epilepsy.pk]), "nl"))
    sending = Sending.objects.get(case=epilepsy, recipient_user__username="huisarts")
    pdf = client.get(reverse("web:inbox-pdf", args=[sending.pk]))

    assert epilepsy.reference in text
    assert "Dr. Ahmed Yilmaz" in text
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_treating_dentists_home_lists_his_two_cases_and_nothing_else(demo, language):
    home = page(as_user("dr.jansen"), reverse("web:home"), language)

    assert references(home) == {case(GATHERING).reference, case(REPORTED).reference}
    assert {"nl": "U heeft nog geen casussen", "en": "You have no cases yet"}[language] not in visible_text(
        home
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_treating_dentist_finds_the_records_asked_of_him_with_the_forms_to_answer(demo, language):
    gathering = case(GATHERING)
    request = DataRequest.objects.get(case=gathering)
    assert (request.state, request.addressed_to.user.username) == ("requested", "dr.jansen")
    assert request.sent_to_email.endswith(".example")
    assert request.consent.purpose == "request_records"

    html = page(as_user("dr.jansen"), reverse("web:case", args=[gathering.pk]), language)

    start = html.index(f'id="data-request-{request.pk}"')
    answer = html[start : html.index("</details>", start)]
    assert reverse("web:data-request-fulfil", args=[gathering.pk, request.pk]) in answer
    assert 'type="file"' in answer
    assert reverse("web:data-request-decline", args=[gathering.pk, request.pk]) in answer
    text = visible_text(answer, "body")  # the fragment has no body: all of it
    send, decline = {
        "nl": ("Gegevens versturen", "Verzoek afwijzen"),
        "en": ("Send the records", "Decline the request"),
    }[language]
    assert send in text
    assert decline in text


def test_the_treating_dentist_declines_the_request_while_logged_in(demo):
    gathering = case(GATHERING)
    request = DataRequest.objects.get(case=gathering)

    response = as_user("dr.jansen").post(
        reverse("web:data-request-decline", args=[gathering.pk, request.pk]),
        {"reason": "De foto's zijn ouder dan een jaar; ik maak volgende week nieuwe."},
    )

    request.refresh_from_db()
    assert response.status_code == 302
    assert request.state == "declined"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_his_patient_consented_to_reaches_the_treating_dentist(demo, language):
    reported = case(REPORTED)
    sending = Sending.objects.get(case=reported, recipient_user__username="dr.jansen")
    assert sending.consent is not None
    assert (sending.consent.purpose, sending.consent.method) == ("inform_own_practitioner", "in_app")

    inbox = page(as_user("dr.jansen"), reverse("web:report-inbox"), language)

    assert references(inbox) == {reported.reference}


def test_neither_the_gp_nor_the_treating_dentist_opens_any_other_demo_case(demo):
    own = {
        "huisarts": {case(EPILEPSY).pk, case(TREMOR).pk},
        "dr.jansen": {case(GATHERING).pk, case(REPORTED).pk},
    }
    assert SecondOpinionCase.objects.count() > 10
    for username, theirs in own.items():
        client = as_user(username)
        for other in SecondOpinionCase.objects.exclude(pk__in=theirs):
            assert client.get(reverse("web:case", args=[other.pk])).status_code == 404, (username, other)


def test_loading_the_demo_again_creates_nothing_twice(demo):
    def counts() -> dict[str, int]:
        return {
            "users": User.objects.count(),
            "cases": SecondOpinionCase.objects.count(),
            "consents": Consent.objects.count(),
            "data_requests": DataRequest.objects.count(),
            "sendings": Sending.objects.count(),
        }

    before = counts()
    call_command("load_demo", stdout=None)

    assert counts() == before
    assert before["data_requests"] == 1
    assert SecondOpinionCase.objects.filter(care_question__in=[EPILEPSY, TREMOR]).count() == 2


def test_an_answered_request_and_a_revoked_consent_stay_as_they_are_on_reloading(demo):
    from secondopinion.consent.services import consent_revoke

    gathering, reported = case(GATHERING), case(REPORTED)
    request = DataRequest.objects.get(case=gathering)
    as_user("dr.jansen").post(
        reverse("web:data-request-decline", args=[gathering.pk, request.pk]), {"reason": "Niet beschikbaar."}
    )
    informing = Consent.objects.get(case=reported, purpose="inform_own_practitioner")
    consent_revoke(
        actor=User.objects.get(username="petra"), case_id=reported.pk, consent_id=informing.pk, source="web"
    )

    call_command("load_demo", stdout=None)

    assert list(DataRequest.objects.filter(case=gathering).values_list("state", flat=True)) == ["declined"]
    assert Consent.objects.filter(case=reported, purpose="inform_own_practitioner").count() == 1
    # R18: the report is withdrawn from his inbox and not sent again.
    assert not Sending.objects.filter(
        case=reported, recipient_user__username="dr.jansen", withdrawn_at__isnull=True
    ).exists()
