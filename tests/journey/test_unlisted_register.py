"""The coordinator of the practice a request waits at adds the patient's own practitioner to the
register, or finds him there after all (by name or AGB code), and links him: the case is submitted and
goes on as any other, R10 included. Nobody else may (the patient's side 403, anyone else 404); bad input
names its field, in Dutch or English, and changes nothing."""

import pytest
from django.conf import settings
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_transition
from secondopinion.core.errors import RuleBlocked
from secondopinion.directory.models import Organisation, Practitioner
from secondopinion.journey.models import UnlistedRequest
from tests.conftest import representation_in_force, step_input
from tests.factories import OrganisationFactory, PractitionerFactory
from tests.journey.test_request_path import unlisted_request
from tests.journey.unlisted_world import waiting_request
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

NEW = {
    "name": "J. de Boer",
    "discipline": "dentist",
    "specialism": "",
    "practice": "Tandartspraktijk Het Anker",
    "city": "Zwolle",
    "agb_code": "12 34 56 78",
}


def page_url(waiting: UnlistedRequest) -> str:
    return reverse("journey:unlisted-link", args=[waiting.pk])


def add_url(waiting: UnlistedRequest) -> str:
    return reverse("journey:unlisted-register", args=[waiting.pk])


def footprint(waiting: UnlistedRequest) -> tuple:
    """What adding or linking would change: the register, the cases, the request's link."""
    waiting.refresh_from_db()
    return (
        Practitioner.objects.count(),
        Organisation.objects.count(),
        SecondOpinionCase.objects.count(),
        waiting.case_id,
        waiting.linked_practitioner_id,
        waiting.linked_by_id,
        waiting.added_to_register,
    )


@pytest.fixture
def coordinator(client, cast):
    client.force_login(cast.coordinator)
    return client


def test_the_coordinator_adds_the_practitioner_and_the_request_goes_on_as_any_other(client, cast, advance):
    client.force_login(cast.patient_user)
    waiting = unlisted_request(client, cast)
    client.force_login(cast.coordinator)

    page = client.get(page_url(waiting))
    response = client.post(add_url(waiting), NEW)

    assert page.status_code == 200
    form = page.context["add_form"]
    assert (form["name"].value(), form["practice"].value(), form["city"].value()) == (
        "J. de Boer",
        "Tandartspraktijk Het Anker",
        "Zwolle",
    )
    assert form["discipline"].value() == "dentist"
    case = SecondOpinionCase.objects.get()
    assert response.url == reverse("web:case", kwargs={"case_id": case.pk})
    added = case.treating_practitioner
    assert (added.name, added.agb_code, added.discipline) == ("J. de Boer", "12345678", "dentist")
    assert (added.organisation.name, added.organisation.city) == ("Tandartspraktijk Het Anker", "Zwolle")
    assert (case.patient, case.requester, case.status) == (cast.patient, cast.patient_user, "submitted")
    waiting.refresh_from_db()
    assert (waiting.case, waiting.linked_practitioner, waiting.linked_by) == (case, added, cast.coordinator)
    assert waiting.added_to_register is True
    assert AccessEvent.objects.filter(
        actor=cast.coordinator, case=case, action="update", role="coordinator", patient=cast.patient
    ).exists()
    # It goes on as any other request: accepted, a giver of another practice assigned (R10).
    assert advance(case, "assigned").giver == cast.giver


def test_without_a_known_code_the_practitioner_is_added_all_the_same(coordinator, cast):
    waiting = waiting_request(cast)

    response = coordinator.post(add_url(waiting), {**NEW, "agb_code": ""})

    assert response.status_code == 302
    case = SecondOpinionCase.objects.get()
    assert (case.treating_practitioner.name, case.treating_practitioner.agb_code) == ("J. de Boer", "")


def test_added_at_the_givers_own_practice_the_giver_is_not_independent(coordinator, cast, advance):
    waiting = waiting_request(cast)
    practice = {"practice": cast.giving_practice.name.upper(), "city": cast.giving_practice.city}

    coordinator.post(add_url(waiting), {**NEW, **practice})

    case = advance(SecondOpinionCase.objects.get(), "accepted")
    assert case.treating_practitioner.organisation == cast.giving_practice
    with pytest.raises(RuleBlocked) as blocked:
        case_transition(
            actor=cast.coordinator,
            case_id=case.pk,
            to="assigned",
            data=step_input(cast, {"giver_id": "giver"}),
            source="web",
        )
    assert blocked.value.rule_ids == ["R10"]


def test_a_practitioner_listed_after_all_is_found_by_his_agb_code_and_linked(coordinator, cast):
    waiting = waiting_request(cast)
    listed = PractitionerFactory(
        name="Johan de Boer-Smit", agb_code="87654321", organisation=OrganisationFactory(city="Kampen")
    )

    by_name = coordinator.get(page_url(waiting))
    by_code = coordinator.get(page_url(waiting), {"q": "87654321"})
    response = coordinator.post(page_url(waiting), {"practitioner": listed.pk})

    assert listed not in by_name.context["found"]  # the patient's words do not find him
    assert list(by_code.context["found"]) == [listed]
    assert "AGB 87654321" in visible_text(by_code.content.decode())
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.linked_practitioner, waiting.added_to_register) == (listed, False)


def test_an_agb_code_already_in_the_register_is_refused_at_its_field_naming_who_has_it(coordinator, cast):
    waiting = waiting_request(cast)
    PractitionerFactory(name="Johan de Boer-Smit", agb_code="12345678")
    before = footprint(waiting)

    response = coordinator.post(add_url(waiting), NEW)

    assert response.status_code == 422
    errors = response.context["add_form"].errors
    assert list(errors) == ["agb_code"]
    assert "Johan de Boer-Smit" in errors["agb_code"][0]
    assert "Kies die behandelaar in de lijst" in visible_text(response.content.decode())
    assert footprint(waiting) == before


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"agb_code": "1234567"}, "agb_code", "Een AGB-code heeft precies 8 cijfers."),
        ({"agb_code": "1234567x"}, "agb_code", "Een AGB-code heeft precies 8 cijfers."),
        ({"agb_code": "123456789"}, "agb_code", "Een AGB-code heeft precies 8 cijfers."),
        ({"name": "  "}, "name", "Naam van de behandelaar"),
        ({"practice": ""}, "practice", "Naam van de praktijk of het ziekenhuis"),
        ({"city": ""}, "city", "Plaats van de praktijk"),
        ({"discipline": "gp"}, "discipline", "Deze aanvraag gaat over: Tandarts"),
        ({"discipline": "nurse"}, "discipline", "Kies een vakgebied uit de lijst."),
        ({"name": "J. de\u202eBoer"}, "name", "onzichtbare tekens"),
    ],
    ids=[
        "agb-7-digits",
        "agb-letter",
        "agb-9-digits",
        "no-name",
        "no-practice",
        "no-place",
        "gp",
        "nurse",
        "hidden",
    ],
)
def test_bad_input_is_named_at_its_field_and_changes_nothing(coordinator, cast, change, field, words):
    waiting = waiting_request(cast)
    before = footprint(waiting)

    response = coordinator.post(add_url(waiting), {**NEW, **change})

    assert response.status_code == 422
    assert list(response.context["add_form"].errors) == [field]
    shown = visible_text(response.content.decode())
    assert "Er is een probleem" in shown
    assert words in shown
    assert f'href="#add-{field}"' in response.content.decode()
    assert footprint(waiting) == before


def test_a_specialists_request_needs_the_specialism(coordinator, cast):
    waiting = waiting_request(cast, protocol="medical-specialist")
    specialist = {**NEW, "discipline": "medical_specialist", "practice": "Isala"}
    before = footprint(waiting)

    refused = coordinator.post(add_url(waiting), specialist)
    unchanged = footprint(waiting)
    added = coordinator.post(add_url(waiting), {**specialist, "specialism": "neurologie"})

    assert refused.status_code == 422
    assert list(refused.context["add_form"].errors) == ["specialism"]
    assert unchanged == before
    assert added.status_code == 302
    treating = SecondOpinionCase.objects.get().treating_practitioner
    assert (treating.specialism, treating.organisation.kind) == ("neurologie", "hospital")


def test_the_form_and_its_errors_read_in_english(coordinator, cast):
    waiting = waiting_request(cast)
    coordinator.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = visible_text(coordinator.get(page_url(waiting)).content.decode())
    refused = coordinator.post(add_url(waiting), {**NEW, "agb_code": "1234"})

    assert "Not in the register? Add the practitioner" in page
    assert "AGB code" in page
    shown = visible_text(refused.content.decode())
    assert "There is a problem" in shown
    assert "AGB code: An AGB code has exactly 8 digits." in shown
    assert not says(shown, "Vakgebied")


def test_a_request_already_linked_gets_no_second_practitioner(coordinator, cast):
    waiting = waiting_request(cast)
    coordinator.post(add_url(waiting), NEW)
    before = footprint(waiting)

    again = coordinator.post(add_url(waiting), {**NEW, "agb_code": "", "name": "A. Visser"})

    assert again.status_code == 409
    assert footprint(waiting) == before


def test_a_reload_of_the_add_address_goes_back_to_the_request(coordinator, cast):
    waiting = waiting_request(cast)

    assert coordinator.get(add_url(waiting)).url == page_url(waiting)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("other_coordinator", 404),
        ("giver_user", 404),
        ("treating_user", 404),
        ("stranger", 404),
        ("patient_user", 403),
        ("representative", 403),
    ],
)
def test_nobody_but_the_practices_coordinator_adds_or_links(client, cast, who, status):
    representation_in_force(cast)
    waiting = waiting_request(cast, by_representative=who == "representative")
    before = footprint(waiting)
    client.force_login(getattr(cast, who))

    page = client.get(page_url(waiting))
    add = client.post(add_url(waiting), NEW)
    reload = client.get(add_url(waiting))
    link = client.post(page_url(waiting), {"practitioner": cast.treating.pk})

    assert [r.status_code for r in (page, add, reload, link)] == [status] * 4
    for response in (page, add, reload, link):
        assert "J. de Boer" not in response.content.decode()
    assert footprint(waiting) == before
    assert not AccessEvent.objects.filter(actor=getattr(cast, who), action__in=("read", "update")).exists()
