"""R28, need to know: the staff of an organisation read only the complaints addressed to their own
organisation. A case handled by organisation A (the cast's giving practice) whose giver gives the
opinion for organisation B (Kaakchirurgie Noord): a complaint filed after the giver was assigned goes to
B's scheme. A's coordinator, who reads every other part of the case, gets 404 on that complaint, and
the case page neither shows it nor says how many there are; B's complaints officer reads and handles it.
A complaint that went to A (filed before the giver was assigned) stays visible to A's coordinator."""

import pytest
from django.urls import reverse

from secondopinion.access.policy import complaint_roles, roles_for
from secondopinion.aftercare.complaints import complaint_acknowledge, complaint_file
from secondopinion.aftercare.selectors import complaint_get, complaint_letter, complaint_list, complaints_of
from secondopinion.core.errors import NotFound
from secondopinion.core.roles import Role
from tests.aftercare.test_complaint_scheme import (  # noqa: F401 (elsewhere is a fixture)
    client_for,
    elsewhere,
    given_by,
)
from tests.performance.counting import measured
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

TO_A = "Ik wachtte drie weken op een antwoord van de praktijk."
TO_B = "De gever van Noord legde de kosten vooraf niet uit."


@pytest.fixture
def addressed(cast, submit, elsewhere):  # noqa: F811 (the imported fixture)
    """The case, its complaint to A (before the giver) and its complaint to B (after), and B's officer."""
    _north, giver, north_officer, _uninvolved = elsewhere
    case = submit()
    to_a = complaint_file(actor=cast.patient_user, case_id=case.pk, text=TO_A, source="web")
    case = given_by(cast, case, giver, "in_examination")
    to_b = complaint_file(actor=cast.patient_user, case_id=case.pk, text=TO_B, source="web")
    assert (to_a.organisation_id, to_b.organisation_id) == (case.organisation_id, _north.pk)
    return case, to_a, to_b, north_officer


def test_the_handling_coordinator_holds_no_role_towards_a_complaint_to_the_givers_organisation(
    cast, addressed
):
    case, to_a, to_b, _officer = addressed
    roles = roles_for(cast.coordinator, case)
    assert Role.COORDINATOR in roles

    assert complaint_roles(cast.coordinator, roles, to_b) == frozenset()
    assert Role.COORDINATOR in complaint_roles(cast.coordinator, roles, to_a)
    assert [c.pk for c in complaints_of(cast.coordinator, case, roles)] == [to_a.pk]


def test_the_handling_coordinator_gets_404_on_a_complaint_to_the_givers_organisation(cast, addressed):
    _case, _to_a, to_b, _officer = addressed

    with pytest.raises(NotFound):
        complaint_get(user=cast.coordinator, complaint_id=to_b.pk, source="web")
    with pytest.raises(NotFound):
        complaint_letter(user=cast.coordinator, complaint_id=to_b.pk, source="web")
    with pytest.raises(NotFound):
        complaint_acknowledge(actor=cast.coordinator, complaint_id=to_b.pk, source="web")
    client = client_for(cast.coordinator)
    assert client.get(reverse("aftercare:complaint", args=[to_b.pk])).status_code == 404
    assert client.get(reverse("aftercare:complaint-letter", args=[to_b.pk])).status_code == 404
    to_b.refresh_from_db()
    assert to_b.state == "received"


def test_the_handling_coordinators_case_page_shows_only_the_complaint_to_its_own_organisation(
    cast, addressed
):
    case, _to_a, _to_b, _officer = addressed

    page = client_for(cast.coordinator).get(reverse("web:case", args=[case.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    shown = visible_text(html)
    assert TO_A in shown
    assert TO_B not in shown
    assert html.count('<div class="complaint">') == 1


def test_with_only_a_complaint_to_the_givers_organisation_the_coordinator_sees_no_complaints_at_all(
    cast,
    submit,
    elsewhere,  # noqa: F811 (the imported fixture)
):
    _north, giver, _officer, _uninvolved = elsewhere
    case = given_by(cast, submit(), giver, "in_examination")
    complaint_file(actor=cast.patient_user, case_id=case.pk, text=TO_B, source="web")

    page = client_for(cast.coordinator).get(reverse("web:case", args=[case.pk]))

    html = page.content.decode()
    assert TO_B not in visible_text(html)
    assert 'id="complaints"' not in html
    assert '<div class="complaint">' not in html


def test_the_givers_organisations_officer_reads_and_handles_it(cast, addressed):
    case, _to_a, to_b, officer = addressed

    assert complaint_get(user=officer, complaint_id=to_b.pk, source="web") == to_b
    assert [c.pk for c in complaint_list(user=officer, source="web")] == [to_b.pk]
    page = client_for(officer).get(reverse("web:case", args=[case.pk]))
    shown = visible_text(page.content.decode())
    assert TO_B in shown
    assert TO_A not in shown
    complaint_acknowledge(actor=officer, complaint_id=to_b.pk, source="web")
    to_b.refresh_from_db()
    assert to_b.state == "acknowledged"


def test_the_complainant_reads_both_of_her_complaints(cast, addressed):
    case, _to_a, _to_b, _officer = addressed

    shown = visible_text(
        client_for(cast.patient_user).get(reverse("web:case", args=[case.pk])).content.decode()
    )

    assert TO_A in shown
    assert TO_B in shown


def test_the_coordinators_case_page_costs_the_same_whichever_organisation_the_complaints_went_to(
    cast, addressed
):
    case, _to_a, _to_b, _officer = addressed
    client = client_for(cast.coordinator)
    url = reverse("web:case", args=[case.pk])
    client.get(url)
    with_both, _page, _sql = measured(lambda: client.get(url))
    complaint_file(actor=cast.patient_user, case_id=case.pk, text=TO_B + " Nog een.", source="web")

    count, page, queries = measured(lambda: client.get(url))

    assert page.status_code == 200
    assert count == with_both, queries
