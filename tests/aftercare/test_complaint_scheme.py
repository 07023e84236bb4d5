"""R28 (seed 000): a complaint about how the second opinion went goes to the complaint scheme of the
giver's organisation, also when the giver works for another organisation than the one that handles the
request. That organisation's complaints officer reads and handles it; the handling organisation's officer
and an uninvolved organisation's officer learn nothing of it. The patient's page and the report letter
name the giver's organisation's scheme."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.access.policy import roles_for
from secondopinion.aftercare.complaints import (
    complaint_acknowledge,
    complaint_decide,
    complaint_file,
    complaint_start_handling,
)
from secondopinion.aftercare.selectors import complaint_get, complaint_list
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.selectors import cases_visible_to
from secondopinion.cases.services import case_transition
from secondopinion.core.errors import NotFound
from secondopinion.core.roles import Role
from secondopinion.directory.services import independence_declare
from secondopinion.notifications.models import Notification
from secondopinion.reports.assembly import assemble_report
from tests.conftest import HAPPY_PATH, give_inform_consent
from tests.factories import OrganisationFactory, PractitionerFactory, StaffFactory, UserFactory
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

GRIEF = "Niemand vertelde mij vooraf wat het onderzoek zou kosten."
HANDLING_SCHEME = "Klachtenregeling Mondzorg Centrum Oost"
GIVERS_SCHEME = "Klachtenregeling Kaakchirurgie Noord"


@pytest.fixture
def elsewhere(cast):
    """A giver's organisation other than the handling one (the cast's giving practice), with its own
    scheme and complaints officer; the handling practice has a scheme and officer of its own."""
    cast.giving_practice.complaint_scheme = HANDLING_SCHEME
    cast.giving_practice.save()
    cast.complaints_officer.email = "klachten@mondzorgoost.example"
    cast.complaints_officer.save()
    north = OrganisationFactory(name="Kaakchirurgie Noord", city="Groningen", complaint_scheme=GIVERS_SCHEME)
    user = UserFactory(username="gevernoord")
    giver = PractitionerFactory(user=user, organisation=north, name="Gever Noord")
    officer = StaffFactory(
        organisation=north,
        function="complaints_officer",
        user=UserFactory(username="klachtennoord", email="klachten@kaakchirurgienoord.example"),
    ).user
    uninvolved = StaffFactory(
        organisation=cast.other_practice,
        function="complaints_officer",
        user=UserFactory(username="klachtengracht"),
    ).user
    return north, giver, officer, uninvolved


def given_by(cast, case, giver, target):
    """The happy path (tests/conftest.py) with `giver` assigned instead of the cast's giver; the giver
    declares independence (R10) right after assignment."""
    path = ["submitted"] + [to for to, _actor, _values in HAPPY_PATH]
    for to, actor_name, values in HAPPY_PATH[path.index(case.status) :]:
        if case.status == target:
            break
        actor = giver.user if actor_name == "giver_user" else getattr(cast, actor_name)
        data = StepInput(**{key: giver.pk if key == "giver_id" else value for key, value in values.items()})
        case = case_transition(actor=actor, case_id=case.pk, to=to, data=data, source="web")
        if to == "assigned":
            independence_declare(actor=giver.user, case_id=case.pk, statement_confirmed=True, source="web")
        if to == "informed":
            give_inform_consent(cast, case)
    assert case.status == target
    return case


def client_for(user, language="nl") -> Client:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_the_complaint_goes_to_the_givers_organisation_and_its_officer(cast, submit, elsewhere):
    north, giver, _officer, _uninvolved = elsewhere
    case = given_by(cast, submit(), giver, "in_examination")
    before = set(Notification.objects.values_list("pk", flat=True))

    complaint = complaint_file(actor=cast.patient_user, case_id=case.pk, text=GRIEF, source="web")

    assert case.organisation == cast.giving_practice
    assert (complaint.organisation, complaint.scheme) == (north, GIVERS_SCHEME)
    told = set(Notification.objects.exclude(pk__in=before).values_list("email", flat=True))
    assert "klachten@kaakchirurgienoord.example" in told
    assert "klachten@mondzorgoost.example" not in told


def test_the_givers_organisations_officer_reads_lists_and_decides_it(cast, submit, elsewhere):
    _north, giver, officer, _uninvolved = elsewhere
    case = given_by(cast, submit(), giver, "in_examination")
    complaint = complaint_file(actor=cast.patient_user, case_id=case.pk, text=GRIEF, source="web")

    assert complaint_get(user=officer, complaint_id=complaint.pk, source="web") == complaint
    assert list(complaint_list(user=officer, source="web")) == [complaint]
    assert Role.COMPLAINTS_OFFICER in roles_for(officer, case)
    assert list(cases_visible_to(officer)) == [case]
    complaint_acknowledge(actor=officer, complaint_id=complaint.pk, source="web")
    complaint_start_handling(actor=officer, complaint_id=complaint.pk, source="web")
    decided = complaint_decide(
        actor=officer,
        complaint_id=complaint.pk,
        judgment="well_founded",
        decision="De kosten zijn vooraf niet uitgelegd.",
        source="web",
    )
    assert (decided.state, decided.decided_by) == ("decided", officer)
    page = client_for(officer).get(reverse("aftercare:complaint", args=[complaint.pk]))
    assert page.status_code == 200
    assert GIVERS_SCHEME in visible_text(page.content.decode())


@pytest.mark.parametrize("who", ["handling", "uninvolved"])
def test_the_handling_and_an_uninvolved_officer_learn_nothing_of_it(cast, submit, elsewhere, who):
    _north, giver, _officer, uninvolved = elsewhere
    reader = cast.complaints_officer if who == "handling" else uninvolved
    case = given_by(cast, submit(), giver, "in_examination")
    complaint = complaint_file(actor=cast.patient_user, case_id=case.pk, text=GRIEF, source="web")

    with pytest.raises(NotFound):
        complaint_get(user=reader, complaint_id=complaint.pk, source="web")
    with pytest.raises(NotFound):
        complaint_acknowledge(actor=reader, complaint_id=complaint.pk, source="web")
    assert list(complaint_list(user=reader, source="web")) == []
    assert roles_for(reader, case) == frozenset()
    assert not cases_visible_to(reader).exists()
    refused = client_for(reader).get(reverse("web:case", args=[case.pk]))
    assert refused.status_code == 404
    assert cast.patient.name not in visible_text(refused.content.decode(), "body")


def test_before_a_giver_is_assigned_the_handling_organisations_scheme_takes_it(cast, a_case, elsewhere):
    complaint = complaint_file(actor=cast.patient_user, case_id=a_case.pk, text=GRIEF, source="web")

    assert (complaint.organisation, complaint.scheme) == (cast.giving_practice, HANDLING_SCHEME)
    assert complaint_get(user=cast.complaints_officer, complaint_id=complaint.pk, source="web") == complaint


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "nl",
            f"Uw klacht gaat naar de klachtenregeling van de organisatie van de second opinion-gever, "
            f"Kaakchirurgie Noord: {GIVERS_SCHEME}.",
        ),
        (
            "en",
            f"Your complaint goes to the complaint scheme of the second-opinion giver's organisation, "
            f"Kaakchirurgie Noord: {GIVERS_SCHEME}.",
        ),
    ],
)
def test_the_patients_page_names_the_givers_scheme(cast, submit, elsewhere, language, said):
    _north, giver, _officer, _uninvolved = elsewhere
    case = given_by(cast, submit(), giver, "in_examination")

    page = client_for(cast.patient_user, language).get(reverse("web:case", args=[case.pk]))

    text = visible_text(page.content.decode())
    assert said in text
    assert HANDLING_SCHEME not in text


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_report_letter_names_the_givers_scheme(cast, submit, elsewhere, language):
    _north, giver, _officer, _uninvolved = elsewhere
    case = given_by(cast, submit(), giver, "report_final")

    sealed = case.report.sealed_content["letter"]
    closing = " ".join(assemble_report(case, language).closing)

    assert sealed["complaints"] == {"organisation": "Kaakchirurgie Noord", "scheme": GIVERS_SCHEME}
    assert "complaint_scheme" not in sealed["organisation"]
    assert f"Kaakchirurgie Noord: {GIVERS_SCHEME}." in closing
    assert HANDLING_SCHEME not in closing


def test_a_letter_sealed_before_version_4_still_names_the_scheme_it_sealed(cast, submit, elsewhere):
    _north, giver, _officer, _uninvolved = elsewhere
    case = given_by(cast, submit(), giver, "report_final")
    content = case.report.sealed_content  # as seal version 3 stored it, changed in memory only
    letter = content["letter"]
    del letter["complaints"]
    letter["organisation"]["complaint_scheme"] = HANDLING_SCHEME
    content["seal_version"] = 3

    closing = " ".join(assemble_report(case, "nl").closing)

    assert f"{cast.giving_practice.name}: {HANDLING_SCHEME}." in closing
