"""R14 over the API: GET and POST /api/v1/cases/{id}/outside-copies, the web panel's equivalent. The
coordinator records a copy of the final report that went to an agreed recipient outside the portal;
the patient, the representative, the giver and the coordinator list them; the checks and their
field-naming errors are the web form's (distribution/copies.py); every read and recording is
access-logged; a coordinator of another organisation gets 404 and changes nothing."""

import pytest
from django.db.models import Max
from django.utils import timezone

from secondopinion.audit.models import AccessEvent
from secondopinion.distribution.copies import outside_copy_record
from secondopinion.distribution.models import OutsideCopy
from tests.conftest import walk
from tests.performance.counting import measured

pytestmark = pytest.mark.django_db

DOCTOR = "Dr. M. Bakker, huisarts"
# The token with its user's identity, the case with its patient, the access-log event, the copies with
# who recorded them.
LIST_QUERIES = 4


@pytest.fixture
def final(cast, submit):
    return walk(cast, submit(), "report_final", informed={"copy_recipients": "Huisarts dr. Bakker, per post"})


def _path(case) -> str:
    return f"/api/v1/cases/{case.pk}/outside-copies".removeprefix("/api/v1")


def _body(**overrides) -> dict:
    return {
        "recipient_name": DOCTOR,
        "channel": "post",
        "sent_on": timezone.localdate().isoformat(),
    } | overrides


def _newest_event() -> AccessEvent:
    return AccessEvent.objects.get(pk=AccessEvent.objects.aggregate(last=Max("pk"))["last"])


def test_the_coordinator_records_a_copy_and_the_patient_lists_it(cast, final, api_as):
    response = api_as("coordinator", "en").post(
        _path(final), _body(recipient_name="  Dr. M.  Bakker, huisarts ")
    )

    assert response.status_code == 201, response.content
    made = response.json()
    assert (made["recipient_name"], made["channel"], made["channel_label"]) == (DOCTOR, "post", "by post")
    assert made["sent_on"] == timezone.localdate().isoformat()
    copy = OutsideCopy.objects.get(case=final)
    assert (copy.pk, copy.recorded_by) == (made["id"], cast.coordinator)
    event = _newest_event()
    assert (event.action, event.data, event.source, event.role) == (
        "create",
        "report:outside-copy",
        "api",
        "coordinator",
    )

    listed = api_as("patient_user").get(_path(final))

    assert listed.status_code == 200
    assert [(c["id"], c["recipient_name"], c["channel_label"]) for c in listed.json()] == [
        (copy.pk, DOCTOR, "per post")
    ]
    event = _newest_event()
    assert (event.action, event.data, event.source, event.role, event.case_id) == (
        "read",
        "report:outside-copy",
        "api",
        "patient",
        final.pk,
    )


@pytest.mark.parametrize("who", ["patient_user", "giver_user", "coordinator"])
def test_those_who_read_the_distribution_list_the_copies(cast, final, api_as, who):
    outside_copy_record(
        actor=cast.coordinator,
        case_id=final.pk,
        recipient_name=DOCTOR,
        channel="secure_email",
        sent_on=timezone.localdate(),
        source="web",
    )

    response = api_as(who).get(_path(final))

    assert response.status_code == 200
    assert [c["channel"] for c in response.json()] == ["secure_email"]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"recipient_name": "   "}, "recipient_name", "Vul in aan wie de kopie ging."),
        ({"recipient_name": "x" * 201}, "recipient_name", "te lang"),
        ({"channel": "fax"}, "channel", ""),
        ({"sent_on": "2999-01-01"}, "sent_on", "in de toekomst"),
        ({"sent_on": "2000-01-01"}, "sent_on", "vóór de dag waarop het rapport definitief werd"),
        ({"sent_on": "gisteren"}, "sent_on", ""),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(final, api_as, overrides, field, words):
    response = api_as("coordinator").post(_path(final), _body(**overrides))

    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem.get("field") == field or field in problem.get("fields", [])
    assert words in problem["detail"]
    assert not OutsideCopy.objects.exists()


def test_before_the_report_is_final_nothing_is_recorded(cast, submit, api_as):
    draft = walk(cast, submit(), "report_draft")

    response = api_as("coordinator", "en").post(_path(draft), _body())

    assert response.status_code == 409
    assert response.json()["detail"] == "A copy is recorded only once the report is final."
    assert not OutsideCopy.objects.exists()


@pytest.mark.parametrize("who", ["patient_user", "giver_user", "treating_user"])
def test_only_the_coordinator_records_one(cast, final, api_as, who):
    response = api_as(who).post(_path(final), _body())

    assert response.status_code == 403
    assert not OutsideCopy.objects.exists()


def test_a_coordinator_of_another_organisation_gets_404_and_changes_nothing(cast, final, api_as):
    outside_copy_record(
        actor=cast.coordinator,
        case_id=final.pk,
        recipient_name=DOCTOR,
        channel="post",
        sent_on=timezone.localdate(),
        source="web",
    )
    before = AccessEvent.objects.aggregate(last=Max("pk"))["last"]

    listed = api_as("other_coordinator").get(_path(final))
    made = api_as("other_coordinator").post(_path(final), _body(recipient_name="Iemand anders"))

    assert (listed.status_code, made.status_code) == (404, 404)
    assert DOCTOR not in listed.content.decode()
    assert list(OutsideCopy.objects.values_list("recipient_name", flat=True)) == [DOCTOR]
    assert not AccessEvent.objects.filter(pk__gt=before, actor=cast.other_coordinator).exists()


def test_the_list_reads_one_copy_and_four_in_the_same_queries(cast, final, api_as):
    client = api_as("patient_user")
    client.get(_path(final))  # the token's first use is recorded once

    def record(name: str) -> None:
        outside_copy_record(
            actor=cast.coordinator,
            case_id=final.pk,
            recipient_name=name,
            channel="post",
            sent_on=timezone.localdate(),
            source="web",
        )

    record(DOCTOR)
    one, response, queries = measured(lambda: client.get(_path(final)))
    for name in ("Kaakchirurg dr. Smit", "Tandarts Jansen", "Bedrijfsarts dr. Pieters"):
        record(name)
    four, response, _queries = measured(lambda: client.get(_path(final)))

    assert response.status_code == 200
    assert len(response.json()) == 4
    assert one == four, queries
    assert one <= LIST_QUERIES, queries


def test_the_openapi_document_describes_both_operations(client):
    document = client.get("/api/v1/openapi.json").json()
    operations = document["paths"]["/api/v1/cases/{case_id}/outside-copies"]
    schemas = document["components"]["schemas"]

    assert set(operations) == {"get", "post"}
    for operation in operations.values():
        assert "R14" in operation["description"]
        for status in ("401", "403", "404", "422"):
            problem = operation["responses"][status]["content"]["application/problem+json"]
            assert problem["schema"] == {"$ref": "#/components/schemas/Problem"}
    body = operations["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert set(schemas[body.rsplit("/", 1)[-1]]["required"]) == {"recipient_name", "channel", "sent_on"}
    assert schemas["OutsideCopyChannel"]["enum"] == ["post", "secure_email", "handed_to_patient"]
    assert "409" in operations["post"]["responses"]
