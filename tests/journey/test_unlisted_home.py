"""A request whose own practitioner the patient named in her own words waits at the practice until its
coordinator links him (journey.UnlistedRequest): no case exists yet, so the home page, which lists
cases, left it out. It is shown on the home page of the patient and of the representative who sent it,
in plain words, decided and logged as her other requests are; nobody else's home shows it, and once
linked it shows as its case."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.services import case_submit
from secondopinion.journey.unlisted import unlisted_link
from tests.conftest import representation_in_force, submit_input
from tests.journey.unlisted_world import QUESTION, waiting_request
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

HOME = reverse("web:home")


def _newest_event_id() -> int:
    """The id of the newest access-log event so far (ids are not counts: the log outlives flushes)."""
    return AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def home_of(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return visible_text(response.content.decode())


def test_the_patient_sees_her_waiting_request_on_her_home_page_in_plain_words(client, cast):
    waiting_request(cast)

    home = home_of(client, cast.patient_user)

    assert "Aanvraag bij Mondzorg Centrum Oost" in home
    assert "Verstuurd: de praktijk zoekt de behandelaar op" in home
    assert "Uw behandelaar staat nog niet in onze lijst. De praktijk zoekt uw behandelaar eerst op." in home
    assert f"Uw vraag: {QUESTION[:60]}" in home
    assert "J. de Boer, Tandartspraktijk Het Anker" in home
    assert "U heeft nog geen second opinion aangevraagd." not in home
    for internal in ("R10", "dental-knmt", "unlisted", "submitted", "Ingediend"):
        assert not says(home, internal), internal


def test_reading_it_is_logged_as_her_list_of_requests(client, cast):
    waiting = waiting_request(cast)
    before = _newest_event_id()

    home_of(client, cast.patient_user)

    read = AccessEvent.objects.filter(pk__gt=before, actor=cast.patient_user).get()
    assert (read.action, read.data, read.role, read.basis) == ("search", "case-list", "patient", "patient")
    assert (read.patient, read.case, read.on_behalf_of) == (waiting.patient, None, "")


def test_it_stands_beside_her_cases(client, cast):
    case = case_submit(actor=cast.patient_user, data=submit_input(cast), source="web")
    waiting_request(cast)

    home = home_of(client, cast.patient_user)

    assert case.reference in home
    assert "Verstuurd: de praktijk zoekt de behandelaar op" in home


def test_her_representative_sees_the_request_he_sent_for_her_and_so_does_she(client, cast):
    representation_in_force(cast)
    waiting_request(cast, by_representative=True)
    before = _newest_event_id()

    theirs = home_of(client, cast.representative)
    hers = home_of(client, cast.patient_user)

    assert "Voor Petra de Vries" in theirs
    assert "De behandelaar van de patiënt staat nog niet in onze lijst." in theirs
    assert f"Vraag: {QUESTION[:60]}" in theirs
    assert "Aanvraag bij Mondzorg Centrum Oost" in hers
    read = AccessEvent.objects.filter(pk__gt=before, actor=cast.representative).get()
    assert (read.role, read.patient, read.on_behalf_of) == ("representative", cast.patient, "Petra de Vries")


def test_a_representative_whose_consent_was_revoked_sees_it_no_longer(client, cast):
    representation = representation_in_force(cast)
    waiting_request(cast, by_representative=True)
    representation.consent_revoked_at = timezone.now()
    representation.save()
    before = _newest_event_id()

    home = home_of(client, cast.representative)

    assert "Mondzorg Centrum Oost" not in home
    assert "Petra de Vries" not in home
    assert not AccessEvent.objects.filter(pk__gt=before, actor=cast.representative).exists()


@pytest.mark.parametrize(
    "who", ["other_patient_user", "stranger", "giver_user", "coordinator", "treating_user"]
)
def test_nobody_elses_home_shows_it(client, cast, who):
    waiting_request(cast)
    before = _newest_event_id()

    home = home_of(client, getattr(cast, who))

    assert "Verstuurd: de praktijk zoekt de behandelaar op" not in home
    assert "Petra de Vries" not in home
    assert not AccessEvent.objects.filter(pk__gt=before, patient=cast.patient).exists()


def test_once_linked_it_shows_as_its_case(client, cast):
    waiting = waiting_request(cast)
    case = unlisted_link(
        actor=cast.coordinator, request_id=waiting.pk, practitioner_id=cast.treating.pk, source="web"
    )

    home = home_of(client, cast.patient_user)

    assert case.reference in home
    assert "Verstuurd: de praktijk zoekt de behandelaar op" not in home


def test_it_reads_in_english(client, cast):
    waiting_request(cast)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    home = home_of(client, cast.patient_user)

    assert "Request to Mondzorg Centrum Oost" in home
    assert "Sent: the practice looks up the practitioner" in home
    assert "Your practitioner is not yet in our list." in home
    assert not says(home, "Verstuurd")
