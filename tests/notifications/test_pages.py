"""The notification list ("Meldingen"), marking read (htmx and plain POST), the unread badge and the
e-mail settings page."""

import pytest
from django.urls import reverse

from secondopinion.aftercare.services import message_send
from secondopinion.audit.models import AccessEvent
from secondopinion.notifications.models import Alert, Preference
from secondopinion.notifications.views import PAGE
from tests.web.conftest import html

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def badge(page: str) -> str:
    start = page.index('id="unread-badge"')
    return page[start : page.index("</span>", start)]


def test_the_list_shows_the_patients_news_newest_first_without_the_message(login, cast, represented, advance):
    advance(represented, "accepted")
    message_send(actor=cast.coordinator, case_id=represented.pk, body="Kies 36 wordt bekeken.", source="web")
    client = login(cast.patient_user)

    page = html(client.get(reverse("notifications:list")))

    assert page.index("Nieuw bericht bij second opinion") < page.index("is nu: Geaccepteerd")
    assert represented.reference in page
    assert "Kies 36" not in page
    assert reverse("web:case", args=[represented.pk]) in page
    assert "2" in badge(page)


def test_reading_the_list_is_one_search_event_of_the_access_log(login, cast, represented, advance):
    advance(represented, "accepted")
    client = login(cast.patient_user)

    client.get(reverse("notifications:list"))

    event = AccessEvent.objects.get(actor=cast.patient_user, data="notification-list")
    assert (event.action, event.role, event.patient) == ("search", "patient", cast.patient)


def test_an_empty_list_says_so_and_logs_nothing(login, cast):
    client = login(cast.stranger)

    page = html(client.get(reverse("notifications:list")))

    assert "Er zijn geen meldingen voor u." in page
    assert not AccessEvent.objects.filter(actor=cast.stranger).exists()


def test_the_home_page_shows_the_unread_count_in_the_menu(login, cast, represented, advance):
    advance(represented, "assigned")
    client = login(cast.gp_user)

    page = html(client.get(reverse("web:home")))

    assert "2" in badge(page)
    assert "ongelezen" in badge(page)


def test_marking_one_read_with_htmx_answers_the_entry_and_the_new_count(login, cast, represented, advance):
    advance(represented, "assigned")
    first, second = Alert.objects.filter(recipient=cast.patient_user).order_by("pk")
    client = login(cast.patient_user)

    response = client.post(reverse("notifications:read", args=[first.pk]), **HTMX)

    first.refresh_from_db()
    assert first.read_at is not None
    second.refresh_from_db()
    assert second.read_at is None
    fragment = html(response)
    assert f'id="alert-{first.pk}"' in fragment
    assert 'hx-swap-oob="true"' in fragment
    assert ">1<" in badge(fragment)
    assert "<html" not in fragment


def test_marking_one_read_without_htmx_goes_back_to_the_list(login, cast, represented, advance):
    advance(represented, "accepted")
    alert = Alert.objects.get(recipient=cast.patient_user)
    client = login(cast.patient_user)

    response = client.post(reverse("notifications:read", args=[alert.pk]), {"next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    alert.refresh_from_db()
    assert alert.read_at is not None


def test_another_users_notification_is_not_found_and_stays_unread(login, cast, represented, advance):
    advance(represented, "accepted")
    theirs = Alert.objects.get(recipient=cast.patient_user)
    client = login(cast.representative)

    response = client.post(reverse("notifications:read", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_marks_only_ones_own(login, cast, represented, advance):
    advance(represented, "assigned")
    client = login(cast.patient_user)

    response = client.post(reverse("notifications:read-all"))

    assert response.status_code == 302
    assert not Alert.objects.filter(recipient=cast.patient_user, read_at__isnull=True).exists()
    assert Alert.objects.filter(recipient=cast.representative, read_at__isnull=True).count() == 2
    assert badge(html(client.get(reverse("notifications:list")))).endswith(">")  # no number left


def test_a_representative_whose_consent_was_revoked_no_longer_sees_the_entries(
    login, cast, represented, advance
):
    from django.utils import timezone

    from secondopinion.directory.models import Representative

    advance(represented, "accepted")
    Representative.objects.filter(user=cast.representative).update(consent_revoked_at=timezone.now())
    client = login(cast.representative)

    page = html(client.get(reverse("notifications:list")))

    assert represented.reference not in page


def test_the_list_is_paged(login, cast, represented):
    Alert.objects.bulk_create(
        [Alert(recipient=cast.patient_user, case=represented, kind="status", status="submitted")] * (PAGE + 3)
    )
    client = login(cast.patient_user)

    first = html(client.get(reverse("notifications:list")))
    second = html(client.get(reverse("notifications:list"), {"page": 2}))

    assert first.count('class="card alert') == PAGE
    assert second.count('class="card alert') == 3
    assert 'rel="next"' in first


def test_the_settings_page_saves_the_choices(login, cast):
    client = login(cast.patient_user)
    assert "Wij hebben geen e-mailadres van u" in html(client.get(reverse("notifications:preferences")))

    response = client.post(reverse("notifications:preferences"), {"email_messages": "on", "language": "en"})

    assert response.status_code == 302
    preference = Preference.objects.get(user=cast.patient_user)
    assert (preference.email_status, preference.email_messages) == (False, True)
    cast.patient_user.refresh_from_db()
    assert cast.patient_user.preferred_language == "en"


def test_a_bad_language_is_refused_naming_the_field_and_changes_nothing(login, cast):
    client = login(cast.patient_user)

    response = client.post(reverse("notifications:preferences"), {"email_status": "on", "language": "xx"})

    assert response.status_code == 422
    assert "Taal van de e-mails" in html(response)
    assert not Preference.objects.filter(user=cast.patient_user).exists()
