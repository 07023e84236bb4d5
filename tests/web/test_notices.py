import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
NOTICE = "Het behandelplan noemt geen alternatieven; bespreek dat met de patiënt."


def test_the_giver_writes_a_notice_on_the_case_page_and_the_treating_dentist_finds_it(
    client, cast, a_case, advance
):
    case = advance(a_case, "in_examination")
    client.force_login(cast.giver_user)
    assert "Collegiale melding (R6)" in client.get(reverse("web:case", args=[case.pk])).content.decode()

    sent = client.post(reverse("web:notice-send", args=[case.pk]), {"text": NOTICE})
    client.force_login(cast.treating_user)
    inbox = client.get(reverse("web:notices")).content.decode()
    client.force_login(cast.patient_user)
    patient_page = client.get(reverse("web:case", args=[case.pk])).content.decode()

    assert sent.status_code == 302
    assert NOTICE in inbox
    assert NOTICE not in patient_page
    assert "Collegiale melding" not in patient_page
