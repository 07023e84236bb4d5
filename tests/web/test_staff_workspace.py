"""The staff case page as a workspace (issue 12): what this user can do now comes first, then what the
case waits for (warnings, advice and blocking rules, each said once), then the case; nothing offered
that would be refused and no link to a page the user may not open; every irreversible action asks
for confirmation; a reload of a failed POST goes back to the case; the request form speaks of the
patient in the third person to professionals."""

import re

import pytest
from django.urls import reverse

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_record
from secondopinion.distribution.models import Sending
from secondopinion.documents.services import document_upload
from secondopinion.reports.models import Addendum
from tests.conftest import Cast, submit_input
from tests.documents import files
from tests.documents.conftest import upload
from tests.web.conftest import case_url, html, status_of, step_url

pytestmark = pytest.mark.django_db

GP_CAVEAT = "Een second opinion over uw eigen huisarts: meestal is er geen andere verwijzer"


def case_with_documents_and_sendings(cast: Cast, advance, submit) -> SecondOpinionCase:
    """A final report sent to the patient and the treating dentist (on the patient's consent), with
    an X-ray of the giver's examination, a photo the patient brought and a signed consent form."""
    case = advance(submit(), "report_final")
    for who, purpose, name in (
        ("giver_user", "examination", "rontgen-36.png"),
        ("patient_user", "patient_brought", "foto.png"),
    ):
        document_upload(
            actor=getattr(cast, who),
            case_id=case.pk,
            upload=upload(name, files.png()),
            purpose=purpose,
            source="web",
        )
    consent_record(
        actor=cast.coordinator,
        case_id=case.pk,
        purpose="consult_colleague",
        method="signed_upload",
        given_by_name=cast.patient.name,
        source="web",
        signed_form=upload("toestemming.pdf", files.pdf()),
    )
    return case


@pytest.fixture
def final_case(cast, advance, submit) -> SecondOpinionCase:
    return case_with_documents_and_sendings(cast, advance, submit)


def position(page: str, marker: str) -> int:
    found = page.find(marker)
    assert found >= 0, marker
    return found


# Order: actions, then what the case waits for, then the case --------------------------------------


@pytest.mark.parametrize(("who", "state"), [("coordinator", "accepted"), ("giver_user", "in_examination")])
def test_the_actions_come_before_the_case_facts(login, cast, advance, submit, who, state):
    case = advance(submit(), state)

    page = html(login(getattr(cast, who)).get(case_url(case)))

    now = position(page, 'id="now"')
    action = position(page, 'class="step" id="step-')
    facts = position(page, 'id="facts-title"')
    timeline = position(page, 'id="timeline-title"')
    assert now < action < facts < timeline


def test_what_the_case_waits_for_comes_between_the_actions_and_the_case(login, cast, advance, submit):
    case = advance(submit(), "informed")

    page = html(login(cast.coordinator).get(case_url(case)))

    assert position(page, 'id="now"') < position(page, 'id="attention"') < position(page, 'id="facts-title"')


# Warnings once, and no "nothing to do" beside a blocker ------------------------------------------


def test_the_advice_of_the_last_step_is_said_once_and_not_again_as_a_message(login, cast):
    from secondopinion.cases.services import case_submit

    data = submit_input(
        cast,
        protocol="general-practice",
        treating_practitioner_id=cast.gp.pk,
        subject="diagnosis",
        care_question="Klopt de diagnose van mijn huisarts?",
    )
    case = case_submit(actor=cast.patient_user, data=data, source="web")
    client = login(cast.coordinator)

    page = html(client.post(step_url(case, "accept"), {"note": ""}, follow=True))

    assert status_of(case) == "accepted"
    assert page.count(GP_CAVEAT) == 1
    assert "message--warning" not in page


def test_a_blocking_rule_is_explained_once_with_its_id_and_never_beside_nothing_to_do(login, cast, submit):
    from secondopinion.cases.inputs import StepInput
    from secondopinion.cases.services import case_transition

    case = submit()
    case_transition(actor=cast.coordinator, case_id=case.pk, to="accepted", data=StepInput(), source="web")
    case_transition(
        actor=cast.coordinator,
        case_id=case.pk,
        to="assigned",
        data=StepInput(giver_id=cast.giver.pk),
        source="web",
    )

    for user in (cast.coordinator, cast.giver_user):
        page = html(login(user).get(case_url(case)))
        main = page.split("<main")[1].split("</main>")[0]

        assert "niets voor u te doen" not in main
        assert main.count('<span class="rule-id">R10</span>') == 1
        attention = main.split('id="attention"')[1]
        assert '<span class="rule-id">R10</span>' in attention
    # The giver is offered the declaration itself, among the actions.
    giver_page = html(login(cast.giver_user).get(case_url(case)))
    assert (
        position(giver_page, 'id="now"')
        < position(giver_page, 'id="independence"')
        < position(giver_page, 'id="attention"')
    )


def test_a_user_without_a_step_is_told_what_the_case_waits_for(login, cast, advance, submit):
    case = advance(submit(), "informed")

    page = html(login(cast.treating_user).get(case_url(case)))

    assert "Geen stap van deze casus is nu aan u." in page
    assert "niets voor u te doen" not in page


def test_a_closed_case_says_it_has_ended(login, cast, advance, submit):
    case = advance(submit(), "closed")

    page = html(login(cast.coordinator).get(case_url(case)))

    assert "Deze casus is afgerond: er volgen geen stappen meer." in page


# Nothing offered that would be refused: every link on the page opens for its user ------------------

LINK = re.compile(r'href="(/[^"#]*)"')
NOT_PAGES = ("/static/", "/logout/")


@pytest.mark.parametrize(
    "who", ["coordinator", "giver_user", "treating_user", "complaints_officer", "gp_user", "patient_user"]
)
def test_every_link_on_the_case_page_opens_for_its_user(login, cast, final_case, who):
    client = login(getattr(cast, who))
    page = html(client.get(case_url(final_case)))
    links = sorted({href for href in LINK.findall(page) if not href.startswith(NOT_PAGES)})

    refused = {href: client.get(href).status_code for href in links}

    assert links, page
    assert {href: status for href, status in refused.items() if status in (403, 404, 405)} == {}


def test_the_signed_consent_form_is_linked_only_for_those_who_open_documents(login, cast, final_case):
    signed = Consent.objects.get(case=final_case, signed_form__isnull=False)
    link = reverse("web:document-download", args=[signed.signed_form_id])

    assert link in html(login(cast.coordinator).get(case_url(final_case)))
    assert link not in html(login(cast.treating_user).get(case_url(final_case)))


def test_the_fingerprint_of_a_document_is_no_column_and_only_for_staff(login, cast, final_case):
    coordinator = html(login(cast.coordinator).get(case_url(final_case)))
    treating = html(login(cast.treating_user).get(case_url(final_case)))
    patient = html(login(cast.patient_user).get(case_url(final_case)))

    documents = coordinator.split('id="documents"')[1].split("</section>")[0]
    assert '<th scope="col">SHA-256</th>' not in documents
    assert 'class="fingerprint"' in documents
    assert 'class="fingerprint"' not in treating
    assert "SHA-256" not in patient


# Confirmation of every irreversible action ---------------------------------------------------------


def _consent(cast, case) -> Consent:
    return Consent.objects.filter(case=case, revoked_at__isnull=True).order_by("pk").first()


def _report_written(case, cast) -> None:
    from secondopinion.cases.editing import case_save_report_draft

    sections = {"findings": "Cariës.", "deviations": "Geen.", "consequences": "Kosten.", "advice": "Endo."}
    case_save_report_draft(actor=cast.giver_user, case_id=case.pk, sections=sections, source="web")


IRREVERSIBLE = {
    # name: (state, who, url, body, has it happened?)
    "revoke a consent": (
        "report_final",
        "patient_user",
        lambda case, cast: reverse("web:consent-revoke", args=[case.pk, _consent(cast, case).pk]),
        {},
        lambda case: Consent.objects.filter(case=case, revoked_at__isnull=False).exists(),
    ),
    "send an addendum": (
        "report_final",
        "giver_user",
        lambda case, cast: reverse("web:addendum", args=[case.pk]),
        {"text": "Ook kies 37 bekeken."},
        lambda case: Addendum.objects.filter(report__case=case).exists(),
    ),
    "declare not admissible": (
        "submitted",
        "coordinator",
        lambda case, cast: step_url(case, "redirect"),
        {"classification": "not_admissible", "note": "Afgerond werk."},
        lambda case: status_of(case) == "redirected",
    ),
    "refuse": (
        "submitted",
        "coordinator",
        lambda case, cast: step_url(case, "refuse"),
        {"refusal_reason": "threat_or_violence", "refusal_note": "Bedreiging van de assistente."},
        lambda case: status_of(case) == "refused",
    ),
    "finalise and send the report": (
        "report_draft",
        "giver_user",
        lambda case, cast: _report_written(case, cast) or step_url(case, "finalise"),
        {"confirm": "on"},
        lambda case: status_of(case) == "report_final" and Sending.objects.filter(case=case).exists(),
    ),
    "close": (
        "report_final",
        "coordinator",
        lambda case, cast: step_url(case, "close"),
        {"closure_decision": "accept_opinion", "note": "Besproken."},
        lambda case: status_of(case) == "closed",
    ),
}


@pytest.mark.parametrize("action", sorted(IRREVERSIBLE))
def test_an_irreversible_action_asks_for_confirmation_first(login, cast, advance, submit, action):
    state, who, url_of, body, happened = IRREVERSIBLE[action]
    case = advance(submit(), state)
    client = login(getattr(cast, who))
    url = url_of(case, cast)

    asked = client.post(url, body)

    assert asked.status_code == 200
    assert not happened(case)
    page = html(asked)
    assert 'name="confirmed" value="yes"' in page
    assert f'action="{url}"' in page
    assert f'href="{case_url(case)}"' in page  # the way back, changing nothing

    confirmed = client.post(url, {**body, "confirmed": "yes"})

    assert confirmed.status_code == 302
    assert happened(case)


def test_the_confirmation_carries_the_values_entered(login, cast, advance, submit):
    case = advance(submit(), "report_final")
    client = login(cast.giver_user)

    page = html(client.post(reverse("web:addendum", args=[case.pk]), {"text": "Ook kies 37 bekeken."}))

    assert 'name="text" value="Ook kies 37 bekeken."' in page
    assert "Ook kies 37 bekeken." in page.split('class="confirm__summary"')[1]


def test_a_refused_action_is_refused_at_once_without_a_confirmation(login, cast, advance, submit):
    case = advance(submit(), "report_final")
    client = login(cast.coordinator)  # only the giver writes an addendum

    response = client.post(reverse("web:addendum", args=[case.pk]), {"text": "Correctie."})

    assert response.status_code == 403
    assert 'name="confirmed"' not in html(response)
    assert not Addendum.objects.filter(report__case=case).exists()


def test_a_blocked_step_shows_its_rules_at_once_without_a_confirmation(login, cast, advance, submit):
    case = advance(submit(), "report_final")
    client = login(cast.coordinator)

    response = client.post(step_url(case, "close"), {"note": "Besproken."})  # no decision: R27

    assert response.status_code == 422
    assert "R27" in html(response)
    assert 'name="confirmed"' not in html(response)
    assert status_of(case) == "report_final"


def test_the_patient_confirms_in_plain_words(login, cast, advance, submit):
    case = advance(submit(), "report_final")
    consent = _consent(cast, case)
    client = login(cast.patient_user)

    page = html(client.post(reverse("web:consent-revoke", args=[case.pk, consent.pk])))

    main = page.split("<main")[1].split("</main>")[0]
    assert "Deze toestemming intrekken?" in main
    assert not re.search(r"\bR\d{1,2}\b", main)


def test_a_stranger_gets_404_and_no_confirmation(login, cast, advance, submit):
    case = advance(submit(), "report_final")
    client = login(cast.stranger)

    response = client.post(step_url(case, "close"), {"closure_decision": "accept_opinion"})

    assert response.status_code == 404
    assert status_of(case) == "report_final"


# A GET of a POST-only address ----------------------------------------------------------------------


def test_reloading_a_failed_declaration_goes_back_to_the_case_with_what_went_wrong(
    login, cast, advance, submit
):
    case = advance(submit(), "accepted")
    from secondopinion.cases.inputs import StepInput
    from secondopinion.cases.services import case_transition

    case_transition(
        actor=cast.coordinator,
        case_id=case.pk,
        to="assigned",
        data=StepInput(giver_id=cast.giver.pk),
        source="web",
    )
    client = login(cast.giver_user)
    url = reverse("web:independence", args=[case.pk])

    failed = client.post(url, {})
    reloaded = client.get(url)

    assert failed.status_code == 422
    assert reloaded.status_code == 302
    assert reloaded["Location"] == case_url(case)
    page = html(client.get(reloaded["Location"]))
    message = page.split('class="messages"')[1].split("</div>")[0]
    assert "Er is niets gewijzigd:" in message
    assert "R10" in message


def test_a_get_of_a_step_address_of_someone_elses_case_is_not_found(login, cast, submit):
    case = submit()

    assert login(cast.stranger).get(step_url(case, "accept")).status_code == 404


# Professional wording on the request form ----------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "gp_user"])
def test_the_request_form_speaks_of_the_patient_to_professionals(login, cast, who):
    page = html(login(getattr(cast, who)).get(reverse("web:case-new")))
    form = page.split("<main")[1]

    assert "De patiënt wil dat een andere behandelaar de behandeling overneemt" in form
    assert "De patiënt heeft dit besproken met de eigen behandelaar" in form
    assert "De vraag van de patiënt" in form
    assert "Ik wil" not in form
    assert "Ik heb dit besproken" not in form
    assert "Uw vraag" not in form


def test_the_request_form_speaks_of_the_patient_in_english_too(login, cast, settings):
    client = login(cast.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    form = html(client.get(reverse("web:case-new"))).split("<main")[1]

    assert "The patient wants another practitioner to take over the treatment" in form
    assert "I want" not in form
