"""R14: the copies sent outside the portal cost the case page one query, and only where there are any
to show (the case's own read says whether there are, cases/selectors.py): the page reads in the same
number of queries for one copy as for four, and a case without copies keeps the counts of
test_query_counts.py."""

import pytest
from django.urls import reverse
from django.utils import timezone

from secondopinion.distribution.copies import outside_copy_record
from tests.performance.counting import client_for, measured
from tests.performance.test_query_counts import CASE_PAGE

pytestmark = pytest.mark.django_db

# The roles that read the copies (access/permissions.py READ_OUTSIDE_COPIES) pay one query for them.
READERS = ("patient_user", "representative", "giver_user", "coordinator")


def _record(cast, case, name: str) -> None:
    outside_copy_record(
        actor=cast.coordinator,
        case_id=case.pk,
        recipient_name=name,
        channel="post",
        sent_on=timezone.localdate(),
        source="web",
    )


def _count(client, url) -> tuple[int, str, str]:
    count, response, queries = measured(lambda: client.get(url))
    assert response.status_code == 200
    return count, response.content.decode(), queries


@pytest.mark.parametrize("who", sorted(CASE_PAGE))
def test_the_case_page_reads_one_copy_and_four_in_the_same_queries(cast, full_case, who):
    client = client_for(getattr(cast, who))
    url = reverse("web:case", args=[full_case.pk])
    client.get(url)  # the other side's messages are marked read once
    _record(cast, full_case, "Dr. M. Bakker, huisarts")
    one, page, queries = _count(client, url)
    for name in ("Kaakchirurg dr. Smit", "Tandarts Jansen", "Bedrijfsarts dr. Pieters"):
        _record(cast, full_case, name)
    four, page, _queries = _count(client, url)

    assert one == four, queries
    assert one <= CASE_PAGE[who] + (1 if who in READERS else 0), queries
    assert ("Tandarts Jansen" in page) is (who in READERS)
