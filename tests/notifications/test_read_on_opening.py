"""Opening a case's page marks what was new in that case read: the reader's own unread entries of
that case, in one query whatever their number; other cases' entries and other people's stay unread."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secondopinion.notifications.models import Alert
from secondopinion.notifications.selectors import unread_count

pytestmark = pytest.mark.django_db


def unread(user, case) -> int:
    return Alert.objects.filter(recipient=user, case=case, read_at__isnull=True).count()


def open_page(client, case) -> int:
    """Opens the case page; how many queries that took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("web:case", kwargs={"case_id": case.pk}))
    assert response.status_code == 200
    return len(queries)


def test_opening_a_case_marks_the_readers_entries_of_that_case_read(
    client, cast, represented, submit, advance
):
    advance(represented, "assigned")
    other = advance(submit(), "accepted")
    assert unread(cast.patient_user, represented) == 2
    client.force_login(cast.patient_user)

    open_page(client, represented)

    assert unread(cast.patient_user, represented) == 0
    assert unread(cast.patient_user, other) == 1  # another case's entry is not read by this page
    assert unread(cast.representative, represented) == 2  # nor someone else's
    assert unread_count(cast.patient_user) == 1


def test_the_menu_on_the_opened_page_no_longer_counts_that_cases_entries(client, cast, represented, advance):
    advance(represented, "accepted")
    client.force_login(cast.representative)

    page = client.get(reverse("web:case", kwargs={"case_id": represented.pk}))

    assert page.status_code == 200
    assert Alert.objects.filter(recipient=cast.representative, read_at__isnull=True).count() == 0


def test_a_case_one_may_not_see_marks_nothing_and_stays_not_found(client, cast, represented, advance):
    advance(represented, "accepted")
    client.force_login(cast.other_patient_user)

    response = client.get(reverse("web:case", kwargs={"case_id": represented.pk}))

    assert response.status_code == 404
    assert unread(cast.patient_user, represented) == 1


def test_marking_read_on_opening_costs_the_same_queries_for_one_entry_or_many(
    client, cast, represented, submit, advance
):
    client.force_login(cast.coordinator)
    advance(represented, "accepted")  # the coordinator took the step: no entry of their own
    open_page(client, represented)  # the first page of a login reads what later pages find in the session
    Alert.objects.create(recipient=cast.coordinator, case=represented, kind="message")
    one = open_page(client, represented)
    Alert.objects.bulk_create(
        [Alert(recipient=cast.coordinator, case=represented, kind="message") for _ in range(12)]
    )

    many = open_page(client, represented)

    assert many == one
    assert unread(cast.coordinator, represented) == 0
