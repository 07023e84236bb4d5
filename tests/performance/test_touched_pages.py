"""The pages and endpoints this round added read in a fixed number of queries, however long their
lists: the security log over the API and the coordinator's team page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secondopinion.api.models import ApiToken
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _queries(call) -> int:
    call()  # the first request of a session also checks the e-mail address once
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def test_the_security_log_reads_in_the_same_queries_for_3_and_30_events(cast, a_case):
    _token, secret = ApiToken.issue(user=cast.complaints_officer, name="tests")
    officer = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    stranger = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user=cast.stranger, name='t')[1]}")

    def probe(times: int) -> None:
        for _ in range(times):
            stranger.get(f"/api/v1/cases/{a_case.pk}")

    def read() -> None:
        assert officer.get("/api/v1/security-log").status_code == 200

    probe(3)
    few = _queries(read)
    probe(27)
    many = _queries(read)

    assert few == many


def test_the_team_page_reads_in_the_same_queries_for_2_and_12_colleagues(cast):
    client = Client()
    client.force_login(cast.coordinator)

    def read() -> None:
        assert client.get(reverse("web:staff")).status_code == 200

    few = _queries(read)
    for index in range(10):
        StaffFactory(organisation=cast.giving_practice, user=UserFactory(username=f"collega-{index}"))
    many = _queries(read)

    assert few == many
