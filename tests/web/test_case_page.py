"""The case page: facts, timeline, the steps this user may take, and the ones blocked by rules."""

import pytest

from secondopinion.audit.models import AccessEvent
from tests.factories import CaseFactory
from tests.web.conftest import case_url, html

pytestmark = pytest.mark.django_db


def test_the_coordinator_sees_the_case_its_timeline_and_the_triage_forms(login, cast, a_case):
    client = login(cast.coordinator)

    page = html(client.get(case_url(a_case)))

    assert a_case.reference in page
    assert "Tandarts (KNMT-praktijkrichtlijn)" in page
    assert "Petra de Vries" in page
    assert "Moet kies 36 echt getrokken worden" in page
    assert "Tijdlijn" in page
    assert "Volgende stappen" in page
    assert f'action="/cases/{a_case.pk}/accept/#step-accept"' in page
    assert f'action="/cases/{a_case.pk}/redirect/#step-redirect"' in page
    assert f'action="/cases/{a_case.pk}/refuse/#step-refuse"' in page


def test_reading_the_case_page_is_logged(login, cast, a_case):
    client = login(cast.coordinator)

    client.get(case_url(a_case))

    event = AccessEvent.objects.filter(case=a_case, action="read").get()
    assert (event.actor, event.data, event.source, event.role) == (
        cast.coordinator,
        "case",
        "web",
        "coordinator",
    )


def test_the_timeline_names_who_moved_the_case_and_the_rules_it_passed(login, cast, a_case, advance):
    advance(a_case, "assigned")
    client = login(cast.coordinator)

    page = html(client.get(case_url(a_case)))

    timeline = page.split("Tijdlijn")[1]
    assert "Ingediend → <strong>Geaccepteerd</strong>" in timeline
    assert "(coördinator)" in timeline
    assert '<span class="rule-chip">R10</span>' in timeline


def test_a_step_for_another_role_shows_who_takes_it_and_what_it_still_needs(login, cast, a_case, advance):
    advance(a_case, "assigned")
    client = login(cast.coordinator)

    page = html(client.get(case_url(a_case)))

    waiting = page.split("Wachten op anderen, of geblokkeerd")[1]
    assert "Uitleg en afspraken vastleggen" in waiting
    assert "second opinion-gever" in waiting
    assert "R13" in waiting
    assert "Nog niet uitgelegd: de inhoud van een second opinion" in waiting


def test_a_step_blocked_by_a_rule_shows_the_rule_id_its_text_and_the_detail(login, cast):
    finished_work = CaseFactory(
        patient=cast.patient,
        organisation=cast.giving_practice,
        treating_practitioner=cast.treating,
        subject="finished_work",
        treatment_started=True,
    )
    client = login(cast.coordinator)

    page = html(client.get(case_url(finished_work)))

    blocked = page.split("Geblokkeerd door deze regels:")[1]
    assert "R2" in blocked
    assert "Een tandheelkundige second opinion kan alleen worden uitgevoerd" in blocked
    assert "wend u dan tot de klachtenregeling van uw tandarts" in blocked
    assert f'action="/cases/{finished_work.pk}/accept/' not in page


def test_rule_texts_follow_the_english_switch(login, cast, a_case, advance):
    advance(a_case, "assigned")
    client = login(cast.coordinator)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    page = html(client.get(case_url(a_case)))

    assert "Next steps" in page
    assert "Not yet explained: what a second opinion contains" in page
    assert "Record explanation and agreements" in page
    assert "Nog niet uitgelegd" not in page


def test_the_giver_sees_the_explanation_checklist_with_the_question_prefilled(login, cast, a_case, advance):
    advance(a_case, "assigned")
    client = login(cast.giver_user)

    page = html(client.get(case_url(a_case)))

    assert page.count('name="explanation_items"') == 6
    assert "de positie van de second opinion-gever (onafhankelijk)" in page
    assert (
        "Moet kies 36 echt getrokken worden, of is een wortelkanaalbehandeling mogelijk?</textarea>" in page
    )


def test_the_assign_form_offers_only_same_discipline_practitioners_outside_the_treating_practice(
    login, cast, a_case, advance
):
    advance(a_case, "accepted")
    client = login(cast.coordinator)

    page = html(client.get(case_url(a_case)))

    options = page.split('name="giver_id"')[1].split("</select>")[0]
    assert f'value="{cast.giver.pk}"' in options
    assert f'value="{cast.colleague.pk}"' not in options
    assert f'value="{cast.treating.pk}"' not in options
    assert f'value="{cast.gp.pk}"' not in options


def test_the_patient_gets_a_plain_language_page_without_staff_steps(login, cast, a_case, advance):
    advance(a_case, "assigned")
    client = login(cast.patient_user)

    page = html(client.get(case_url(a_case)))

    assert "Uw second opinion" in page
    assert "Een onafhankelijke behandelaar geeft uw second opinion." in page
    assert "Wat gebeurt er hierna" in page
    assert "Tijdlijn" in page
    assert "/withdraw/" in page
    assert "/inform/" not in page
    assert "Regels van dit protocol" not in page


def test_a_redirected_patient_reads_the_guidance_in_their_language(login, cast, a_case):
    client = login(cast.coordinator)
    client.post(
        f"/cases/{a_case.pk}/redirect/",
        {"classification": "transfer_of_care", "note": "", "confirmed": "yes"},
    )
    client = login(cast.patient_user)

    page = html(client.get(case_url(a_case)))

    assert "Uw verzoek kan niet als second opinion worden behandeld." in page
    assert "Dat is geen second opinion maar overname van behandeling" in page


@pytest.mark.parametrize("who", ["stranger", "other_patient_user", "other_coordinator", "colleague_user"])
def test_someone_without_a_role_in_the_case_gets_404(login, cast, a_case, who):
    client = login(getattr(cast, who))

    response = client.get(case_url(a_case))

    assert response.status_code == 404
    assert "Niet gevonden" in html(response)


def test_the_treating_practitioner_sees_the_case_only_once_the_patient_agreed(login, cast, a_case, advance):
    client = login(cast.treating_user)
    before = client.get(case_url(a_case)).status_code
    advance(a_case, "informed")

    after = client.get(case_url(a_case))

    assert before == 404
    assert after.status_code == 200
    assert "Geen stap van deze casus is nu aan u." in html(after)


def test_an_unknown_case_is_404(login, cast):
    client = login(cast.coordinator)

    assert client.get("/cases/999999/").status_code == 404
