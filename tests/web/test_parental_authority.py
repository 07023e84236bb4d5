"""R8 and the WGBO on the web: the coordinator records (and withdraws) the check of a parent's
authority for a child; the parent's and the child's pages say in plain words why the parent may act,
or what is needed now; who may not record it finds nothing or is refused, and nothing changes."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondopinion.access.policy import represents
from secondopinion.access.representation import turned
from secondopinion.audit.models import AccessEvent
from secondopinion.directory.models import Representative
from tests.performance.counting import measured
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db


def age(cast, years: int) -> None:
    cast.patient.date_of_birth = turned(years, timezone.localdate()) - dt.timedelta(days=30)
    cast.patient.save(update_fields=["date_of_birth"])


@pytest.fixture
def parent(cast, a_case) -> Representative:
    age(cast, 9)
    return Representative.objects.create(user=cast.representative, patient=cast.patient, relation="parent")


def client_of(user, language="nl") -> Client:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def page_url(row) -> str:
    return reverse("web:representation-authority", args=[row.pk])


def newest_event() -> AccessEvent:
    return AccessEvent.objects.order_by("-pk").first()


GOOD = {"evidence": "gezagsregister", "note": "", "confirmed": "on"}


def test_the_coordinator_records_the_check_and_the_parent_of_a_child_under_12_may_act(cast, parent):
    client = client_of(cast.coordinator)
    assert not represents(cast.representative, cast.patient.pk)

    page = client.get(page_url(parent))
    assert page.status_code == 200
    text = visible_text(page.content.decode())
    assert "Patiënt jonger dan 12" in text
    read = newest_event()
    assert (read.action, read.data, read.patient_id) == ("read", "representation", cast.patient.pk)

    done = client.post(page_url(parent), GOOD)
    assert done.status_code == 302
    parent.refresh_from_db()
    assert parent.authority_verified_at is not None
    assert parent.authority_verified_by_name == str(cast.coordinator)
    assert parent.authority_evidence == "gezagsregister"
    assert represents(cast.representative, cast.patient.pk)
    wrote = newest_event()
    assert (wrote.action, wrote.data, wrote.patient_id) == ("update", "representation", cast.patient.pk)


@pytest.mark.parametrize(
    ("data", "label"),
    [
        ({**GOOD, "evidence": ""}, "Wat u heeft gezien"),
        ({**GOOD, "evidence": "made-up"}, "Wat u heeft gezien"),
        ({**GOOD, "evidence": "other"}, "Toelichting"),
        ({**GOOD, "note": "x" * 201}, "Toelichting"),
        ({**GOOD, "confirmed": ""}, "Ik heb gecontroleerd"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(cast, parent, data, label):
    before = newest_event().pk if newest_event() else 0
    page = client_of(cast.coordinator).post(page_url(parent), data)

    assert page.status_code == 422
    summary = visible_text(page.content.decode())
    assert "Er is een probleem" in summary
    assert label in summary
    parent.refresh_from_db()
    assert parent.authority_verified_at is None
    assert not AccessEvent.objects.filter(pk__gt=before, action="update").exists()


def test_the_coordinator_withdraws_the_check_after_confirming(cast, parent):
    client = client_of(cast.coordinator)
    client.post(page_url(parent), GOOD)
    revoke = reverse("web:representation-authority-revoke", args=[parent.pk])

    assert client.post(revoke, {}).status_code == 422
    assert represents(cast.representative, cast.patient.pk)
    assert client.post(revoke, {"confirmed": "on"}).status_code == 302
    parent.refresh_from_db()
    assert parent.authority_revoked_at is not None
    assert not represents(cast.representative, cast.patient.pk)
    assert newest_event().action == "update"


@pytest.mark.parametrize(
    ("who", "status"), [("other_coordinator", 404), ("stranger", 404), ("giver_user", 404)]
)
def test_who_is_no_coordinator_of_the_patients_organisation_finds_nothing(cast, parent, who, status):
    client = client_of(getattr(cast, who))
    before = newest_event().pk if newest_event() else 0

    assert client.get(page_url(parent)).status_code == status
    assert client.post(page_url(parent), GOOD).status_code == status
    revoke = reverse("web:representation-authority-revoke", args=[parent.pk])
    assert client.post(revoke, {"confirmed": "on"}).status_code == status
    parent.refresh_from_db()
    assert parent.authority_verified_at is None
    assert not AccessEvent.objects.filter(pk__gt=before, data="representation").exists()


@pytest.mark.parametrize("who", ["patient_user", "representative"])
def test_the_patient_and_the_parent_do_not_record_it_themselves(cast, parent, who):
    client = client_of(getattr(cast, who))
    assert client.post(page_url(parent), GOOD).status_code == 403
    parent.refresh_from_db()
    assert parent.authority_verified_at is None


def test_a_partner_or_a_patient_of_16_is_not_checked(cast, parent):
    parent.relation = "partner"
    parent.save()
    page = client_of(cast.coordinator).post(page_url(parent), GOOD)
    assert page.status_code == 422
    age(cast, 17)
    parent.relation = "parent"
    parent.save()
    page = client_of(cast.coordinator).post(page_url(parent), GOOD)
    assert page.status_code == 422
    assert "16 jaar of ouder" in visible_text(page.content.decode())


def test_the_paper_page_leads_to_the_check(cast, parent):
    found = {"bsn": cast.patient.bsn, "date_of_birth": cast.patient.date_of_birth.isoformat()}
    page = client_of(cast.coordinator).post(reverse("web:representation-paper"), found)

    assert page.status_code == 200
    assert page_url(parent) in page.content.decode()
    assert "Leg de controle van het ouderlijk gezag vast" in visible_text(page.content.decode())


def verify(parent):
    Representative.objects.filter(pk=parent.pk).update(
        authority_verified_at=timezone.now(),
        authority_verified_by_name="C",
        authority_evidence="gezagsregister",
    )


def test_the_parent_reads_why_he_may_act_in_plain_words(cast, parent):
    verify(parent)
    url = reverse("web:my-representations")

    nl = visible_text(client_of(cast.representative).get(url).content.decode())
    assert "U mag handelen voor uw kind" in nl
    assert "omdat de praktijk uw ouderlijk gezag heeft gecontroleerd" in nl
    assert not says(nl, "R8")
    en = visible_text(client_of(cast.representative, "en").get(url).content.decode())
    assert "You may act for your child" in en
    assert "because the practice has checked your parental authority" in en
    read = newest_event()
    assert (read.action, read.data, read.patient_id, read.case_id) == (
        "read",
        "representation",
        cast.patient.pk,
        None,
    )


def test_when_the_child_turns_12_the_parent_reads_what_is_needed_now(cast, parent):
    verify(parent)
    age(cast, 12)
    assert not represents(cast.representative, cast.patient.pk)

    text = visible_text(
        client_of(cast.representative).get(reverse("web:my-representations")).content.decode()
    )
    assert "12 jaar of ouder" in text
    assert "moet zelf toestemming geven" in text
    assert not says(text, "R8")


def test_when_the_child_turns_16_the_parent_reads_that_the_child_decides(cast, parent):
    verify(parent)
    age(cast, 16)
    text = visible_text(
        client_of(cast.representative).get(reverse("web:my-representations")).content.decode()
    )
    assert "16 jaar of ouder en beslist nu zelf" in text


def test_the_child_of_13_reads_what_the_parent_needs(cast, parent):
    age(cast, 13)
    text = visible_text(client_of(cast.patient_user).get(reverse("web:representatives")).content.decode())
    assert "U bent 12 jaar of ouder" in text
    assert not says(text, "R8")
    Representative.objects.filter(pk=parent.pk).update(consent_given_at=timezone.now())
    verify(parent)
    text = visible_text(client_of(cast.patient_user).get(reverse("web:representatives")).content.decode())
    assert "omdat u toestemming heeft gegeven en de praktijk het gezag heeft gecontroleerd" in text


def test_the_pages_keep_their_query_counts(cast, parent):
    coordinator = client_of(cast.coordinator)
    coordinator.get(page_url(parent))
    unverified, page, sql = measured(lambda: coordinator.get(page_url(parent)))
    assert page.status_code == 200
    verify(parent)
    verified, page, sql = measured(lambda: coordinator.get(page_url(parent)))
    assert verified == unverified, sql

    patient = client_of(cast.patient_user)
    patient.get(reverse("web:representatives"))
    one, _page, _sql = measured(lambda: patient.get(reverse("web:representatives")))
    Representative.objects.create(user=cast.stranger, patient=cast.patient, relation="guardian")
    two, _page, sql = measured(lambda: patient.get(reverse("web:representatives")))
    assert two == one, sql


def test_the_parents_page_costs_the_same_for_one_and_three_children(cast, parent):
    from tests.factories import PatientFactory

    client = client_of(cast.representative)
    url = reverse("web:my-representations")
    client.get(url)
    one, _page, _sql = measured(lambda: client.get(url))
    for name in ("Sem", "Noor"):
        child = PatientFactory(name=name, date_of_birth=cast.patient.date_of_birth)
        Representative.objects.create(user=cast.representative, patient=child, relation="parent")
    three, _page, sql = measured(lambda: client.get(url))

    assert three == one, sql
    assert AccessEvent.objects.filter(actor=cast.representative, data="representation").count() == 1 + 1 + 3


def test_the_case_page_tells_the_parent_why_he_may_act_at_no_cost(cast, parent, a_case):
    verify(parent)
    a_case.__class__.objects.filter(pk=a_case.pk).update(
        requester=cast.representative, requester_kind="representative"
    )
    client = client_of(cast.representative)
    url = reverse("web:case", args=[a_case.pk])
    client.get(url)
    checked, page, _sql = measured(lambda: client.get(url))

    text = visible_text(page.content.decode())
    assert "U mag handelen voor uw kind omdat de praktijk uw ouderlijk gezag heeft gecontroleerd." in text
    assert not says(text, "R8")
    age(cast, 20)
    Representative.objects.filter(pk=parent.pk).update(consent_given_at=timezone.now())
    adult, page, sql = measured(lambda: client.get(url))
    assert "ouderlijk gezag" not in visible_text(page.content.decode())
    assert adult == checked, sql
