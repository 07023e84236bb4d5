"""R8 and the WGBO on every path: a parent of a child asks, reads the case and is told of it by the
age rule (access/representation.py); the staff's blocked step cites R8 with the age reason; the
API records the check and shows the basis; FHIR's RelatedPerson carries it."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from secondopinion.access.representation import turned
from secondopinion.api.models import ApiToken
from secondopinion.audit.models import AccessEvent
from secondopinion.cases.selectors import case_get
from secondopinion.cases.services import case_submit
from secondopinion.cases.snapshot import case_snapshot
from secondopinion.core.errors import NotFound, RuleBlocked
from secondopinion.directory.models import Representative
from secondopinion.notifications.services import _case_people
from secondopinion.protocols.shared import R8
from tests.conftest import submit_input

pytestmark = pytest.mark.django_db


def age(cast, years: int) -> None:
    cast.patient.date_of_birth = turned(years, timezone.localdate()) - dt.timedelta(days=30)
    cast.patient.save(update_fields=["date_of_birth"])


def parent(cast, **fields) -> Representative:
    return Representative.objects.create(
        user=cast.representative, patient=cast.patient, relation="parent", **fields
    )


CHECKED = {
    "authority_verified_at": timezone.now,
    "authority_verified_by_name": "C",
    "authority_evidence": "other",
}


def checked() -> dict:
    return {key: value() if callable(value) else value for key, value in CHECKED.items()}


def submit(cast):
    return case_submit(
        actor=cast.representative, data=submit_input(cast, requester_kind="representative"), source="web"
    )


def test_the_parent_of_a_9_year_old_asks_on_the_checked_authority_alone(cast):
    age(cast, 9)
    parent(cast, **checked())

    case = submit(cast)

    assert case_get(user=cast.representative, case_id=case.pk, source="web")[1] == frozenset(
        {"representative"}
    )
    assert cast.representative in _case_people(case)
    assert case_snapshot(case).representative_consent


def test_without_the_check_the_rule_says_why_with_the_age(cast):
    age(cast, 9)
    parent(cast)

    with pytest.raises(RuleBlocked) as blocked:
        submit(cast)

    assert blocked.value.rule_ids == ["R8"]
    assert "jonger dan 12" in blocked.value.violations[0].detail.nl


@pytest.mark.parametrize(
    ("years", "fields", "words"),
    [
        (
            13,
            {},
            "Nog nodig: de toestemming van het kind en het door de praktijk gecontroleerde ouderlijk gezag",
        ),
        (
            13,
            {"consent_given_at": timezone.now},
            "Nog nodig: het door de praktijk gecontroleerde ouderlijk gezag",
        ),
        (16, CHECKED, "16 jaar of ouder en beslist zelf"),
    ],
)
def test_the_blocked_step_names_what_the_age_needs(cast, years, fields, words):
    from secondopinion.protocols.snapshot import CaseSnapshot

    age(cast, years)
    row = parent(cast, **{key: value() if callable(value) else value for key, value in fields.items()})
    from secondopinion.access.representation import facts_of, parental_facts

    band, consent, authority = parental_facts(facts_of(row.user_id, row.patient_id))
    snapshot = CaseSnapshot(
        protocol="dental-knmt",
        status="submitted",
        requester_kind="representative",
        representative_age=band,
        representative_patient_consent=consent,
        representative_authority=authority,
    )

    assert words in R8.check(snapshot, "submit").nl


def test_on_the_12th_birthday_the_parent_acting_on_authority_alone_loses_the_case(cast):
    age(cast, 9)
    parent(cast, **checked())
    case = submit(cast)
    age(cast, 12)

    with pytest.raises(NotFound):
        case_get(user=cast.representative, case_id=case.pk, source="web")
    assert cast.representative not in _case_people(case)

    Representative.objects.filter(user=cast.representative).update(consent_given_at=timezone.now())
    assert case_get(user=cast.representative, case_id=case.pk, source="web")[1] == frozenset(
        {"representative"}
    )


def test_on_the_16th_birthday_the_checked_authority_counts_no_more(cast):
    age(cast, 15)
    parent(cast, consent_given_at=timezone.now(), **checked())
    case = submit(cast)
    assert cast.representative in _case_people(case)
    Representative.objects.filter(user=cast.representative).update(consent_given_at=None)
    age(cast, 16)

    with pytest.raises(NotFound):
        case_get(user=cast.representative, case_id=case.pk, source="web")
    assert cast.representative not in _case_people(case)


def api(user) -> Client:
    token = ApiToken.issue(user=user, name="t")[1]
    return Client(secure=True, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_api_records_and_withdraws_the_check_and_shows_the_basis(cast, a_case):
    age(cast, 9)
    row = parent(cast)
    client = api(cast.coordinator)
    url = f"/api/v1/representatives/{row.pk}/authority"

    bad = client.post(url, {"evidence": "hearsay", "confirmed": True}, content_type="application/json")
    assert bad.status_code == 422
    assert "evidence" in bad.content.decode()
    unconfirmed = client.post(url, {"evidence": "gezagsregister"}, content_type="application/json")
    assert unconfirmed.status_code == 422
    assert "confirmed" in unconfirmed.content.decode()
    row.refresh_from_db()
    assert row.authority_verified_at is None

    done = client.post(
        url, {"evidence": "gezagsregister", "confirmed": True}, content_type="application/json"
    )
    assert done.status_code == 200
    body = done.json()
    assert (body["basis"], body["authority_verified"], body["consent_in_force"]) == (
        "parental_authority",
        True,
        True,
    )
    assert body["authority_verified_by"] == str(cast.coordinator)
    event = AccessEvent.objects.order_by("-pk").first()
    assert (event.action, event.data, event.patient_id) == ("update", "representation", cast.patient.pk)

    listed = api(cast.patient_user).get("/api/v1/patients/me/representatives").json()
    assert [(r["basis"], r["authority_verified"]) for r in listed] == [("parental_authority", True)]

    withdrawn = client.post(f"{url}/revoke")
    assert withdrawn.status_code == 200
    assert (withdrawn.json()["basis"], withdrawn.json()["consent_in_force"]) == (None, False)


@pytest.mark.parametrize(
    ("who", "status"), [("other_coordinator", 404), ("stranger", 404), ("patient_user", 403)]
)
def test_the_api_hides_or_refuses_the_check_and_nothing_changes(cast, a_case, who, status):
    age(cast, 9)
    row = parent(cast)
    before = AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    answer = api(getattr(cast, who)).post(
        f"/api/v1/representatives/{row.pk}/authority",
        {"evidence": "gezagsregister", "confirmed": True},
        content_type="application/json",
    )

    assert answer.status_code == status
    assert answer["Content-Type"].startswith("application/problem+json")
    row.refresh_from_db()
    assert row.authority_verified_at is None
    assert not AccessEvent.objects.filter(pk__gt=before, data="representation").exists()
