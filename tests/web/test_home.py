"""The home page: a coordinator's worklist by state, a giver's cases, a patient's own requests."""

import re

import pytest
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from tests.web.conftest import html

pytestmark = pytest.mark.django_db


def test_a_coordinator_sees_the_worklist_grouped_by_state_with_counts(login, cast, submit, advance):
    submit()
    advance(submit(), "accepted")
    client = login(cast.coordinator)

    page = html(client.get(reverse("web:home")))

    assert "Werklijst" in page
    assert "Ingediend" in page
    assert "Geaccepteerd" in page
    assert 'href="?status=submitted"' in page
    assert page.count("Petra de Vries") == 2


def test_the_coordinator_filters_the_worklist_by_state(login, cast, submit, advance):
    waiting = submit()
    accepted = advance(submit(), "accepted")
    client = login(cast.coordinator)

    page = html(client.get(reverse("web:home"), {"status": "accepted"}))

    assert accepted.reference in page
    assert waiting.reference not in page


def test_an_unknown_state_filter_shows_everything(login, cast, submit):
    case = submit()
    client = login(cast.coordinator)

    page = html(client.get(reverse("web:home"), {"status": "nonsense"}))

    assert case.reference in page


def test_the_worklist_logs_one_search_event(login, cast, submit):
    submit()
    client = login(cast.coordinator)

    client.get(reverse("web:home"))

    assert AccessEvent.objects.filter(actor=cast.coordinator, action="search", source="web").count() == 1


def test_the_worklist_query_count_does_not_grow_with_the_number_of_cases(
    login, cast, submit, django_assert_max_num_queries
):
    client = login(cast.coordinator)
    submit()
    client.get(reverse("web:home"))  # the session's first request also checks the e-mail address once
    # 13: session, user, who the user is, representations, roles, the cases and their relations, and the
    # search event with its hash-chain head (lock, insert, move). What matters is the second half: the
    # count does not grow with the cases.
    with django_assert_max_num_queries(13) as few:
        client.get(reverse("web:home"))
    for _ in range(15):
        submit()
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(reverse("web:home"))

    assert html(response).count("Petra de Vries") == 16
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_giver_sees_the_cases_assigned_to_them(login, cast, submit, advance):
    assigned = advance(submit(), "assigned")
    client = login(cast.giver_user)

    page = html(client.get(reverse("web:home")))

    assert "Aan mij toegewezen" in page
    assert assigned.reference in page


def test_a_patient_sees_my_second_opinions_and_a_button_for_a_new_request(login, cast, submit):
    case = submit()
    client = login(cast.patient_user)

    page = html(client.get(reverse("web:home")))

    assert "Mijn second opinions" in page
    assert case.reference in page
    assert "We hebben uw verzoek ontvangen." in page
    assert reverse("journey:request") in page  # one request path: the wizard


def test_another_patient_does_not_see_someone_elses_case(login, cast, submit):
    case = submit()
    client = login(cast.other_patient_user)

    page = html(client.get(reverse("web:home")))

    assert case.reference not in page
    assert "U heeft nog geen second opinion aangevraagd." in page


def test_a_coordinator_of_another_practice_sees_none_of_these_cases(login, cast, submit):
    case = submit()
    client = login(cast.other_coordinator)

    page = html(client.get(reverse("web:home")))

    assert case.reference not in page


def test_a_stranger_sees_an_empty_list(login, cast, submit):
    case = submit()
    client = login(cast.stranger)

    page = html(client.get(reverse("web:home")))

    assert case.reference not in page
    assert "Er zijn hier geen casussen." in page


LINKED_REFERENCE = r">(TM-\d{4}-\d{5,})</a>"


def _linked_references(page: str) -> list[str]:
    return re.findall(LINKED_REFERENCE, page)


def _stray_references(page: str) -> str:
    """Where "TM-" stands on the page other than as a case's link (for a failure's message)."""
    rest = re.sub(LINKED_REFERENCE, ">…</a>", page)
    return " | ".join(rest[max(0, m.start() - 60) : m.start() + 30] for m in re.finditer("TM-", rest))


def test_a_long_worklist_is_paged_and_each_status_still_shows_its_full_count(login, cast, submit):
    from secondopinion.web.home_presenter import WORKLIST_PAGE

    cases = [submit() for _ in range(WORKLIST_PAGE + 5)]
    client = login(cast.coordinator)

    first = html(client.get(reverse("web:home")))
    second = html(client.get(reverse("web:home"), {"page": 2}))

    # The rows' references, each a link of its own; a "TM-" elsewhere on the page is no row.
    on_first, on_second = _linked_references(first), _linked_references(second)
    assert len(on_first) == WORKLIST_PAGE, _stray_references(first)
    assert len(on_second) == 5, _stray_references(second)
    assert sorted(on_first + on_second) == sorted(c.reference for c in cases)  # each case once
    header = re.search(r'id="group-submitted">[^<]*<span class="count">(\d+)</span>', first)
    assert header is not None
    assert int(header.group(1)) == len(cases)  # the status's total, not the page's share
    assert 'rel="next"' in first
    assert 'rel="prev"' in second
    assert cases[0].reference in second  # newest first: the oldest case is on the last page
