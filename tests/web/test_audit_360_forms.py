"""Found walking every role's journey at 360 px (an outside tester's audit): what a form says when it
is sent back, and what each role's home page offers it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def summaries(response) -> int:
    return response.content.decode().count('class="error-summary"')


@pytest.mark.parametrize("who", ["patient_user", "coordinator"])
def test_a_consent_sent_without_its_purpose_says_so_once_in_its_own_section(client, cast, a_case, who):
    client.force_login(getattr(cast, who))

    response = client.post(reverse("web:consent-add", args=[a_case.pk]), {})

    assert response.status_code == 422
    assert summaries(response) == 1


def test_a_collegial_notice_sent_empty_says_so_once_in_its_own_section(client, cast, a_case, advance):
    case = advance(a_case, "in_examination")
    client.force_login(cast.giver_user)

    response = client.post(reverse("web:notice-send", args=[case.pk]), {"text": ""})

    assert response.status_code == 422
    assert summaries(response) == 1
