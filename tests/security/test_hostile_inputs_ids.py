"""Ids in a page's address beyond any database row. Django's `int` converter takes any number of
digits: `/cases/9223372036854775808/` (2**63) reached the views, whose queries failed in the database
driver with an OverflowError, a 500 ("Er ging iets mis"), on the case page, every step and panel form
of a case, the conformance page and the access log of a patient. Now every such address is the
product's 404 page, before any view runs, for everyone, and nothing is written."""

import re

import pytest
from django.test import Client

from secondopinion.notifications.models import Alert
from secondopinion.web.middleware import MAX_ID
from tests.access.matrix_calls import url_patterns

pytestmark = pytest.mark.django_db

HUGE = [str(MAX_ID + 1), str(2**64), "9" * 30]


def web_routes_with_ids() -> list[str]:
    return sorted(
        route
        for route, _name in url_patterns()
        if "<int:" in route and not route.startswith(("admin/", "api/", "fhir/"))
    )


@pytest.mark.parametrize("who", ["coordinator", "patient_user", "giver_user"])
def test_every_page_with_an_id_beyond_any_row_is_not_found(cast, a_case, who):
    client = Client(raise_request_exception=False)
    client.force_login(getattr(cast, who))
    routes = web_routes_with_ids()
    assert len(routes) > 50

    failures = []
    for route in routes:
        for value in HUGE:
            path = "/" + re.sub(r"<int:\w+>", value, route).replace("<str:token>", "x" * 40)
            for method in ("get", "post"):
                status = getattr(client, method)(path).status_code
                if status != 404:
                    failures.append((method, path, status))

    assert failures == []


def test_the_404_is_the_products_page_in_dutch_and_marks_nothing_read(cast, a_case):
    Alert.objects.create(recipient=cast.coordinator, case=a_case, kind=Alert.Kind.STATUS, status="submitted")
    client = Client()
    client.force_login(cast.coordinator)

    response = client.get(f"/cases/{MAX_ID + 1}/")

    assert response.status_code == 404
    assert "Niet gevonden" in response.content.decode()
    assert Alert.objects.filter(read_at__isnull=True).count() == 1


def test_the_largest_id_a_row_can_have_is_still_looked_up(cast, a_case):
    client = Client()
    client.force_login(cast.coordinator)

    assert client.get(f"/cases/{MAX_ID}/").status_code == 404  # no such case, but asked for
    assert client.get(f"/cases/{a_case.pk}/").status_code == 200
