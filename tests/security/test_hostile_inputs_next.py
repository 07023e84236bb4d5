"""Hostile `next` values: where the product sends the browser after marking notifications read and after
a login step. A value that is no path of this site ("abc", a date, a number, a NUL, an invalid byte)
used to reach redirect(), which took it for a view's name and crashed (500). Now: back to the list or
home, the action itself still done, never another site."""

import pytest
from django.urls import reverse

from secondopinion.notifications.models import Alert

pytestmark = pytest.mark.django_db

NOT_A_PATH = ["abc", "zzz", "-1", "9223372036854775808", "NaN", "0000-00-00", "2026-12-05T10:00", "ab\x00cd"]
ELSEWHERE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "javascript:alert(1)",
]


@pytest.fixture
def alert(cast, a_case):
    return Alert.objects.create(
        recipient=cast.patient_user, case=a_case, kind=Alert.Kind.STATUS, status="accepted"
    )


@pytest.mark.parametrize("target", NOT_A_PATH + ELSEWHERE)
def test_marking_one_read_with_a_next_that_is_no_path_goes_back_to_the_list(client, cast, alert, target):
    client.force_login(cast.patient_user)

    response = client.post(reverse("notifications:read", args=[alert.pk]), {"next": target})

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    alert.refresh_from_db()
    assert alert.read_at is not None


@pytest.mark.parametrize("target", NOT_A_PATH)
def test_marking_all_read_with_a_next_that_is_no_path_goes_back_to_the_list(client, cast, alert, target):
    client.force_login(cast.patient_user)

    response = client.post(reverse("notifications:read-all"), {"next": target})

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    alert.refresh_from_db()
    assert alert.read_at is not None


def test_an_invalid_byte_in_next_goes_back_to_the_list(client, cast, alert):
    client.force_login(cast.patient_user)

    response = client.post(
        reverse("notifications:read-all"),
        "next=%ED%A0%80%FF",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")


def test_a_path_of_this_site_is_still_where_marking_read_goes_back_to(client, cast, alert):
    client.force_login(cast.patient_user)
    back = reverse("notifications:list") + "?page=2"

    response = client.post(reverse("notifications:read", args=[alert.pk]), {"next": back})

    assert response.status_code == 302
    assert response["Location"] == back


@pytest.mark.parametrize("target", NOT_A_PATH + ELSEWHERE)
def test_a_login_step_with_a_next_that_is_no_path_goes_home(client, cast, target):
    """The code step and the profile page send someone who needs neither on to `next`."""
    client.force_login(cast.patient_user)

    for name in ("web:otp-verify", "web:otp-enrol", "patient-profile"):
        response = client.get(reverse(name), {"next": target})

        assert response.status_code == 302, name
        assert response["Location"] == reverse("web:home"), name


def test_a_login_step_still_goes_on_to_a_path_of_this_site(client, cast, a_case):
    client.force_login(cast.patient_user)
    case_page = reverse("web:case", args=[a_case.pk])

    response = client.get(reverse("web:otp-verify"), {"next": case_page})

    assert response["Location"] == case_page
