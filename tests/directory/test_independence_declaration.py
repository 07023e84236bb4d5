"""R10: the assigned giver declares independence before the case can proceed (seeds 000, 004)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.services import case_transition
from secondopinion.core.dates import long_moment
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted, RuleBlocked, TransitionNotAllowed
from secondopinion.directory.models import DeclaredInterest, IndependenceDeclaration
from secondopinion.directory.services import independence_declare
from secondopinion.reports.pdf import render_report_pdf
from tests.api.conftest import ApiClient
from tests.conftest import HAPPY_PATH, step_input

pytestmark = pytest.mark.django_db

INFORM = next(values for to, _actor, values in HAPPY_PATH if to == "informed")


@pytest.fixture
def assigned(cast, a_case):
    """A case just assigned to the giver, who has not declared yet."""
    for to, values in (
        ("accepted", {"classification": "second_opinion"}),
        ("assigned", {"giver_id": "giver"}),
    ):
        case_transition(
            actor=cast.coordinator, case_id=a_case.pk, to=to, data=step_input(cast, values), source="web"
        )
    a_case.refresh_from_db()
    return a_case


def _declare(user, case, confirmed=True):
    return independence_declare(actor=user, case_id=case.pk, statement_confirmed=confirmed, source="web")


def _inform(cast, case):
    return case_transition(
        actor=cast.giver_user, case_id=case.pk, to="informed", data=step_input(cast, INFORM), source="web"
    )


def test_the_explanation_waits_for_the_givers_declaration(cast, assigned):
    with pytest.raises(RuleBlocked) as blocked:
        _inform(cast, assigned)

    assert blocked.value.rule_ids == ["R10"]
    assert "nog niet verklaard" in blocked.value.violations[0].detail.nl
    assert "not yet declared" in blocked.value.violations[0].detail.en
    assigned.refresh_from_db()
    assert assigned.status == "assigned"

    _declare(cast.giver_user, assigned)

    assert _inform(cast, assigned).status == "informed"


def test_the_declaration_records_who_when_and_what_and_logs_one_event(cast, assigned):
    before = AccessEvent.objects.count()

    declaration = _declare(cast.giver_user, assigned)

    assert (declaration.case, declaration.giver, declaration.declared_by) == (
        assigned,
        cast.giver,
        cast.giver_user,
    )
    assert declaration.declared_at is not None
    assert "geen direct belang" in declaration.statement
    assert AccessEvent.objects.count() == before + 1
    event = AccessEvent.objects.order_by("-id").first()
    assert (event.actor, event.case, event.patient, event.data, event.action) == (
        cast.giver_user,
        assigned,
        cast.patient,
        "case:independence",
        "create",
    )
    assert (event.role, event.basis, event.source) == ("giver", "giver", "web")


def test_only_the_assigned_giver_declares(cast, assigned):
    with pytest.raises(NotPermitted):
        _declare(cast.coordinator, assigned)
    with pytest.raises(NotFound):
        _declare(cast.stranger, assigned)
    with pytest.raises(NotFound):
        _declare(cast.colleague_user, assigned)

    assert not IndependenceDeclaration.objects.exists()


def test_it_refuses_an_unconfirmed_statement_naming_the_field(cast, assigned):
    with pytest.raises(InvalidInput) as refused:
        _declare(cast.giver_user, assigned, confirmed=False)

    assert refused.value.field == "statement_confirmed"
    assert "R10" in refused.value.detail.nl
    assert "R10" in refused.value.detail.en
    assert not IndependenceDeclaration.objects.exists()


def test_it_refuses_a_second_declaration(cast, assigned):
    _declare(cast.giver_user, assigned)

    with pytest.raises(TransitionNotAllowed):
        _declare(cast.giver_user, assigned)

    assert IndependenceDeclaration.objects.count() == 1


def test_it_refuses_a_declaration_the_directory_contradicts(cast, assigned):
    DeclaredInterest.objects.create(
        practitioner=cast.giver,
        related_organisation=cast.treating_practice,
        description="Mede-eigenaar van de praktijk",
    )

    with pytest.raises(RuleBlocked) as blocked:
        _declare(cast.giver_user, assigned)

    assert blocked.value.rule_ids == ["R10"]
    assert not IndependenceDeclaration.objects.exists()


def test_the_happy_path_declares_right_after_assignment(cast, a_case, advance):
    case = advance(a_case, "assigned")

    assert IndependenceDeclaration.objects.get(case=case).giver == cast.giver


# -- the web page --------------------------------------------------------------------------------


def test_the_giver_declares_on_the_case_page(client, cast, assigned):
    client.force_login(cast.giver_user)
    page = client.get(reverse("web:case", args=[assigned.pk])).content.decode()
    assert "Verklaring van onafhankelijkheid (R10)" in page
    assert 'name="statement_confirmed"' in page

    response = client.post(reverse("web:independence", args=[assigned.pk]), {"statement_confirmed": "on"})

    assert response.status_code == 302
    page = client.get(reverse("web:case", args=[assigned.pk])).content.decode()
    assert "heeft op" in page
    assert "verklaard onafhankelijk te zijn" in page
    assert 'name="statement_confirmed"' not in page


def test_an_unticked_declaration_shows_the_error_on_its_field(client, cast, assigned):
    client.force_login(cast.giver_user)

    response = client.post(reverse("web:independence", args=[assigned.pk]), {})

    assert response.status_code == 422
    assert "Bevestig de verklaring van onafhankelijkheid (R10)." in response.content.decode()
    assert not IndependenceDeclaration.objects.exists()


def test_the_coordinator_sees_the_case_wait_for_the_declaration_and_cannot_declare(client, cast, assigned):
    client.force_login(cast.coordinator)

    page = client.get(reverse("web:case", args=[assigned.pk])).content.decode()
    refused = client.post(reverse("web:independence", args=[assigned.pk]), {"statement_confirmed": "on"})

    # Said once, where the page says what the case waits for (the staff workspace).
    waits = page[page.index("Waar de casus op wacht") :]
    assert "De gever heeft nog niet verklaard onafhankelijk te zijn" in waits
    assert refused.status_code == 403
    assert not IndependenceDeclaration.objects.exists()


def test_a_stranger_gets_404_on_the_web(client, cast, assigned):
    client.force_login(cast.stranger)

    response = client.post(reverse("web:independence", args=[assigned.pk]), {"statement_confirmed": "on"})

    assert response.status_code == 404


def test_the_page_is_in_english_for_an_english_giver(client, cast, assigned):
    client.force_login(cast.giver_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    page = client.get(reverse("web:case", args=[assigned.pk])).content.decode()

    assert "Declaration of independence (R10)" in page
    assert "I declare that I work in the same discipline" in page


# -- the API -------------------------------------------------------------------------------------


def test_the_api_takes_the_declaration_and_the_transitions_list_stops_blocking(cast, assigned):
    giver = ApiClient(cast.giver_user, "en")
    url = f"/cases/{assigned.pk}/independence"
    before = giver.get(f"/cases/{assigned.pk}/transitions").json()
    inform = next(o for o in before["blocked"] if o["to"] == "informed")
    assert [r["rule_id"] for r in inform["blocked_by"]] == ["R10"]

    unconfirmed = giver.post(url, {"statement_confirmed": False})
    declared = giver.post(url, {"statement_confirmed": True})

    assert unconfirmed.status_code == 422
    assert unconfirmed.json()["field"] == "statement_confirmed"
    assert declared.status_code == 201, declared.content
    assert declared.json()["giver"] == cast.giver.name
    assert "no direct interest" in declared.json()["statement"]
    after = giver.get(f"/cases/{assigned.pk}/transitions").json()
    assert not any(o["to"] == "informed" for o in after["blocked"])


def test_the_api_gives_a_stranger_404_and_another_role_403(cast, assigned):
    url = f"/cases/{assigned.pk}/independence"

    assert ApiClient(cast.stranger).post(url, {"statement_confirmed": True}).status_code == 404
    assert ApiClient(cast.patient_user).post(url, {"statement_confirmed": True}).status_code == 403


# -- the written report --------------------------------------------------------------------------


def test_the_report_prints_who_declared_and_when(cast, a_case, advance):
    case = advance(a_case, "report_final")
    declaration = IndependenceDeclaration.objects.get(case=case)

    dutch = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_report_pdf(case, "nl"))).pages)
    english = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_report_pdf(case, "en"))).pages)

    # The day and time as the pages write them, in each language (core/dates.py).
    assert f"{cast.giver.name} heeft op {long_moment(declaration.declared_at, 'nl')}" in " ".join(
        dutch.split()
    )
    assert f"On {long_moment(declaration.declared_at, 'en')} {cast.giver.name} declared" in " ".join(
        english.split()
    )
