"""R28: where a complaint goes, and who handles it there. The complaints officer role is granted per
case, but every read and step on a complaint is for the officer of the organisation it went to: an
officer whose organisation received one complaint on a case learns nothing of another that went
elsewhere. The giver's organisation is the one the giver gave the second opinion for, fixed when the
giver was assigned; an organisation without a complaints officer in the system does not take the
complaint (the handling organisation does). Complaints filed before the organisation was stored stay
with the handling organisation (migration 0003). A refused attempt on a complaint names the
organisation it went to."""

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from secondopinion.access.policy import roles_for
from secondopinion.aftercare.complaints import (
    complaint_acknowledge,
    complaint_decide,
    complaint_file,
    complaint_start_handling,
)
from secondopinion.aftercare.models import Complaint
from secondopinion.aftercare.selectors import complaint_get, complaint_letter, complaint_list
from secondopinion.audit.models import SecurityEvent
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import case_get
from secondopinion.core.errors import NotFound
from secondopinion.core.roles import Role
from secondopinion.notifications.models import Notification
from tests.aftercare.test_complaint_scheme import (  # noqa: F401 (elsewhere is a fixture)
    GIVERS_SCHEME,
    HANDLING_SCHEME,
    client_for,
    elsewhere,
    given_by,
)
from tests.factories import OrganisationFactory, PractitionerFactory, StaffFactory, UserFactory
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

EARLY = "Ik heb drie weken niets gehoord na mijn aanvraag."
LATE = "De gever legde de kosten vooraf niet uit."


def _decided(officer, complaint: Complaint) -> Complaint:
    complaint_acknowledge(actor=officer, complaint_id=complaint.pk, source="web")
    complaint_start_handling(actor=officer, complaint_id=complaint.pk, source="web")
    return complaint_decide(
        actor=officer,
        complaint_id=complaint.pk,
        judgment="partly_well_founded",
        decision="De termijn is niet gehaald; de uitleg was wel volledig.",
        source="web",
    )


@pytest.fixture
def two_complaints(cast, submit, elsewhere):  # noqa: F811 (the imported fixture)
    """One complaint filed before a giver was assigned (to the handling organisation's scheme) and one
    after the giver of another organisation was (to that organisation's scheme), both decided."""
    north, giver, north_officer, _uninvolved = elsewhere
    case = submit()
    early = complaint_file(actor=cast.patient_user, case_id=case.pk, text=EARLY, source="web")
    case = given_by(cast, case, giver, "in_examination")
    late = complaint_file(actor=cast.patient_user, case_id=case.pk, text=LATE, source="web")
    assert (early.organisation, late.organisation) == (cast.giving_practice, north)
    return case, _decided(cast.complaints_officer, early), _decided(north_officer, late), north_officer


def test_each_officer_reads_and_decides_only_the_complaint_that_went_to_their_organisation(
    cast, two_complaints
):
    case, early, late, north_officer = two_complaints
    for officer, own, foreign in ((cast.complaints_officer, early, late), (north_officer, late, early)):
        assert Role.COMPLAINTS_OFFICER in roles_for(officer, case)
        assert complaint_get(user=officer, complaint_id=own.pk, source="web") == own
        assert complaint_letter(user=officer, complaint_id=own.pk, source="web")[0] == own
        with pytest.raises(NotFound):
            complaint_get(user=officer, complaint_id=foreign.pk, source="web")
        with pytest.raises(NotFound):
            complaint_letter(user=officer, complaint_id=foreign.pk, source="web")
        assert [c.pk for c in complaint_list(user=officer, source="web")] == [own.pk]


def test_an_officer_takes_no_step_on_a_complaint_that_went_elsewhere(cast, submit, elsewhere):  # noqa: F811 (the imported fixture)
    _north, giver, north_officer, _uninvolved = elsewhere
    case = submit()
    early = complaint_file(actor=cast.patient_user, case_id=case.pk, text=EARLY, source="web")
    case = given_by(cast, case, giver, "in_examination")
    late = complaint_file(actor=cast.patient_user, case_id=case.pk, text=LATE, source="web")

    with pytest.raises(NotFound):
        complaint_acknowledge(actor=cast.complaints_officer, complaint_id=late.pk, source="web")
    with pytest.raises(NotFound):
        complaint_acknowledge(actor=north_officer, complaint_id=early.pk, source="web")
    assert set(Complaint.objects.values_list("state", flat=True)) == {Complaint.State.RECEIVED}


def test_the_officers_pages_answer_a_foreign_complaint_as_a_strangers(cast, two_complaints):
    case, _early, late, _north_officer = two_complaints
    client = client_for(cast.complaints_officer)

    assert client.get(reverse("aftercare:complaint", args=[late.pk])).status_code == 404
    assert client.get(reverse("aftercare:complaint-letter", args=[late.pk])).status_code == 404
    page = client.get(reverse("web:case", args=[case.pk]))
    assert page.status_code == 200
    shown = visible_text(page.content.decode())
    assert EARLY in shown
    assert LATE not in shown


def test_the_complaint_goes_where_the_giver_gave_the_opinion_after_he_moves(cast, submit, elsewhere):  # noqa: F811 (the imported fixture)
    north, giver, north_officer, _uninvolved = elsewhere
    case = given_by(cast, submit(), giver, "closed")
    # A directory import later moves the giver to a practice with an officer of its own.
    giver.organisation = cast.other_practice
    giver.save()
    gracht_officer: Any = StaffFactory(
        organisation=cast.other_practice, function="complaints_officer", user=UserFactory(username="gracht2")
    ).user

    complaint = complaint_file(actor=cast.patient_user, case_id=case.pk, text=LATE, source="web")

    assert (complaint.organisation, complaint.scheme) == (north, GIVERS_SCHEME)
    assert complaint_get(user=north_officer, complaint_id=complaint.pk, source="web") == complaint
    assert roles_for(gracht_officer, case) == frozenset()
    with pytest.raises(NotFound):
        case_get(user=gracht_officer, case_id=case.pk, source="web")


def test_migration_0011_keeps_the_givers_organisation_of_existing_cases(cast, submit, elsewhere):  # noqa: F811 (the imported fixture)
    north, giver, _officer, _uninvolved = elsewhere
    case = given_by(cast, submit(), giver, "assigned")
    SecondOpinionCase.objects.filter(pk=case.pk).update(giver_organisation=None)
    untouched = submit()

    importlib.import_module("secondopinion.cases.migrations.0011_giver_organisation").from_the_directory(
        apps, None
    )

    assert SecondOpinionCase.objects.get(pk=case.pk).giver_organisation == north
    assert SecondOpinionCase.objects.get(pk=untouched.pk).giver_organisation is None


def test_a_givers_organisation_without_an_officer_leaves_the_complaint_with_the_handling_one(cast, submit):
    cast.giving_practice.complaint_scheme = HANDLING_SCHEME
    cast.giving_practice.save()
    cast.complaints_officer.email = "klachten@mondzorgoost.example"
    cast.complaints_officer.save()
    solo = OrganisationFactory(
        name="Tandartspraktijk Solo", city="Zwolle", complaint_scheme="Klachtenregeling KNMT"
    )
    giver = PractitionerFactory(user=UserFactory(username="solo"), organisation=solo, name="Solo")
    case = given_by(cast, submit(), giver, "in_examination")
    page = client_for(cast.patient_user).get(reverse("web:case", args=[case.pk]))
    before = set(Notification.objects.values_list("pk", flat=True))

    complaint = complaint_file(actor=cast.patient_user, case_id=case.pk, text=LATE, source="web")

    assert (complaint.organisation, complaint.scheme) == (cast.giving_practice, HANDLING_SCHEME)
    told = set(Notification.objects.exclude(pk__in=before).values_list("email", flat=True))
    assert "klachten@mondzorgoost.example" in told
    assert complaint_get(user=cast.complaints_officer, complaint_id=complaint.pk, source="web") == complaint
    shown = visible_text(page.content.decode())
    assert (
        "Uw klacht gaat naar de klachtenregeling van Mondzorg Centrum Oost, de organisatie die deze second "
        f"opinion regelt: {HANDLING_SCHEME}." in shown
    )
    assert "Klachtenregeling KNMT" not in shown


def test_migration_0003_leaves_an_earlier_complaint_with_the_handling_organisation(cast, submit, elsewhere):  # noqa: F811 (the imported fixture)
    _north, giver, _officer, _uninvolved = elsewhere
    case = given_by(cast, submit(), giver, "in_examination")
    complaint = complaint_file(actor=cast.patient_user, case_id=case.pk, text=LATE, source="web")

    importlib.import_module(
        "secondopinion.aftercare.migrations.0003_complaint_organisation"
    ).to_the_handling_scheme(apps, None)

    complaint.refresh_from_db()
    assert complaint.organisation == cast.giving_practice


def test_a_refused_attempt_on_a_complaint_names_the_organisation_it_went_to(cast, submit, elsewhere):  # noqa: F811 (the imported fixture)
    north, giver, _officer, _uninvolved = elsewhere
    case = given_by(cast, submit(), giver, "in_examination")
    complaint = complaint_file(actor=cast.patient_user, case_id=case.pk, text=LATE, source="web")
    client = Client(secure=True)
    client.force_login(cast.other_coordinator)
    path = f"/complaints/{complaint.pk}/"

    assert client.get(path).status_code == 404

    event = (
        SecurityEvent.objects.filter(actor=cast.other_coordinator, path=path)
        .exclude(kind="security_read")
        .get()
    )
    assert (event.target_kind, event.target_id, event.target_organisation) == (
        "complaint",
        complaint.pk,
        north,
    )
