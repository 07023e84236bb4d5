"""R28 (seed 000): "Als de aanvrager van de second opinion klachten heeft over de gang van zaken ..., dan
kan die zich wenden tot de klachtenregeling van de second opinion-gever." The requester may be a
practitioner (R8: a colleague or referrer, or a practitioner on his own initiative); he is a party to the
second opinion and files a complaint about how it went through the same access decision as the patient's
side (access/permissions.py FILE_COMPLAINT), follows it and opens its decision letter. A referrer who did
not ask, and a practitioner unrelated to the case, file nothing. Each complainant's side reads its own
complaints: the patient is not shown the practitioner's complaint as hers, nor he hers."""

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
from secondopinion.aftercare.models import Complaint
from secondopinion.audit.models import AccessEvent
from secondopinion.cases.services import case_submit
from secondopinion.core.errors import NotFound, NotPermitted
from secondopinion.core.roles import Role
from secondopinion.notifications.models import Notification
from tests.conftest import submit_input
from tests.performance.counting import measured
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

GRIEF = "De gever heeft mij als verwijzer niet laten weten dat het onderzoek drie maanden zou duren."
PATIENTS_GRIEF = "Niemand legde mij uit wat het onderzoek zou kosten."


def asked_by(cast, kind: str):
    """A second opinion asked for by a practitioner: a colleague as referrer (requester kind "referrer"),
    or the GP on his own initiative after consulting the patient (R8, kind "practitioner")."""
    if kind == "referrer":
        data = submit_input(cast, requester_kind="referrer", referrer_id=cast.colleague.pk)
        return case_submit(actor=cast.colleague_user, data=data, source="web"), cast.colleague_user
    data = submit_input(cast, requester_kind="practitioner", patient_consulted=True, gp_informed=True)
    return case_submit(actor=cast.gp_user, data=data, source="web"), cast.gp_user


def client_for(user, language="nl") -> Client:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def decide(officer, complaint):
    complaint_acknowledge(actor=officer, complaint_id=complaint.pk, source="web")
    complaint_start_handling(actor=officer, complaint_id=complaint.pk, source="web")
    return complaint_decide(
        actor=officer,
        complaint_id=complaint.pk,
        judgment="partly_well_founded",
        decision="De duur is niet vooraf gemeld; het onderzoek zelf was zorgvuldig.",
        source="web",
    )


@pytest.mark.parametrize("kind", ["referrer", "practitioner"])
def test_the_practitioner_who_asked_files_a_complaint_for_the_givers_scheme(cast, advance, kind):
    case, requester = asked_by(cast, kind)
    case = advance(case, "report_final")
    cast.complaints_officer.email = "klachten@mondzorgoost.example"
    cast.complaints_officer.save()

    complaint = complaint_file(actor=requester, case_id=case.pk, text=GRIEF, source="web")

    assert Role.REQUESTING_PRACTITIONER in roles_for(requester, case)
    assert (complaint.filed_by, complaint.filed_role) == (requester, "requesting_practitioner")
    assert complaint.organisation == cast.giving_practice  # the giver's organisation (R28)
    logged = AccessEvent.objects.get(case=case, data="complaint")
    assert (logged.actor, logged.action, logged.role) == (requester, "create", "requesting_practitioner")
    assert Notification.objects.filter(email="klachten@mondzorgoost.example").exists()


def test_a_referrer_who_did_not_ask_files_no_complaint(cast, submit):
    # The patient asked, on the GP's referral: the GP refers, but is not the requester.
    case = submit(referrer_id=cast.gp.pk, has_referral=True)

    with pytest.raises(NotPermitted) as refused:
        complaint_file(actor=cast.gp_user, case_id=case.pk, text=GRIEF, source="web")

    assert Role.REQUESTING_PRACTITIONER not in roles_for(cast.gp_user, case)
    assert "aanvroeg" in refused.value.detail.nl
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("kind", ["referrer", "practitioner"])
def test_an_unrelated_practitioner_and_the_giver_file_no_complaint(cast, advance, kind):
    case, _requester = asked_by(cast, kind)
    case = advance(case, "report_final")
    # The GP is unrelated to the colleague's request; the colleague to the GP's.
    unrelated = cast.gp_user if kind == "referrer" else cast.colleague_user

    with pytest.raises(NotFound):
        complaint_file(actor=unrelated, case_id=case.pk, text=GRIEF, source="web")
    with pytest.raises(NotPermitted):
        complaint_file(actor=cast.giver_user, case_id=case.pk, text=GRIEF, source="web")
    assert not Complaint.objects.exists()
    refused = client_for(unrelated).post(reverse("aftercare:complaint-file", args=[case.pk]), {"text": GRIEF})
    assert refused.status_code == 404
    assert not Complaint.objects.exists()


def test_the_requester_files_on_his_case_page_and_follows_his_complaint(cast, advance):
    case, requester = asked_by(cast, "practitioner")
    case = advance(case, "report_final")
    page_url = reverse("web:case", args=[case.pk])
    cast.giving_practice.complaint_scheme = "Klachtenregeling KNMT"
    cast.giving_practice.save()

    offered = visible_text(client_for(requester).get(page_url).content.decode())
    filed = client_for(requester).post(reverse("aftercare:complaint-file", args=[case.pk]), {"text": GRIEF})
    followed = visible_text(client_for(requester).get(page_url).content.decode())

    assert "U vroeg deze second opinion aan. Daarom kunt u een klacht indienen" in offered
    assert "Mondzorg Centrum Oost: Klachtenregeling KNMT." in offered
    assert filed.status_code == 302
    assert Complaint.objects.get().filed_role == "requesting_practitioner"
    assert GRIEF in followed
    assert "Uw klacht is ontvangen." in followed
    coordinators = visible_text(client_for(cast.coordinator).get(page_url).content.decode())
    assert "door de zorgverlener die de second opinion aanvroeg" in coordinators


def test_each_complainants_side_reads_only_its_own_complaints_and_letters(cast, advance):
    case, requester = asked_by(cast, "practitioner")
    case = advance(case, "report_final")
    theirs = decide(
        cast.complaints_officer, complaint_file(actor=requester, case_id=case.pk, text=GRIEF, source="web")
    )
    hers = decide(
        cast.complaints_officer,
        complaint_file(actor=cast.patient_user, case_id=case.pk, text=PATIENTS_GRIEF, source="web"),
    )
    page_url = reverse("web:case", args=[case.pk])

    patients_page = visible_text(client_for(cast.patient_user).get(page_url).content.decode())
    requesters_page = visible_text(client_for(requester).get(page_url).content.decode())
    officers_page = visible_text(client_for(cast.complaints_officer).get(page_url).content.decode())

    assert PATIENTS_GRIEF in patients_page
    assert GRIEF not in patients_page
    assert GRIEF in requesters_page
    assert PATIENTS_GRIEF not in requesters_page
    assert GRIEF in officers_page
    assert PATIENTS_GRIEF in officers_page

    def letter(user, complaint):
        return client_for(user).get(reverse("aftercare:complaint-letter", args=[complaint.pk]))

    own = letter(requester, theirs)
    assert (own.status_code, own["Content-Type"]) == (200, "application/pdf")
    assert letter(cast.patient_user, hers).status_code == 200
    assert letter(cast.complaints_officer, theirs).status_code == 200
    assert letter(requester, hers).status_code == 403
    assert letter(cast.patient_user, theirs).status_code == 403
    assert letter(cast.coordinator, theirs).status_code == 403
    exports = AccessEvent.objects.filter(case=case, data="complaint:letter", action="export")
    assert sorted(exports.values_list("role", flat=True)) == [
        "complaints_officer",
        "patient",
        "requesting_practitioner",
    ]


def test_the_officers_steps_tell_the_requester_and_not_the_patient(cast, advance):
    case, requester = asked_by(cast, "practitioner")
    case = advance(case, "report_final")
    requester.email = "huisarts@lombok.example"
    requester.save()
    cast.patient_user.email = "petra@example.nl"
    cast.patient_user.save()
    complaint = complaint_file(actor=requester, case_id=case.pk, text=GRIEF, source="web")
    before = set(Notification.objects.values_list("pk", flat=True))

    decide(cast.complaints_officer, complaint)

    told = list(Notification.objects.exclude(pk__in=before).values_list("email", flat=True))
    assert told == ["huisarts@lombok.example"] * 3


def test_the_requesters_case_page_reads_his_complaints_in_one_query_however_many(cast, advance):
    case, requester = asked_by(cast, "practitioner")
    case = advance(case, "report_final")
    client = client_for(requester)
    url = reverse("web:case", args=[case.pk])
    complaint_file(actor=requester, case_id=case.pk, text=GRIEF, source="web")
    client.get(url)
    one, _response, _queries = measured(lambda: client.get(url))
    for _ in range(4):
        complaint_file(actor=requester, case_id=case.pk, text="Nog een klacht over de duur.", source="web")

    five, response, queries = measured(lambda: client.get(url))

    assert response.status_code == 200
    assert five == one, queries
    assert five <= REQUESTER_CASE_PAGE, queries


# Measured: the requesting practitioner's case page with the complaints he filed, one query for them
# (the referrer's page of the fuller case in tests/performance/test_query_counts.py reads 11).
REQUESTER_CASE_PAGE = 10
